// The roles table of a tenant. A role's links (scopes, users, apps) are in role-links.ts; who holds
// a role, for listing, in role-holders.ts.
import { entityNotFound } from '@idp/errors';
import { generateId, type Db } from '@idp/db';
import { applicationsRoles, roles, usersRoles, type NewRole, type Role, type RoleType } from '@idp/schemas';
import { and, count, desc, eq, exists, inArray, ne, not, sql, type SQL } from 'drizzle-orm';
import { findPage, type Page } from './page.ts';
import { roleScopeLinks } from './role-links.ts';

const byId = (tenantId: string, id: string) => and(eq(roles.tenantId, tenantId), eq(roles.id, id));

export async function findRole(db: Db, tenantId: string, id: string): Promise<Role> {
  const [row] = await db.select().from(roles).where(byId(tenantId, id));
  if (!row) throw entityNotFound('role', id);
  return row;
}

/** Every listed role of the tenant, or 404 naming the first one that is not there. */
export async function findRolesByIds(db: Db, tenantId: string, ids: string[]): Promise<Role[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select()
    .from(roles)
    .where(and(eq(roles.tenantId, tenantId), inArray(roles.id, ids)));
  const missing = ids.find((id) => !rows.some((row) => row.id === id));
  if (missing !== undefined) throw entityNotFound('role', missing);
  return rows;
}

/** Whether another role of the tenant has this name. */
export async function isRoleNameTaken(db: Db, tenantId: string, name: string, exceptId?: string): Promise<boolean> {
  const [existing] = await db
    .select({ id: roles.id })
    .from(roles)
    .where(and(eq(roles.tenantId, tenantId), eq(roles.name, name), exceptId === undefined ? undefined : ne(roles.id, exceptId)));
  return Boolean(existing);
}

export async function findRoleIdByName(db: Db, tenantId: string, name: string): Promise<string | undefined> {
  const [row] = await db
    .select({ id: roles.id })
    .from(roles)
    .where(and(eq(roles.tenantId, tenantId), eq(roles.name, name)));
  return row?.id;
}

/** The tenant's default user roles, which every new user holds from the start (as in Logto). */
export async function findDefaultUserRoleIds(db: Db, tenantId: string): Promise<string[]> {
  const rows = await db
    .select({ id: roles.id })
    .from(roles)
    .where(and(eq(roles.tenantId, tenantId), eq(roles.isDefault, true), eq(roles.type, 'User')));
  return rows.map(({ id }) => id);
}

export type RoleFilter = {
  type?: RoleType;
  search?: SQL;
  excludeUserId?: string;
  excludeApplicationId?: string;
  /** Only the roles this application holds. */
  applicationId?: string;
};

const heldByUser = (tenantId: string, userId: string) =>
  exists(
    sql`(select 1 from ${usersRoles} where ${usersRoles.tenantId} = ${tenantId} and ${usersRoles.roleId} = ${roles.id} and ${usersRoles.userId} = ${userId})`,
  );
const heldByApplication = (tenantId: string, applicationId: string) =>
  exists(
    sql`(select 1 from ${applicationsRoles} where ${applicationsRoles.tenantId} = ${tenantId} and ${applicationsRoles.roleId} = ${roles.id} and ${applicationsRoles.applicationId} = ${applicationId})`,
  );

export async function listRoles(db: Db, tenantId: string, filter: RoleFilter, page: Page) {
  const conditions: Array<SQL | undefined> = [eq(roles.tenantId, tenantId)];
  if (filter.type) conditions.push(eq(roles.type, filter.type));
  if (filter.search) {
    conditions.push(filter.search);
  }
  if (filter.excludeUserId) conditions.push(not(heldByUser(tenantId, filter.excludeUserId)));
  if (filter.excludeApplicationId) conditions.push(not(heldByApplication(tenantId, filter.excludeApplicationId)));
  if (filter.applicationId) conditions.push(heldByApplication(tenantId, filter.applicationId));
  const where = and(...conditions);
  return findPage(
    db.select().from(roles).where(where).orderBy(desc(roles.createdAt), roles.id).limit(page.limit).offset(page.offset),
    db.select({ value: count() }).from(roles).where(where),
  );
}

/** The role and its scopes appear together or not at all. */
export async function insertRole(db: Db, tenantId: string, values: Omit<NewRole, 'tenantId' | 'id'>, scopeIds: string[]): Promise<Role> {
  return db.transaction(async (tx) => {
    const [role] = await tx
      .insert(roles)
      .values({ ...values, tenantId, id: generateId() })
      .returning();
    await roleScopeLinks.insert(tx, tenantId, role!.id, scopeIds);
    return role!;
  });
}

export async function updateRole(
  db: Db,
  tenantId: string,
  id: string,
  values: Partial<Pick<NewRole, 'name' | 'description' | 'isDefault'>>,
): Promise<Role> {
  const [row] = await db.update(roles).set(values).where(byId(tenantId, id)).returning();
  if (!row) throw entityNotFound('role', id);
  return row;
}

export async function deleteRole(db: Db, tenantId: string, id: string): Promise<void> {
  // Its links to scopes, users and apps go with it (foreign keys cascade).
  const deleted = await db.delete(roles).where(byId(tenantId, id)).returning({ id: roles.id });
  if (deleted.length === 0) throw entityNotFound('role', id);
}
