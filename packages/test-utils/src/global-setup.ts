import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '@idp/db/setup';

// Vitest global setup: tests use the PostgreSQL named by TEST_DATABASE_URL or DATABASE_URL (an
// administrative connection they create their own databases through); without one, a throwaway
// embedded PostgreSQL is started for the run, so `pnpm test` passes on a machine with no server.
export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  if (process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL) {
    return undefined;
  }
  const dataDir = await mkdtemp(path.join(tmpdir(), 'idp-test-pg-'));
  const server = await startEmbeddedPostgres({ dataDir });
  process.env.TEST_DATABASE_URL = server.url;
  return async () => {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
