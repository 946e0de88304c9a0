import { runBackendService } from '@idp/server-kit/run-backend-service';
import { buildApp, loadManagementApiConfig } from './app.ts';

await runBackendService(loadManagementApiConfig(), buildApp);
