// The OpenID Provider at /oidc: one oidc-provider per tenant, persisted in PostgreSQL, plus the
// internal interaction API the experience service finishes sign-ins through. This file is its
// route table.
import { createLogWriter, tenantIssuers, type Database } from '@idp/db';
import { createOutbound, parseAllowList } from '@idp/outbound';
import { createBackendService, type App } from '@idp/server-kit';
import { listenForChangesWhileOpen, type ServiceChangeListener } from '@idp/server-kit/change-listener';
import { deleteExpired } from './adapter/postgres-adapter.ts';
import { createFreshness } from './cache/tenant-cache.ts';
import type { OidcConfig } from './config.ts';
import { createTenantProviders } from './provider/tenant-providers.ts';
import { registerAccountRoutes } from './routes/account-routes.ts';
import { registerInteractionRoutes } from './routes/interaction-routes.ts';
import { registerInternalSessionRoutes } from './routes/internal-session-routes.ts';
import { registerInternalTokenRoutes } from './routes/internal-token-routes.ts';
import { registerProviderRoutes } from './routes/provider-routes.ts';

export { loadOidcConfig, OidcConfigSchema, type OidcConfig } from './config.ts';

export type Deps = { config: OidcConfig; database: Database };

const cleanupIntervalMs = 10 * 60 * 1000;

export function buildApp({ config, database }: Deps): App {
  const app = createBackendService('oidc', config, database);
  let listener: ServiceChangeListener | undefined;
  const fresh = createFreshness(() => listener?.sync());
  const auditLog = createLogWriter(database.db, {
    onError: (error) => app.log.error({ err: error }, 'audit log entries could not be written'),
  });
  app.addHook('onClose', () => auditLog.close());
  const providers = createTenantProviders({
    db: database.db,
    // OIDC_ALLOW_PRIVATE_FETCH is the older, all-or-nothing form of OUTBOUND_ALLOW_HOSTS.
    outbound: createOutbound(parseAllowList(config.OIDC_ALLOW_PRIVATE_FETCH ? '*' : config.OUTBOUND_ALLOW_HOSTS)),
    log: app.log,
    issuers: tenantIssuers(config),
    fresh,
    auditLog,
  });

  // Keys, clients, resources and role grants are cached in memory; another process changing them
  // (the Management API, a key rotation) reaches every replica through PostgreSQL notifications,
  // and a token request first waits until those committed before it have arrived.
  listener = listenForChangesWhileOpen(app, config.DATABASE_URL, (change) => providers.invalidate(change));

  // Expired codes, tokens, sessions and interactions are deleted in the background, in batches;
  // replicas running it at once skip each other's locked rows.
  const cleanup = setInterval(() => {
    deleteExpired(database.db).catch((error: unknown) => app.log.warn({ err: error }, 'expired row cleanup failed'));
  }, cleanupIntervalMs);
  cleanup.unref();
  app.addHook('onClose', async () => clearInterval(cleanup));

  registerInteractionRoutes(app, { providers, db: database.db });
  registerAccountRoutes(app, { db: database.db });
  registerInternalTokenRoutes(app, { providers, db: database.db });
  registerInternalSessionRoutes(app, { db: database.db });
  registerProviderRoutes(app, { providers });
  return app;
}
