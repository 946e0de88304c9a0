import { runBackendService } from '@idp/server-kit/run-backend-service';
import { buildApp } from './app.ts';
import { loadAccountApiConfig } from './config.ts';

await runBackendService(loadAccountApiConfig(), buildApp);
