import { runBackendService } from '@idp/server-kit/run-backend-service';
import { buildApp } from './app.ts';
import { loadWebhooksConfig } from './config.ts';

await runBackendService(loadWebhooksConfig(), buildApp);
