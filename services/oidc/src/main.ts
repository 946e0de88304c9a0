import { runBackendService } from '@idp/server-kit/run-backend-service';
import { buildApp } from './app.ts';
import { loadOidcConfig } from './config.ts';

await runBackendService(loadOidcConfig(), buildApp);
