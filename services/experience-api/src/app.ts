// The sign-in, registration and password-reset flows under /api/experience. Its routes arrive with the
// Experience API issue; today it answers its health routes behind the gateway's tenant check.
import type { BackendConfig } from '@idp/config';
import type { Database } from '@idp/db';
import { createBackendService, type App } from '@idp/server-kit';

export type Deps = { config: BackendConfig; database: Database };

export function buildApp({ config, database }: Deps): App {
  return createBackendService('experience-api', config, database);
}
