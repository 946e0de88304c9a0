// The Management API: everything under /api that is neither the Experience API nor the Account API.
// This file is its route table.
import type { BackendConfig } from '@idp/config';
import type { Database } from '@idp/db';
import { createBackendService, type App } from '@idp/server-kit';
import { registerStatusRoute } from './routes/status.ts';
import { registerWellKnownRoutes } from './routes/well-known.ts';

export type Deps = { config: BackendConfig; database: Database };

export function buildApp({ config, database }: Deps): App {
  const app = createBackendService('management-api', config, database);
  registerStatusRoute(app);
  registerWellKnownRoutes(app, database.db);
  return app;
}
