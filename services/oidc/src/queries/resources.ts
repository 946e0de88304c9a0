import type { Db } from '@idp/db';
import { applicationsRoles, resources, rolesScopes, scopes, usersRoles } from '@idp/schemas';
import { and, eq } from 'drizzle-orm';

export async function findResourceByIndicator(db: Db, tenantId: string, indicator: string) {
  const [row] = await db
    .select()
    .from(resources)
    .where(and(eq(resources.tenantId, tenantId), eq(resources.indicator, indicator)));
  return row;
}

/** Names of the resource's scopes that the user's roles grant. */
export async function findResourceScopesOfUser(db: Db, tenantId: string, resourceId: string, userId: string) {
  const rows = await db
    .selectDistinct({ name: scopes.name })
    .from(usersRoles)
    .innerJoin(rolesScopes, and(eq(rolesScopes.tenantId, usersRoles.tenantId), eq(rolesScopes.roleId, usersRoles.roleId)))
    .innerJoin(scopes, and(eq(scopes.tenantId, rolesScopes.tenantId), eq(scopes.id, rolesScopes.scopeId)))
    .where(and(eq(usersRoles.tenantId, tenantId), eq(usersRoles.userId, userId), eq(scopes.resourceId, resourceId)));
  return rows.map(({ name }) => name);
}

/** Names of the resource's scopes that the machine-to-machine application's roles grant. */
export async function findResourceScopesOfApplication(db: Db, tenantId: string, resourceId: string, applicationId: string) {
  const rows = await db
    .selectDistinct({ name: scopes.name })
    .from(applicationsRoles)
    .innerJoin(
      rolesScopes,
      and(eq(rolesScopes.tenantId, applicationsRoles.tenantId), eq(rolesScopes.roleId, applicationsRoles.roleId)),
    )
    .innerJoin(scopes, and(eq(scopes.tenantId, rolesScopes.tenantId), eq(scopes.id, rolesScopes.scopeId)))
    .where(
      and(
        eq(applicationsRoles.tenantId, tenantId),
        eq(applicationsRoles.applicationId, applicationId),
        eq(scopes.resourceId, resourceId),
      ),
    );
  return rows.map(({ name }) => name);
}

export async function findScopeNamesOfResource(db: Db, tenantId: string, resourceId: string) {
  const rows = await db
    .select({ name: scopes.name })
    .from(scopes)
    .where(and(eq(scopes.tenantId, tenantId), eq(scopes.resourceId, resourceId)));
  return rows.map(({ name }) => name);
}
