// Everything under /api/applications: the apps themselves and, one file each, their roles, secrets,
// user consent scopes, protected-app custom domains and users' consent organizations.
import type { Db } from '@idp/db';
import type { App } from '@idp/server-kit';
import { registerApplicationCoreRoutes } from './applications.ts';
import { registerConsentOrganizationRoutes } from './consent-organizations.ts';
import { registerProtectedAppCustomDomainRoutes } from './protected-app-custom-domains.ts';
import { registerApplicationRoleRoutes } from './roles.ts';
import { registerApplicationSecretRoutes } from './secrets.ts';
import { registerUserConsentScopeRoutes } from './user-consent-scopes.ts';

export type ApplicationRouteDeps = { db: Db; protectedAppDomain: string };

export function registerApplicationRoutes(app: App, deps: ApplicationRouteDeps): void {
  registerApplicationCoreRoutes(app, deps);
  registerApplicationRoleRoutes(app, deps);
  registerApplicationSecretRoutes(app, deps);
  registerUserConsentScopeRoutes(app, deps);
  registerProtectedAppCustomDomainRoutes(app, deps);
  registerConsentOrganizationRoutes(app, deps);
}
