// The organization template of a tenant: its organization scopes and roles, and what each role
// grants (organization scopes and API resource scopes).
import { entityNotFound } from '@idp/errors';
import { generateId, type Db } from '@idp/db';
import {
  organizationRoleResourceScopeRelations,
  organizationRoleScopeRelations,
  organizationRoles,
  organizationScopes,
  resources,
  scopes,
  type OrganizationRole,
  type OrganizationScope,
  type RoleType,
} from '@idp/schemas';
import { and, asc, count, eq, ilike, inArray, or, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { createCompositeLinks } from './organization-links.ts';
import { findPage, type Page } from './page.ts';
import { likePattern } from './search.ts';

type RoleOwner = { organizationRoleId: string };
export const roleScopeLinks = createCompositeLinks<RoleOwner>(
  organizationRoleScopeRelations,
  ['organizationRoleId'],
  'organizationScopeId',
);
export const roleResourceScopeLinks = createCompositeLinks<RoleOwner>(
  organizationRoleResourceScopeRelations,
  ['organizationRoleId'],
  'scopeId',
);

const keyword = (q: string | undefined, columns: PgColumn[]): SQL | undefined =>
  q ? or(...columns.map((column) => ilike(column, likePattern(q)))) : undefined;

// --- Organization scopes ---

const scopeById = (tenantId: string, id: string) => and(eq(organizationScopes.tenantId, tenantId), eq(organizationScopes.id, id));

export async function findOrganizationScope(db: Db, tenantId: string, id: string): Promise<OrganizationScope> {
  const [row] = await db.select().from(organizationScopes).where(scopeById(tenantId, id));
  if (!row) throw entityNotFound('organization scope', id);
  return row;
}

export async function listOrganizationScopes(db: Db, tenantId: string, q: string | undefined, page: Page) {
  const where = and(
    eq(organizationScopes.tenantId, tenantId),
    keyword(q, [organizationScopes.id, organizationScopes.name, organizationScopes.description]),
  );
  return findPage(
    db
      .select()
      .from(organizationScopes)
      .where(where)
      .orderBy(asc(organizationScopes.name), asc(organizationScopes.id))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ value: count() }).from(organizationScopes).where(where),
  );
}

export async function insertOrganizationScope(
  db: Db,
  tenantId: string,
  values: { name: string; description?: string | null },
): Promise<OrganizationScope> {
  const [row] = await db
    .insert(organizationScopes)
    .values({ ...values, tenantId, id: generateId() })
    .returning();
  return row!;
}

export async function updateOrganizationScope(
  db: Db,
  tenantId: string,
  id: string,
  values: { name?: string; description?: string | null },
): Promise<OrganizationScope> {
  if (Object.keys(values).length === 0) return findOrganizationScope(db, tenantId, id);
  const [row] = await db.update(organizationScopes).set(values).where(scopeById(tenantId, id)).returning();
  if (!row) throw entityNotFound('organization scope', id);
  return row;
}

export async function deleteOrganizationScope(db: Db, tenantId: string, id: string): Promise<void> {
  const deleted = await db.delete(organizationScopes).where(scopeById(tenantId, id)).returning({ id: organizationScopes.id });
  if (deleted.length === 0) throw entityNotFound('organization scope', id);
}

// --- Organization roles ---

const roleById = (tenantId: string, id: string) => and(eq(organizationRoles.tenantId, tenantId), eq(organizationRoles.id, id));

export async function findOrganizationRole(db: Db, tenantId: string, id: string): Promise<OrganizationRole> {
  const [row] = await db.select().from(organizationRoles).where(roleById(tenantId, id));
  if (!row) throw entityNotFound('organization role', id);
  return row;
}

/** The listed roles that exist in the tenant, with their types. */
export async function findOrganizationRoleTypes(db: Db, tenantId: string, ids: string[]): Promise<Array<{ id: string; type: RoleType }>> {
  if (ids.length === 0) return [];
  return db
    .select({ id: organizationRoles.id, type: organizationRoles.type })
    .from(organizationRoles)
    .where(and(eq(organizationRoles.tenantId, tenantId), inArray(organizationRoles.id, ids)));
}

export async function listOrganizationRoles(db: Db, tenantId: string, q: string | undefined, page: Page) {
  const where = and(
    eq(organizationRoles.tenantId, tenantId),
    keyword(q, [organizationRoles.id, organizationRoles.name, organizationRoles.description]),
  );
  return findPage(
    db
      .select()
      .from(organizationRoles)
      .where(where)
      .orderBy(asc(organizationRoles.name), asc(organizationRoles.id))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ value: count() }).from(organizationRoles).where(where),
  );
}

/** The organization scopes and resource scopes of each listed role: two queries for any number of roles. */
export async function findScopesOfRoles(db: Db, tenantId: string, roleIds: string[]) {
  if (roleIds.length === 0) return { organizationScopeRows: [], resourceScopeRows: [] };
  const [organizationScopeRows, resourceScopeRows] = await Promise.all([
    db
      .select({ roleId: organizationRoleScopeRelations.organizationRoleId, id: organizationScopes.id, name: organizationScopes.name })
      .from(organizationRoleScopeRelations)
      .innerJoin(
        organizationScopes,
        and(
          eq(organizationScopes.tenantId, organizationRoleScopeRelations.tenantId),
          eq(organizationScopes.id, organizationRoleScopeRelations.organizationScopeId),
        ),
      )
      .where(
        and(eq(organizationRoleScopeRelations.tenantId, tenantId), inArray(organizationRoleScopeRelations.organizationRoleId, roleIds)),
      )
      .orderBy(asc(organizationScopes.name)),
    db
      .select({
        roleId: organizationRoleResourceScopeRelations.organizationRoleId,
        id: scopes.id,
        name: scopes.name,
        resourceId: resources.id,
        resourceName: resources.name,
      })
      .from(organizationRoleResourceScopeRelations)
      .innerJoin(
        scopes,
        and(
          eq(scopes.tenantId, organizationRoleResourceScopeRelations.tenantId),
          eq(scopes.id, organizationRoleResourceScopeRelations.scopeId),
        ),
      )
      .innerJoin(resources, and(eq(resources.tenantId, scopes.tenantId), eq(resources.id, scopes.resourceId)))
      .where(
        and(
          eq(organizationRoleResourceScopeRelations.tenantId, tenantId),
          inArray(organizationRoleResourceScopeRelations.organizationRoleId, roleIds),
        ),
      )
      .orderBy(asc(resources.name), asc(scopes.name)),
  ]);
  return { organizationScopeRows, resourceScopeRows };
}

/** The role and its initial scopes appear together or not at all. */
export async function insertOrganizationRole(
  db: Db,
  tenantId: string,
  values: { name: string; description?: string | null; type?: RoleType },
  organizationScopeIds: string[],
  resourceScopeIds: string[],
): Promise<OrganizationRole> {
  return db.transaction(async (tx) => {
    const [role] = await tx
      .insert(organizationRoles)
      .values({ ...values, tenantId, id: generateId() })
      .returning();
    await roleScopeLinks.insert(tx, tenantId, { organizationRoleId: role!.id }, organizationScopeIds);
    await roleResourceScopeLinks.insert(tx, tenantId, { organizationRoleId: role!.id }, resourceScopeIds);
    return role!;
  });
}

export async function updateOrganizationRole(
  db: Db,
  tenantId: string,
  id: string,
  values: { name?: string; description?: string | null },
): Promise<OrganizationRole> {
  if (Object.keys(values).length === 0) return findOrganizationRole(db, tenantId, id);
  const [row] = await db.update(organizationRoles).set(values).where(roleById(tenantId, id)).returning();
  if (!row) throw entityNotFound('organization role', id);
  return row;
}

export async function deleteOrganizationRole(db: Db, tenantId: string, id: string): Promise<void> {
  const deleted = await db.delete(organizationRoles).where(roleById(tenantId, id)).returning({ id: organizationRoles.id });
  if (deleted.length === 0) throw entityNotFound('organization role', id);
}

export async function listScopesOfOrganizationRole(db: Db, tenantId: string, roleId: string, page: Page) {
  const where = and(eq(organizationRoleScopeRelations.tenantId, tenantId), eq(organizationRoleScopeRelations.organizationRoleId, roleId));
  return findPage(
    db
      .select({ scope: organizationScopes })
      .from(organizationRoleScopeRelations)
      .innerJoin(
        organizationScopes,
        and(
          eq(organizationScopes.tenantId, organizationRoleScopeRelations.tenantId),
          eq(organizationScopes.id, organizationRoleScopeRelations.organizationScopeId),
        ),
      )
      .where(where)
      .orderBy(asc(organizationScopes.name), asc(organizationScopes.id))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ value: count() }).from(organizationRoleScopeRelations).where(where),
  );
}

export async function listResourceScopesOfOrganizationRole(db: Db, tenantId: string, roleId: string, page: Page) {
  const where = and(
    eq(organizationRoleResourceScopeRelations.tenantId, tenantId),
    eq(organizationRoleResourceScopeRelations.organizationRoleId, roleId),
  );
  return findPage(
    db
      .select({ scope: scopes })
      .from(organizationRoleResourceScopeRelations)
      .innerJoin(
        scopes,
        and(
          eq(scopes.tenantId, organizationRoleResourceScopeRelations.tenantId),
          eq(scopes.id, organizationRoleResourceScopeRelations.scopeId),
        ),
      )
      .where(where)
      .orderBy(asc(scopes.name), asc(scopes.id))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ value: count() }).from(organizationRoleResourceScopeRelations).where(where),
  );
}

/** The ids of the tenant's organization roles with these names. */
export async function findOrganizationRolesByNames(db: Db, tenantId: string, names: string[]) {
  if (names.length === 0) return [];
  return db
    .select({ id: organizationRoles.id, name: organizationRoles.name })
    .from(organizationRoles)
    .where(and(eq(organizationRoles.tenantId, tenantId), inArray(organizationRoles.name, names)));
}
