import { runService } from '@idp/server-kit';
import { adminListener, buildApp, defaultListener, loadGatewayConfig } from './app.ts';

const config = loadGatewayConfig();
const userEndpoint = buildApp(config, defaultListener);
const adminEndpoint = buildApp(config, adminListener);

await Promise.all([
  runService(userEndpoint, { port: config.PORT, host: config.HOST, shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS }),
  runService(adminEndpoint, { port: config.ADMIN_PORT, host: config.HOST, shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS }),
]);
