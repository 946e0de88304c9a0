import { databaseOptions } from '@idp/config';
import { createDatabase } from '@idp/db';
import { runService } from '@idp/server-kit';
import { buildApp, loadExperienceApiConfig } from './app.ts';

const config = loadExperienceApiConfig();
const database = createDatabase(config.DATABASE_URL, databaseOptions(config));
await runService(buildApp({ config, database }), {
  port: config.PORT,
  host: config.HOST,
  socketPath: config.SOCKET_PATH,
  onClosed: database.close,
  shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
});
