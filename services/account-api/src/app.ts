// The Account API under /api/my-account and /api/verifications: signed-in end users manage their
// own account with an access token of the tenant's OP, as far as the account center settings
// allow. This file is its route table.
import { createMessageSender } from '@idp/connectors';
import { adminTenantId, type Database } from '@idp/db';
import { createSecretBox } from '@idp/mfa';
import { createOutbound, parseAllowList } from '@idp/outbound';
import { createBackendService, type App } from '@idp/server-kit';
import type { AccountApiConfig } from './config.ts';
import { createAccessTokenResolver } from './libraries/access-tokens.ts';
import { createOidcSessions } from './libraries/oidc-sessions.ts';
import { registerAuthentication } from './plugins/authentication.ts';
import { findConnectorsByTenantId } from './queries/connectors.ts';
import { deleteExpiredRecords } from './queries/verification-records.ts';
import { registerIdentityRoutes } from './routes/identities.ts';
import { registerMfaVerificationRoutes } from './routes/mfa-verifications.ts';
import { registerMyAccountRoutes } from './routes/my-account.ts';
import { registerPrimaryIdentifierRoutes } from './routes/primary-identifiers.ts';
import { registerCeremonyRoutes } from './routes/verifications-ceremonies.ts';
import { registerSessionRoutes } from './routes/sessions.ts';
import { registerTrustedDeviceRoutes } from './routes/trusted-devices.ts';
import { registerUserAssetRoutes } from './routes/user-assets.ts';
import { registerVerificationRoutes } from './routes/verifications.ts';

export { AccountApiConfigSchema, loadAccountApiConfig, type AccountApiConfig } from './config.ts';

export type Deps = { config: AccountApiConfig; database: Database };

const cleanupIntervalMs = 60 * 60 * 1000;

export function buildApp({ config, database }: Deps): App {
  const app = createBackendService('account-api', config, database);
  const { db } = database;
  const tokens = createAccessTokenResolver(config.OIDC_URL, config.INTERNAL_SECRET, { socketPath: config.OIDC_SOCKET });
  app.addHook('onClose', () => tokens.close());
  const sessions = createOidcSessions(config.OIDC_URL, config.INTERNAL_SECRET, { socketPath: config.OIDC_SOCKET });
  app.addHook('onClose', () => sessions.close());
  // Connectors reach SMTP servers, SMS endpoints and social providers only through the deployment's outbound guard.
  const outbound = createOutbound(parseAllowList(config.OUTBOUND_ALLOW_HOSTS));
  const { send } = createMessageSender({ findConnectors: (tenantId) => findConnectorsByTenantId(db, tenantId), outbound, log: app.log });

  // Verification records long expired are deleted in the background.
  const cleanup = setInterval(() => {
    deleteExpiredRecords(db).catch((error: unknown) => app.log.warn({ err: error }, 'expired verification record cleanup failed'));
  }, cleanupIntervalMs);
  cleanup.unref();
  app.addHook('onClose', async () => clearInterval(cleanup));

  registerAuthentication(app, { db, tokens });
  registerMyAccountRoutes(app, { db, tokens });
  registerPrimaryIdentifierRoutes(app, { db });
  registerSessionRoutes(app, { db, sessions, tokens });
  registerMfaVerificationRoutes(app, { db, secretBox: createSecretBox(db, config.SECRET_ENCRYPTION_KEY) });
  registerIdentityRoutes(app, { db });
  registerVerificationRoutes(app, { db, send });
  registerCeremonyRoutes(app, {
    db,
    outbound,
    log: app.log,
    endpointOf: (tenantId) => (tenantId === adminTenantId ? config.ADMIN_ENDPOINT : config.ENDPOINT),
  });
  registerTrustedDeviceRoutes(app, { db });
  registerUserAssetRoutes(app, { config });
  return app;
}
