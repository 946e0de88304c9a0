// The end user's own account under /api/my-account and /api/verifications. Its routes arrive with the
// Account API issue; today it answers its health routes behind the gateway's tenant check.
import type { BackendConfig } from '@idp/config';
import type { Database } from '@idp/db';
import { createService, type App } from '@idp/server-kit';

export type Deps = { config: BackendConfig; database: Database };

export function buildApp({ config, database }: Deps): App {
  return createService({
    name: 'account-api',
    logLevel: config.LOG_LEVEL,
    internalSecret: config.INTERNAL_SECRET,
    readiness: [database.ping],
  });
}
