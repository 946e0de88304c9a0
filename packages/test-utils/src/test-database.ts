import { randomBytes } from 'node:crypto';
import { createDatabase, type Database } from '@idp/db';
import { migrate, seed, type SeedOptions } from '@idp/db/setup';
import pg from 'pg';

export function adminDatabaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!url) {
    throw new Error('TEST_DATABASE_URL is unset: run tests through vitest with the @idp/test-utils global setup');
  }
  return url;
}

export function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function runAdmin(sql: string, adminUrl = adminDatabaseUrl()): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export type TestDatabase = Database & { url: string; name: string; drop(): Promise<void> };

// Every test file gets a database of its own, created fresh and dropped afterwards, so no test
// ever sees what an earlier run (or a neighbouring test file) left behind.
export async function createTestDatabase(
  options: { migrate?: boolean; seed?: boolean | SeedOptions; adminUrl?: string } = {},
): Promise<TestDatabase> {
  const adminUrl = options.adminUrl ?? adminDatabaseUrl();
  const name = `idp_test_${randomBytes(6).toString('hex')}`;
  await runAdmin(`create database ${name}`, adminUrl);
  const url = withDatabaseName(adminUrl, name);
  if (options.migrate ?? true) {
    await migrate(url, () => {});
  }
  const database = createDatabase(url, { max: 5 });
  if (options.seed) {
    await seed(database.db, options.seed === true ? {} : options.seed);
  }
  return {
    ...database,
    url,
    name,
    async drop() {
      await database.close();
      await runAdmin(`drop database if exists ${name} with (force)`, adminUrl);
    },
  };
}
