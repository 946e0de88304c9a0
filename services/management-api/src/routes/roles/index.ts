// Everything under /api/roles: the roles themselves and, one file each, the scopes they grant and
// the users and (machine-to-machine) apps holding them.
import type { Db } from '@idp/db';
import type { App } from '@idp/server-kit';
import { registerRoleApplicationRoutes } from './applications.ts';
import { registerRoleCoreRoutes } from './roles.ts';
import { registerRoleScopeRoutes } from './scopes.ts';
import { registerRoleUserRoutes } from './users.ts';

export function registerRoleRoutes(app: App, deps: { db: Db }): void {
  registerRoleCoreRoutes(app, deps);
  registerRoleScopeRoutes(app, deps);
  registerRoleUserRoutes(app, deps);
  registerRoleApplicationRoutes(app, deps);
}
