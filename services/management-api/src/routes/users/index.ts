// Everything under /api/users: the users themselves and, one file each, their details (password,
// suspension, custom data, profile, MFA), social identities, roles and logs.
import type { Db } from '@idp/db';
import type { Outbound } from '@idp/outbound';
import type { App } from '@idp/server-kit';
import type { UserListIndexCache } from '../../libraries/user-list-index.ts';
import { registerUserDetailRoutes } from './details.ts';
import { registerUserIdentityRoutes } from './identities.ts';
import { registerUserLogRoutes } from './logs.ts';
import { registerUserRoleRoutes } from './roles.ts';
import { registerUserCoreRoutes } from './users.ts';

export type UserRouteDeps = { db: Db; userLists: UserListIndexCache; outbound: Outbound };

export function registerUserRoutes(app: App, deps: UserRouteDeps): void {
  registerUserCoreRoutes(app, deps);
  registerUserDetailRoutes(app, deps);
  registerUserIdentityRoutes(app, deps);
  registerUserRoleRoutes(app, deps);
  registerUserLogRoutes(app, deps);
}
