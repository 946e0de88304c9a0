// What a tenant's roles allow, as the token paths ask for it on every request: the API resource
// behind an indicator with its scopes, the scopes of a resource that a user's or an app's roles
// grant, a user's role names. All of it is cached per tenant until a change notification for one of
// the tables it comes from (see cache/tenant-cache.ts for why that is never stale for a request).
import type { Db } from '@idp/db';
import type { TenantCache } from '../cache/tenant-cache.ts';
import {
  findResourceScopesOfApplication,
  findResourceScopesOfUser,
  findResourceWithScopes,
  type ResourceWithScopes,
} from '../queries/resources.ts';
import { findRoleNamesOfUser } from '../queries/users.ts';

/** The tables whose rows decide what the lookups below answer. */
export const authorizationTables = ['resources', 'scopes', 'roles', 'roles_scopes', 'applications_roles', 'users_roles'] as const;

export type Subject = { accountId: string } | { applicationId: string };

export type TenantAuthorization = {
  /** The registered resource with this indicator, with the names of all its scopes. */
  resource(indicator: string): Promise<ResourceWithScopes | undefined>;
  /** The scopes of a resource that the subject's roles grant (for an app: the app's roles). */
  grantedScopes(resourceId: string, subject: Subject): Promise<string[]>;
  /** The names of the user's roles (the `roles` claim). */
  roleNames(userId: string): Promise<string[]>;
};

export function createTenantAuthorization(db: Db, tenantId: string, cache: TenantCache<unknown>): TenantAuthorization {
  const cached = <T>(key: string, load: () => Promise<T>) => cache.get(tenantId, key, load) as Promise<T>;
  return {
    resource: (indicator) => cached(`resource ${indicator}`, () => findResourceWithScopes(db, tenantId, indicator)),
    grantedScopes: (resourceId, subject) =>
      'accountId' in subject
        ? cached(`user ${subject.accountId} ${resourceId}`, () => findResourceScopesOfUser(db, tenantId, resourceId, subject.accountId))
        : cached(`app ${subject.applicationId} ${resourceId}`, () =>
            findResourceScopesOfApplication(db, tenantId, resourceId, subject.applicationId),
          ),
    roleNames: (userId) => cached(`roles ${userId}`, () => findRoleNamesOfUser(db, tenantId, userId)),
  };
}
