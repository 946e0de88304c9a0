import { runBackendService } from '@idp/server-kit/run-backend-service';
import { buildApp, loadExperienceApiConfig } from './app.ts';

await runBackendService(loadExperienceApiConfig(), buildApp);
