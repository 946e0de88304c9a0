// The Experience API under /api/experience: sign-in, registration and password reset, finished
// through the oidc service's internal interaction API. This file is its route table.
import type { Database } from '@idp/db';
import { createBackendService, type App } from '@idp/server-kit';
import type { ExperienceApiConfig } from './config.ts';
import { createMessageSender } from './experience/message-sender.ts';
import { createOidcInteractionClient } from './experience/oidc-interaction.ts';
import { registerInteractionRoutes } from './routes/interaction.ts';
import { registerSocialRoutes } from './routes/social.ts';
import { registerSubmissionRoutes } from './routes/submission.ts';
import { registerVerificationRoutes } from './routes/verification.ts';

export { ExperienceApiConfigSchema, loadExperienceApiConfig, type ExperienceApiConfig } from './config.ts';

export type Deps = { config: ExperienceApiConfig; database: Database };

export function buildApp({ config, database }: Deps): App {
  const app = createBackendService('experience-api', config, database);
  const { db } = database;
  const client = createOidcInteractionClient(config.OIDC_URL, config.INTERNAL_SECRET);
  registerInteractionRoutes(app, db, client);
  registerVerificationRoutes(app, db, client, createMessageSender(db, app.log));
  registerSocialRoutes(app, db, client);
  registerSubmissionRoutes(app, db, client);
  return app;
}
