// The OpenID Provider at /oidc. Its protocol endpoints arrive with the OIDC issue; today it answers
// its health routes behind the gateway's tenant check.
import type { BackendConfig } from '@idp/config';
import type { Database } from '@idp/db';
import { createBackendService, type App } from '@idp/server-kit';

export type Deps = { config: BackendConfig; database: Database };

export function buildApp({ config, database }: Deps): App {
  return createBackendService('oidc', config, database);
}
