// The organization template: organization roles with what they grant, and organization scopes.
// Names are unique per tenant (the database decides: 422 `entity.unique_integrity_violation`); a
// scope that is not there is 422 `entity.relation_foreign_key_not_found`, as in Logto.
import type { Db } from '@idp/db';
import { notFound } from '@idp/errors';
import type { CreateOrganizationRoleBody, OrganizationRole, OrganizationRoleWithScopesResponse, Scope } from '@idp/schemas';
import * as template from '../queries/organization-template.ts';
import type { Page } from '../queries/page.ts';
import { writeLinks } from './organizations.ts';

export async function withScopes(db: Db, tenantId: string, roles: OrganizationRole[]): Promise<OrganizationRoleWithScopesResponse[]> {
  const { organizationScopeRows, resourceScopeRows } = await template.findScopesOfRoles(
    db,
    tenantId,
    roles.map(({ id }) => id),
  );
  return roles.map((role) => ({
    ...role,
    scopes: organizationScopeRows.filter(({ roleId }) => roleId === role.id).map(({ id, name }) => ({ id, name })),
    resourceScopes: resourceScopeRows
      .filter(({ roleId }) => roleId === role.id)
      .map(({ id, name, resourceId, resourceName }) => ({ id, name, resource: { id: resourceId, name: resourceName } })),
  }));
}

export function createOrganizationRole(db: Db, tenantId: string, body: CreateOrganizationRoleBody): Promise<OrganizationRole> {
  const { organizationScopeIds = [], resourceScopeIds = [], ...values } = body;
  return writeLinks(() => template.insertOrganizationRole(db, tenantId, values, organizationScopeIds, resourceScopeIds));
}

type ScopeKind = 'scopes' | 'resource-scopes';
const linksOf = (kind: ScopeKind) => (kind === 'scopes' ? template.roleScopeLinks : template.roleResourceScopeLinks);

export async function addRoleScopes(db: Db, tenantId: string, roleId: string, kind: ScopeKind, ids: string[]): Promise<void> {
  await template.findOrganizationRole(db, tenantId, roleId);
  await writeLinks(() => linksOf(kind).insert(db, tenantId, { organizationRoleId: roleId }, ids));
}

export async function replaceRoleScopes(db: Db, tenantId: string, roleId: string, kind: ScopeKind, ids: string[]): Promise<void> {
  await template.findOrganizationRole(db, tenantId, roleId);
  await writeLinks(() => linksOf(kind).replace(db, tenantId, { organizationRoleId: roleId }, [...new Set(ids)]));
}

export async function removeRoleScope(db: Db, tenantId: string, roleId: string, kind: ScopeKind, scopeId: string): Promise<void> {
  await template.findOrganizationRole(db, tenantId, roleId);
  if (!(await linksOf(kind).delete(db, tenantId, { organizationRoleId: roleId }, scopeId))) {
    throw notFound('The organization role does not grant this scope.', { scopeId });
  }
}

export async function listRoleScopes(db: Db, tenantId: string, roleId: string, page: Page) {
  await template.findOrganizationRole(db, tenantId, roleId);
  const { rows, total } = await template.listScopesOfOrganizationRole(db, tenantId, roleId, page);
  return { rows: rows.map(({ scope }) => scope), total };
}

export async function listRoleResourceScopes(db: Db, tenantId: string, roleId: string, page: Page) {
  await template.findOrganizationRole(db, tenantId, roleId);
  const { rows, total } = await template.listResourceScopesOfOrganizationRole(db, tenantId, roleId, page);
  return { rows: rows.map(({ scope }): Scope => scope), total };
}
