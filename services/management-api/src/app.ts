// The Management API: everything under /api that is neither the Experience API nor the Account API.
// This file is its route table.
import { createAccessTokenVerifier, createTenantKeyCache } from '@idp/access-tokens';
import { createMessageSender } from '@idp/connectors';
import { tenantIssuers, type Database } from '@idp/db';
import { createOutbound, parseAllowList } from '@idp/outbound';
import { createBackendService, recordRoutes, type App } from '@idp/server-kit';
import { listenForChangesWhileOpen } from '@idp/server-kit/change-listener';
import { defaultProtectedAppDomain, type ManagementApiConfig } from './config.ts';
import { registerAuthentication } from './plugins/authentication.ts';
import { createUserListIndexCache } from './libraries/user-list-index.ts';
import { registerAccountCenterRoutes } from './routes/account-center.ts';
import { registerApplicationRoutes } from './routes/applications/index.ts';
import { registerConfigRoutes } from './routes/configs.ts';
import { registerConnectorFactoryRoutes } from './routes/connector-factories.ts';
import { registerConnectorRoutes } from './routes/connectors.ts';
import { registerCustomPhraseRoutes } from './routes/custom-phrases.ts';
import { registerDashboardRoutes } from './routes/dashboard.ts';
import { registerLogRoutes } from './routes/logs.ts';
import { registerMeRoutes } from './routes/me.ts';
import { registerOpenApiRoutes } from './routes/openapi.ts';
import { registerOrganizationInvitationRoutes } from './routes/organization-invitations.ts';
import { registerOrganizationRoutes } from './routes/organizations/index.ts';
import { findConnectorRows } from './queries/connectors.ts';
import { registerResourceRoutes } from './routes/resources.ts';
import { registerRoleRoutes } from './routes/roles/index.ts';
import { registerSentinelActivityRoutes } from './routes/sentinel-activities.ts';
import { registerSignInExperienceRoutes } from './routes/sign-in-experience.ts';
import { registerStatusRoute } from './routes/status.ts';
import { registerUserAssetRoutes } from './routes/user-assets.ts';
import { registerUserRoutes } from './routes/users/index.ts';
import { registerWellKnownRoutes } from './routes/well-known.ts';
import { registerHookRoutes } from './routes/hooks/index.ts';

export { loadManagementApiConfig, ManagementApiConfigSchema, type ManagementApiConfig } from './config.ts';

export type Deps = { config: ManagementApiConfig; database: Database };

export function buildApp({ config, database }: Deps): App {
  const app = createBackendService('management-api', config, database);
  recordRoutes(app);
  const { db } = database;

  // Signing keys are cached per tenant; a rotation anywhere reaches every replica through
  // PostgreSQL notifications.
  const keys = createTenantKeyCache(db);
  // The user list's totals and positions, per tenant (see libraries/user-list-index.ts).
  const listener = listenForChangesWhileOpen(app, config.DATABASE_URL, (change) => {
    if (change.table === 'logto_configs' || change.table === '*') keys.invalidate(change.tenantId);
    if (change.table === 'users' || change.table === '*') userLists.invalidate(change.tenantId);
  });
  const userLists = createUserListIndexCache(db, () => listener.sync());
  registerAuthentication(app, createAccessTokenVerifier(keys, tenantIssuers(config)), { integrationTest: config.INTEGRATION_TEST });

  // The route table: every group of routes, each given what it needs.
  const protectedAppDomain = config.PROTECTED_APP_DOMAIN ?? defaultProtectedAppDomain;
  // Connector tests and social sign-ins reach providers only through the deployment's outbound guard.
  const outbound = createOutbound(parseAllowList(config.OUTBOUND_ALLOW_HOSTS));
  registerStatusRoute(app);
  registerWellKnownRoutes(app, { db });
  registerApplicationRoutes(app, { db, protectedAppDomain });
  registerUserRoutes(app, { db, userLists, outbound });
  registerRoleRoutes(app, { db });
  registerResourceRoutes(app, { db });
  registerSignInExperienceRoutes(app, { db });
  registerConfigRoutes(app, { db });
  registerCustomPhraseRoutes(app, { db });
  registerLogRoutes(app, { db });
  registerConnectorFactoryRoutes(app, { db, outbound });
  registerConnectorRoutes(app, { db, outbound });
  registerSentinelActivityRoutes(app, { db });
  registerAccountCenterRoutes(app, { db });
  registerMeRoutes(app, { db });
  registerOrganizationRoutes(app, { db });
  // Invitation emails go through the tenant's email connector, as the other services' codes do.
  const sender = createMessageSender({ findConnectors: (tenantId) => findConnectorRows(db, tenantId), outbound, log: app.log });
  registerOrganizationInvitationRoutes(app, { db, sender });
  registerUserAssetRoutes(app, { config });
  registerDashboardRoutes(app, { db });
  registerHookRoutes(app, { db, outbound });
  registerOpenApiRoutes(app);
  return app;
}
