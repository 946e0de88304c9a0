// The scopes a role grants, with the resource each belongs to.
import type { Db } from '@idp/db';
import { resources, rolesScopes, scopes } from '@idp/schemas';
import { and, asc, count, eq, type SQL } from 'drizzle-orm';
import { findPage, type Page } from './page.ts';

const scopeJoin = and(eq(scopes.tenantId, rolesScopes.tenantId), eq(scopes.id, rolesScopes.scopeId));

export async function listRoleScopes(db: Db, tenantId: string, roleId: string, search: SQL | undefined, page: Page) {
  const conditions: Array<SQL | undefined> = [eq(rolesScopes.tenantId, tenantId), eq(rolesScopes.roleId, roleId)];
  if (search) {
    conditions.push(search);
  }
  const where = and(...conditions);
  const resourceJoin = and(eq(resources.tenantId, scopes.tenantId), eq(resources.id, scopes.resourceId));
  return findPage(
    db
      .select({ scope: scopes, resource: resources })
      .from(rolesScopes)
      .innerJoin(scopes, scopeJoin)
      .innerJoin(resources, resourceJoin)
      .where(where)
      .orderBy(asc(resources.name), asc(scopes.name), scopes.id)
      .limit(page.limit)
      .offset(page.offset),
    db.select({ value: count() }).from(rolesScopes).innerJoin(scopes, scopeJoin).where(where),
  );
}

/** Every scope the role grants, by name. */
export async function findAllRoleScopes(db: Db, tenantId: string, roleId: string) {
  const rows = await db
    .select({ scope: scopes })
    .from(rolesScopes)
    .innerJoin(scopes, scopeJoin)
    .where(and(eq(rolesScopes.tenantId, tenantId), eq(rolesScopes.roleId, roleId)))
    .orderBy(asc(scopes.name));
  return rows.map(({ scope }) => scope);
}
