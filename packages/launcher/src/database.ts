import path from 'node:path';
import { createDatabase } from '@idp/db';
import { migrate, seed, startEmbeddedPostgres } from '@idp/db/setup';
import { endpoints, type LauncherConfig } from './config.ts';

export type OpenedDatabase = {
  url: string;
  /** What the services on this host connect with: the embedded server's Unix socket when it has one. */
  serviceUrl: string;
  stop(): Promise<void>;
};

/** The given PostgreSQL, or the embedded server under the data folder, started for as long as needed. */
export async function openDatabase(config: LauncherConfig, log: (line: string) => void): Promise<OpenedDatabase> {
  if (config.DATABASE_URL) {
    return { url: config.DATABASE_URL, serviceUrl: config.DATABASE_URL, stop: async () => {} };
  }
  const started = Date.now();
  const server = await startEmbeddedPostgres({ dataDir: config.DATA_DIR });
  log(`embedded PostgreSQL started in ${Date.now() - started} ms (data in ${path.join(config.DATA_DIR, 'postgres')})`);
  return { url: server.url, serviceUrl: server.socketUrl ?? server.url, stop: () => server.stop() };
}

export async function seedDatabase(url: string, config: LauncherConfig, log: (line: string) => void): Promise<void> {
  const database = createDatabase(url, { max: 1 });
  try {
    await seed(database.db, {
      ...endpoints(config),
      signingKeyType: config.SIGNING_KEY_TYPE,
      ...(config.MOCK_CONNECTORS ? { mockConnectorFolder: path.join(config.DATA_DIR, 'mock-connectors') } : {}),
      log,
    });
  } finally {
    await database.close();
  }
}

/** The URL without its password; a socket URL (`postgres://user@/db?host=/folder`) is no WHATWG URL, so shown as a socket. */
function shownUrl(url: string): string {
  if (!URL.canParse(url)) return 'PostgreSQL through a Unix socket';
  const shown = new URL(url);
  shown.password = shown.password ? '***' : '';
  return shown.toString();
}

// Start-up's database steps: open it, apply every migration, then the idempotent seed.
export async function prepareDatabase(config: LauncherConfig, log: (line: string) => void): Promise<OpenedDatabase> {
  const database = await openDatabase(config, log);
  log(`database: ${shownUrl(database.url)}`);
  try {
    await migrate(database.url, log);
    await seedDatabase(database.url, config, log);
  } catch (error) {
    await database.stop();
    throw error;
  }
  return database;
}
