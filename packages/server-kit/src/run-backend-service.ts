// What every backend service's `main` does: open its database pool (sized and bounded by the
// service's settings), build the app, serve until SIGTERM, then close the pool. A subpath export
// (`@idp/server-kit/run-backend-service`) because it needs @idp/db, which the gateway must not bundle.
import { databaseOptions, type BackendConfig } from '@idp/config';
import { createDatabase, type Database } from '@idp/db';
import type { App } from './create-service.ts';
import { runService } from './run-service.ts';

export async function runBackendService<Config extends BackendConfig>(
  config: Config,
  buildApp: (deps: { config: Config; database: Database }) => App,
): Promise<void> {
  const database = createDatabase(config.DATABASE_URL, databaseOptions(config));
  await runService(buildApp({ config, database }), {
    port: config.PORT,
    host: config.HOST,
    socketPath: config.SOCKET_PATH,
    onClosed: database.close,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  });
}
