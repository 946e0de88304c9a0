import { generateId, type Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import {
  applications,
  applicationsRoles,
  resources,
  roles,
  rolesScopes,
  scopes,
  users,
  usersRoles,
  type Role,
  type RoleResponse,
  type RoleScopeResponse,
  type RoleType,
  type RoleUserResponse,
  type RoleWithHoldersResponse,
  type User,
} from '@idp/schemas';
import { and, asc, count, desc, eq, exists, ilike, inArray, lte, ne, not, or, sql, type SQL } from 'drizzle-orm';
import type { Page } from '../routes/pagination.ts';
import { isManagementApi, toResourceResponse, toScopeResponse } from './resources.ts';
import { likePattern } from './search.ts';

export const toRoleResponse = ({ tenantId, id, name, description, type, isDefault }: Role): RoleResponse => ({
  tenantId,
  id,
  name,
  description,
  type,
  isDefault,
});

const notFound = (kind: string, id: string) =>
  new RequestError('entity.not_exists_with_id', { message: `The ${kind} with id \`${id}\` does not exist.`, data: { id } });

export async function findRole(db: Db, tenantId: string, id: string): Promise<Role> {
  const [row] = await db.select().from(roles).where(and(eq(roles.tenantId, tenantId), eq(roles.id, id)));
  if (!row) throw notFound('role', id);
  return row;
}

/** Every listed role of the tenant, or 404 naming the first one that is not there. */
export async function findRolesByIds(db: Db, tenantId: string, ids: string[]): Promise<Role[]> {
  if (ids.length === 0) return [];
  const rows = await db.select().from(roles).where(and(eq(roles.tenantId, tenantId), inArray(roles.id, ids)));
  const missing = ids.find((id) => !rows.some((row) => row.id === id));
  if (missing !== undefined) throw notFound('role', missing);
  return rows;
}

export type RoleFilter = {
  type?: RoleType;
  search?: string;
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
    const pattern = likePattern(filter.search);
    conditions.push(or(ilike(roles.id, pattern), ilike(roles.name, pattern), ilike(roles.description, pattern)));
  }
  if (filter.excludeUserId) conditions.push(not(heldByUser(tenantId, filter.excludeUserId)));
  if (filter.excludeApplicationId) conditions.push(not(heldByApplication(tenantId, filter.excludeApplicationId)));
  if (filter.applicationId) conditions.push(heldByApplication(tenantId, filter.applicationId));
  const where = and(...conditions);
  const [rows, [total]] = await Promise.all([
    db.select().from(roles).where(where).orderBy(desc(roles.createdAt), roles.id).limit(page.limit).offset(page.offset),
    db.select({ value: count() }).from(roles).where(where),
  ]);
  return { rows, total: total?.value ?? 0 };
}

const featuredCount = 3;

/**
 * Who holds each listed role: how many users and apps, and the first three of each. Two queries for
 * any number of roles: a window function numbers the holders per role and counts them.
 */
export async function withHolders(db: Db, tenantId: string, rows: Role[]): Promise<RoleWithHoldersResponse[]> {
  const roleIds = rows.map(({ id }) => id);
  if (roleIds.length === 0) return [];
  const rankedUsers = db
    .select({
      roleId: usersRoles.roleId,
      id: users.id,
      name: users.name,
      avatar: users.avatar,
      rank: sql<number>`(row_number() over (partition by ${usersRoles.roleId} order by ${users.createdAt} desc, ${users.id}))::int`.as('rank'),
      total: sql<number>`(count(*) over (partition by ${usersRoles.roleId}))::int`.as('total'),
    })
    .from(usersRoles)
    .innerJoin(users, and(eq(users.tenantId, usersRoles.tenantId), eq(users.id, usersRoles.userId)))
    .where(and(eq(usersRoles.tenantId, tenantId), inArray(usersRoles.roleId, roleIds)))
    .as('ranked_users');
  const rankedApps = db
    .select({
      roleId: applicationsRoles.roleId,
      id: applications.id,
      name: applications.name,
      type: applications.type,
      rank: sql<number>`(row_number() over (partition by ${applicationsRoles.roleId} order by ${applications.createdAt} desc, ${applications.id}))::int`.as('rank'),
      total: sql<number>`(count(*) over (partition by ${applicationsRoles.roleId}))::int`.as('total'),
    })
    .from(applicationsRoles)
    .innerJoin(applications, and(eq(applications.tenantId, applicationsRoles.tenantId), eq(applications.id, applicationsRoles.applicationId)))
    .where(and(eq(applicationsRoles.tenantId, tenantId), inArray(applicationsRoles.roleId, roleIds)))
    .as('ranked_apps');
  const [userRows, appRows] = await Promise.all([
    db.select().from(rankedUsers).where(lte(rankedUsers.rank, featuredCount)).orderBy(asc(rankedUsers.rank)),
    db.select().from(rankedApps).where(lte(rankedApps.rank, featuredCount)).orderBy(asc(rankedApps.rank)),
  ]);
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
  if (scopeIds.length === 0) return;
  const rows = await db
    .select({ id: scopes.id, indicator: resources.indicator })
    .from(scopes)
    .innerJoin(resources, and(eq(resources.tenantId, scopes.tenantId), eq(resources.id, scopes.resourceId)))
    .where(and(eq(scopes.tenantId, tenantId), inArray(scopes.id, scopeIds)));
  const missing = scopeIds.find((id) => !rows.some((row) => row.id === id));
  if (missing !== undefined) throw notFound('scope', missing);
  if (roleType === 'User' && rows.some(({ indicator }) => isManagementApi(indicator))) {
    throw new RequestError('role.management_api_scopes_not_assignable_to_user_role');
  }
}

async function assertRoleNameFree(db: Db, tenantId: string, name: string, exceptId?: string): Promise<void> {
  const [existing] = await db
    .select({ id: roles.id })
    .from(roles)
    .where(and(eq(roles.tenantId, tenantId), eq(roles.name, name), exceptId === undefined ? undefined : ne(roles.id, exceptId)));
  if (existing) throw new RequestError('role.name_in_use', { message: `This role name ${name} is already in use.`, data: { name } });
}

export async function insertRole(
  db: Db,
  tenantId: string,
  body: { name: string; description: string; type?: RoleType; isDefault?: boolean; scopeIds?: string[] },
): Promise<Role> {
  const { scopeIds = [], ...values } = body;
  const uniqueScopeIds = [...new Set(scopeIds)];
  await assertRoleNameFree(db, tenantId, values.name);
  await assertScopesAssignable(db, tenantId, values.type ?? 'User', uniqueScopeIds);
  // The role and its scopes appear together or not at all.
  return db.transaction(async (tx) => {
    const [role] = await tx.insert(roles).values({ ...values, tenantId, id: generateId() }).returning();
    if (uniqueScopeIds.length > 0) {
      await tx.insert(rolesScopes).values(uniqueScopeIds.map((scopeId) => ({ tenantId, id: generateId(), roleId: role!.id, scopeId })));
    }
    return role!;
  });
}

export async function updateRole(
  db: Db,
  tenantId: string,
  id: string,
  values: { name?: string; description?: string; isDefault?: boolean },
): Promise<Role> {
  const existing = await findRole(db, tenantId, id);
  if (values.name !== undefined) await assertRoleNameFree(db, tenantId, values.name, id);
  if (Object.keys(values).length === 0) return existing;
  const [row] = await db.update(roles).set(values).where(and(eq(roles.tenantId, tenantId), eq(roles.id, id))).returning();
  if (!row) throw notFound('role', id);
  return row;
}

export async function deleteRole(db: Db, tenantId: string, id: string): Promise<void> {
  // Its links to scopes, users and apps go with it (foreign keys cascade).
  const deleted = await db.delete(roles).where(and(eq(roles.tenantId, tenantId), eq(roles.id, id))).returning({ id: roles.id });
  if (deleted.length === 0) throw notFound('role', id);
}

// --- A role's scopes ---

export async function listRoleScopes(db: Db, tenantId: string, roleId: string, search: string | undefined, page: Page) {
  const conditions: Array<SQL | undefined> = [eq(rolesScopes.tenantId, tenantId), eq(rolesScopes.roleId, roleId)];
  if (search) {
    const pattern = likePattern(search);
    conditions.push(or(ilike(scopes.id, pattern), ilike(scopes.name, pattern), ilike(scopes.description, pattern)));
  }
  const where = and(...conditions);
  const scopeJoin = and(eq(scopes.tenantId, rolesScopes.tenantId), eq(scopes.id, rolesScopes.scopeId));
  const resourceJoin = and(eq(resources.tenantId, scopes.tenantId), eq(resources.id, scopes.resourceId));
  const [rows, [total]] = await Promise.all([
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
  ]);
  const data: RoleScopeResponse[] = rows.map(({ scope, resource }) => ({ ...toScopeResponse(scope), resource: toResourceResponse(resource) }));
  return { rows: data, total: total?.value ?? 0 };
}

export async function assignRoleScopes(db: Db, tenantId: string, roleId: string, scopeIds: string[]) {
  const role = await findRole(db, tenantId, roleId);
  const ids = [...new Set(scopeIds)];
  const [linked] = await db
    .select({ scopeId: rolesScopes.scopeId })
    .from(rolesScopes)
    .where(and(eq(rolesScopes.tenantId, tenantId), eq(rolesScopes.roleId, roleId), inArray(rolesScopes.scopeId, ids)))
    .limit(1);
  if (linked) {
    throw new RequestError('role.scope_exists', { message: `The scope id ${linked.scopeId} has already been added to this role.`, data: { scopeId: linked.scopeId } });
  }
  await assertScopesAssignable(db, tenantId, role.type, ids);
  await db.insert(rolesScopes).values(ids.map((scopeId) => ({ tenantId, id: generateId(), roleId, scopeId })));
  // Logto answers with every scope the role now has.
  const rows = await db
    .select({ scope: scopes })
    .from(rolesScopes)
    .innerJoin(scopes, and(eq(scopes.tenantId, rolesScopes.tenantId), eq(scopes.id, rolesScopes.scopeId)))
    .where(and(eq(rolesScopes.tenantId, tenantId), eq(rolesScopes.roleId, roleId)))
    .orderBy(asc(scopes.name));
  return rows.map(({ scope }) => toScopeResponse(scope));
}

export async function removeRoleScope(db: Db, tenantId: string, roleId: string, scopeId: string): Promise<void> {
  await findRole(db, tenantId, roleId);
  const deleted = await db
    .delete(rolesScopes)
    .where(and(eq(rolesScopes.tenantId, tenantId), eq(rolesScopes.roleId, roleId), eq(rolesScopes.scopeId, scopeId)))
    .returning({ id: rolesScopes.id });
  if (deleted.length === 0) throw notFound('scope of this role', scopeId);
}

// --- A role's users ---

const toRoleUserResponse = (user: User): RoleUserResponse => ({
  id: user.id,
  username: user.username,
  primaryEmail: user.primaryEmail,
  primaryPhone: user.primaryPhone,
  name: user.name,
  avatar: user.avatar,
  customData: user.customData,
  identities: user.identities,
  lastSignInAt: user.lastSignInAt?.getTime() ?? null,
  createdAt: user.createdAt.getTime(),
  updatedAt: user.updatedAt.getTime(),
  profile: user.profile,
  applicationId: user.applicationId,
  isSuspended: user.isSuspended,
});

export async function listRoleUsers(db: Db, tenantId: string, roleId: string, search: string | undefined, page: Page) {
  await findRole(db, tenantId, roleId);
  const conditions: Array<SQL | undefined> = [eq(usersRoles.tenantId, tenantId), eq(usersRoles.roleId, roleId)];
  if (search) {
    const pattern = likePattern(search);
    conditions.push(
      or(
        ilike(users.id, pattern),
        ilike(users.username, pattern),
        ilike(users.primaryEmail, pattern),
        ilike(users.primaryPhone, pattern),
        ilike(users.name, pattern),
      ),
    );
  }
  const where = and(...conditions);
  const userJoin = and(eq(users.tenantId, usersRoles.tenantId), eq(users.id, usersRoles.userId));
  const [rows, [total]] = await Promise.all([
    db
      .select({ user: users })
      .from(usersRoles)
      .innerJoin(users, userJoin)
      .where(where)
      .orderBy(desc(users.createdAt), users.id)
      .limit(page.limit)
      .offset(page.offset),
    db.select({ value: count() }).from(usersRoles).innerJoin(users, userJoin).where(where),
  ]);
  return { rows: rows.map(({ user }) => toRoleUserResponse(user)), total: total?.value ?? 0 };
}

export async function assignRoleUsers(db: Db, tenantId: string, roleId: string, userIds: string[]): Promise<void> {
  const role = await findRole(db, tenantId, roleId);
  if (role.type !== 'User') throw new RequestError('user.invalid_role_type');
  const ids = [...new Set(userIds)];
  const [linked] = await db
    .select({ userId: usersRoles.userId })
    .from(usersRoles)
    .where(and(eq(usersRoles.tenantId, tenantId), eq(usersRoles.roleId, roleId), inArray(usersRoles.userId, ids)))
    .limit(1);
  if (linked) {
    throw new RequestError('role.user_exists', { message: `The user id ${linked.userId} has already been added to this role.`, data: { userId: linked.userId } });
  }
  const found = await db.select({ id: users.id }).from(users).where(and(eq(users.tenantId, tenantId), inArray(users.id, ids)));
  const missing = ids.find((id) => !found.some((row) => row.id === id));
  if (missing !== undefined) throw notFound('user', missing);
  await db.insert(usersRoles).values(ids.map((userId) => ({ tenantId, id: generateId(), userId, roleId })));
}

export async function removeRoleUser(db: Db, tenantId: string, roleId: string, userId: string): Promise<void> {
  await findRole(db, tenantId, roleId);
  const deleted = await db
    .delete(usersRoles)
    .where(and(eq(usersRoles.tenantId, tenantId), eq(usersRoles.roleId, roleId), eq(usersRoles.userId, userId)))
    .returning({ id: usersRoles.id });
  if (deleted.length === 0) throw notFound('user of this role', userId);
}

// --- A role's (machine-to-machine) applications ---

export async function listRoleApplications(db: Db, tenantId: string, roleId: string, search: string | undefined, page: Page) {
  await findRole(db, tenantId, roleId);
  const conditions: Array<SQL | undefined> = [
    eq(applicationsRoles.tenantId, tenantId),
    eq(applicationsRoles.roleId, roleId),
    eq(applications.type, 'MachineToMachine'),
  ];
  if (search) {
    const pattern = likePattern(search);
    conditions.push(or(ilike(applications.id, pattern), ilike(applications.name, pattern), ilike(applications.description, pattern)));
  }
  const where = and(...conditions);
  const appJoin = and(eq(applications.tenantId, applicationsRoles.tenantId), eq(applications.id, applicationsRoles.applicationId));
  const [rows, [total]] = await Promise.all([
    db
      .select({ application: applications })
      .from(applicationsRoles)
      .innerJoin(applications, appJoin)
      .where(where)
      .orderBy(desc(applications.createdAt), applications.id)
      .limit(page.limit)
      .offset(page.offset),
    db.select({ value: count() }).from(applicationsRoles).innerJoin(applications, appJoin).where(where),
  ]);
  return { rows: rows.map(({ application }) => application), total: total?.value ?? 0 };
}

/** Only machine-to-machine apps hold roles, and only machine-to-machine roles. */
async function assertM2mApplications(db: Db, tenantId: string, applicationIds: string[]): Promise<void> {
  const found = await db
    .select({ id: applications.id, type: applications.type })
    .from(applications)
    .where(and(eq(applications.tenantId, tenantId), inArray(applications.id, applicationIds)));
  const missing = applicationIds.find((id) => !found.some((row) => row.id === id));
  if (missing !== undefined) throw notFound('application', missing);
  if (found.some(({ type }) => type !== 'MachineToMachine')) throw new RequestError('application.invalid_type');
}

const assertM2mRoles = (rows: Role[]) => {
  if (rows.some(({ type }) => type !== 'MachineToMachine')) throw new RequestError('application.invalid_role_type');
};

export async function assignRoleApplications(db: Db, tenantId: string, roleId: string, applicationIds: string[]): Promise<void> {
  const role = await findRole(db, tenantId, roleId);
  assertM2mRoles([role]);
  const ids = [...new Set(applicationIds)];
  const [linked] = await db
    .select({ applicationId: applicationsRoles.applicationId })
    .from(applicationsRoles)
    .where(and(eq(applicationsRoles.tenantId, tenantId), eq(applicationsRoles.roleId, roleId), inArray(applicationsRoles.applicationId, ids)))
    .limit(1);
  if (linked) {
    throw new RequestError('role.application_exists', {
      message: `The application id ${linked.applicationId} has already been added to this role.`,
      data: { applicationId: linked.applicationId },
    });
  }
  await assertM2mApplications(db, tenantId, ids);
  await db.insert(applicationsRoles).values(ids.map((applicationId) => ({ tenantId, id: generateId(), applicationId, roleId })));
}

export async function removeApplicationRole(db: Db, tenantId: string, applicationId: string, roleId: string): Promise<void> {
  const deleted = await db
    .delete(applicationsRoles)
    .where(and(eq(applicationsRoles.tenantId, tenantId), eq(applicationsRoles.roleId, roleId), eq(applicationsRoles.applicationId, applicationId)))
    .returning({ id: applicationsRoles.id });
  if (deleted.length === 0) throw notFound('role of this application', roleId);
}

// --- An application's roles ---

export const assertRoleHolderApplication = (db: Db, tenantId: string, applicationId: string) =>
  assertM2mApplications(db, tenantId, [applicationId]);

async function heldRoleIds(db: Db, tenantId: string, applicationId: string): Promise<Set<string>> {
  const rows = await db
    .select({ roleId: applicationsRoles.roleId })
    .from(applicationsRoles)
    .where(and(eq(applicationsRoles.tenantId, tenantId), eq(applicationsRoles.applicationId, applicationId)));
  return new Set(rows.map(({ roleId }) => roleId));
}

/** Adds roles to an app, ignoring those it holds; returns the ones added. */
export async function addApplicationRoles(db: Db, tenantId: string, applicationId: string, roleIds: string[]): Promise<string[]> {
  await assertM2mApplications(db, tenantId, [applicationId]);
  const held = await heldRoleIds(db, tenantId, applicationId);
  const added = [...new Set(roleIds)].filter((id) => !held.has(id));
  assertM2mRoles(await findRolesByIds(db, tenantId, added));
  if (added.length > 0) {
    await db
      .insert(applicationsRoles)
      .values(added.map((roleId) => ({ tenantId, id: generateId(), applicationId, roleId })))
      .onConflictDoNothing();
  }
  return added;
}

/** Makes the app hold exactly these roles. */
export async function replaceApplicationRoles(db: Db, tenantId: string, applicationId: string, roleIds: string[]): Promise<void> {
  await assertM2mApplications(db, tenantId, [applicationId]);
  const wanted = [...new Set(roleIds)];
  assertM2mRoles(await findRolesByIds(db, tenantId, wanted));
  // One transaction, so a token request never sees the app with neither its old nor its new roles.
  await db.transaction(async (tx) => {
    await tx
      .delete(applicationsRoles)
      .where(
        and(
          eq(applicationsRoles.tenantId, tenantId),
          eq(applicationsRoles.applicationId, applicationId),
          wanted.length > 0 ? not(inArray(applicationsRoles.roleId, wanted)) : undefined,
        ),
      );
    if (wanted.length > 0) {
      await tx
        .insert(applicationsRoles)
        .values(wanted.map((roleId) => ({ tenantId, id: generateId(), applicationId, roleId })))
        .onConflictDoNothing();
    }
  });
}
