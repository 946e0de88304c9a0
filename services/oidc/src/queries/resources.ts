import type { Db } from '@idp/db';
import { applicationsRoles, resources, rolesScopes, scopes, usersRoles } from '@idp/schemas';
import { and, eq } from 'drizzle-orm';
import { runPrepared } from './prepared.ts';

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
    .innerJoin(rolesScopes, and(eq(rolesScopes.tenantId, applicationsRoles.tenantId), eq(rolesScopes.roleId, applicationsRoles.roleId)))
    .innerJoin(scopes, and(eq(scopes.tenantId, rolesScopes.tenantId), eq(scopes.id, rolesScopes.scopeId)))
    .where(
      and(eq(applicationsRoles.tenantId, tenantId), eq(applicationsRoles.applicationId, applicationId), eq(scopes.resourceId, resourceId)),
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

/** A resource with the names of all its scopes: what a token for it is built from. */
export type ResourceWithScopes = { id: string; indicator: string; accessTokenTtl: number; scopeNames: string[] };

const resourceWithScopesStatement = {
  name: 'oidc_resource_with_scopes',
  text: `select r.id, r.indicator, r.access_token_ttl, coalesce(array_agg(s.name) filter (where s.name is not null), '{}') as scope_names
    from resources r left join scopes s on s.tenant_id = r.tenant_id and s.resource_id = r.id
    where r.tenant_id = $1 and r.indicator = $2 group by r.id`,
};

export async function findResourceWithScopes(db: Db, tenantId: string, indicator: string): Promise<ResourceWithScopes | undefined> {
  type Row = { id: string; indicator: string; access_token_ttl: number; scope_names: string[] };
  const { rows } = await runPrepared<Row>(db, resourceWithScopesStatement, [tenantId, indicator]);
  const row = rows[0];
  return row && { id: row.id, indicator: row.indicator, accessTokenTtl: row.access_token_ttl, scopeNames: row.scope_names };
}
