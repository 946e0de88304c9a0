import { BackendConfigSchema, loadConfig } from '@idp/config';
import { runBackendService } from '@idp/server-kit/run-backend-service';
import { buildApp } from './app.ts';

await runBackendService(loadConfig(BackendConfigSchema), buildApp);
