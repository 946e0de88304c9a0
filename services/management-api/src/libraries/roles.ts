// The rules of roles: unique names, which scopes a role may grant, and how a role is shown with its
// holders. Who holds a role: user-roles.ts and application-roles.ts.
import type { SQL } from 'drizzle-orm';
import type { Db } from '@idp/db';
import { entityNotFound, RequestError } from '@idp/errors';
import type { Role, RoleResponse, RoleScopeResponse, RoleType, RoleWithHoldersResponse, ScopeResponse } from '@idp/schemas';
import type { Page, PageOf } from '../queries/page.ts';
import { findFeaturedHolders } from '../queries/role-holders.ts';
import { roleScopeLinks } from '../queries/role-links.ts';
import { findAllRoleScopes, listRoleScopes } from '../queries/role-scopes.ts';
import * as roleQueries from '../queries/roles.ts';
import { findScopesWithIndicator } from '../queries/scopes.ts';
import { isManagementApi, toResourceResponse, toScopeResponse } from './resources.ts';

export const toRoleResponse = ({ tenantId, id, name, description, type, isDefault }: Role): RoleResponse => ({
  tenantId,
  id,
  name,
  description,
  type,
  isDefault,
});

const featuredCount = 3;

/** Who holds each listed role: how many users and apps, and the first three of each. */
export async function withHolders(db: Db, tenantId: string, rows: Role[]): Promise<RoleWithHoldersResponse[]> {
  if (rows.length === 0) return [];
  const { userRows, appRows } = await findFeaturedHolders(
    db,
    tenantId,
    rows.map(({ id }) => id),
    featuredCount,
  );
  return rows.map((role) => {
    const roleUsers = userRows.filter(({ roleId }) => roleId === role.id);
    const roleApps = appRows.filter(({ roleId }) => roleId === role.id);
    return {
      ...toRoleResponse(role),
      usersCount: Number(roleUsers[0]?.total ?? 0),
      featuredUsers: roleUsers.map(({ id, name, avatar }) => ({ id, name, avatar })),
      applicationsCount: Number(roleApps[0]?.total ?? 0),
      featuredApplications: roleApps.map(({ id, name, type }) => ({ id, name, type })),
    };
  });
}

/**
 * Checks that scopes can be linked to a role: each exists in the tenant, and a user role gets no
 * Management API scope (users reach the Management API through the admin tenant only, as in Logto).
 */
async function assertScopesAssignable(db: Db, tenantId: string, roleType: RoleType, scopeIds: string[]): Promise<void> {
  const rows = await findScopesWithIndicator(db, tenantId, scopeIds);
  const missing = scopeIds.find((id) => !rows.some((row) => row.id === id));
  if (missing !== undefined) throw entityNotFound('scope', missing);
  if (roleType === 'User' && rows.some(({ indicator }) => isManagementApi(indicator))) {
    throw new RequestError('role.management_api_scopes_not_assignable_to_user_role');
  }
}

async function assertRoleNameFree(db: Db, tenantId: string, name: string, exceptId?: string): Promise<void> {
  if (await roleQueries.isRoleNameTaken(db, tenantId, name, exceptId)) {
    throw new RequestError('role.name_in_use', { message: `This role name ${name} is already in use.`, data: { name } });
  }
}

export async function createRole(
  db: Db,
  tenantId: string,
  body: { name: string; description: string; type?: RoleType; isDefault?: boolean; scopeIds?: string[] },
): Promise<Role> {
  const { scopeIds = [], ...values } = body;
  const uniqueScopeIds = [...new Set(scopeIds)];
  await assertRoleNameFree(db, tenantId, values.name);
  await assertScopesAssignable(db, tenantId, values.type ?? 'User', uniqueScopeIds);
  return roleQueries.insertRole(db, tenantId, values, uniqueScopeIds);
}

export async function updateRole(
  db: Db,
  tenantId: string,
  id: string,
  values: { name?: string; description?: string; isDefault?: boolean },
): Promise<Role> {
  const existing = await roleQueries.findRole(db, tenantId, id);
  if (values.name !== undefined) await assertRoleNameFree(db, tenantId, values.name, id);
  if (Object.keys(values).length === 0) return existing;
  return roleQueries.updateRole(db, tenantId, id, values);
}

// --- A role's scopes ---

export async function listScopesOfRole(
  db: Db,
  tenantId: string,
  roleId: string,
  search: SQL | undefined,
  page: Page,
): Promise<PageOf<RoleScopeResponse>> {
  await roleQueries.findRole(db, tenantId, roleId);
  const { rows, total } = await listRoleScopes(db, tenantId, roleId, search, page);
  return { rows: rows.map(({ scope, resource }) => ({ ...toScopeResponse(scope), resource: toResourceResponse(resource) })), total };
}

/** Links scopes to a role; Logto answers with every scope the role then has. */
export async function assignRoleScopes(db: Db, tenantId: string, roleId: string, scopeIds: string[]): Promise<ScopeResponse[]> {
  const role = await roleQueries.findRole(db, tenantId, roleId);
  const ids = [...new Set(scopeIds)];
  const [linked] = await roleScopeLinks.findLinked(db, tenantId, roleId, ids);
  if (linked !== undefined) {
    throw new RequestError('role.scope_exists', {
      message: `The scope id ${linked} has already been added to this role.`,
      data: { scopeId: linked },
    });
  }
  await assertScopesAssignable(db, tenantId, role.type, ids);
  await roleScopeLinks.insert(db, tenantId, roleId, ids);
  return (await findAllRoleScopes(db, tenantId, roleId)).map(toScopeResponse);
}

export async function removeRoleScope(db: Db, tenantId: string, roleId: string, scopeId: string): Promise<void> {
  await roleQueries.findRole(db, tenantId, roleId);
  if (!(await roleScopeLinks.delete(db, tenantId, roleId, scopeId))) throw entityNotFound('scope of this role', scopeId);
}
