import { createDatabase } from '@idp/db';
import { runService } from '@idp/server-kit';
import { buildApp, loadManagementApiConfig } from './app.ts';

const config = loadManagementApiConfig();
const database = createDatabase(config.DATABASE_URL, { max: config.DATABASE_POOL_SIZE });
await runService(buildApp({ config, database }), { port: config.PORT, host: config.HOST, socketPath: config.SOCKET_PATH, onClosed: database.close });
