// The users table. Every statement is scoped by tenant, and reads select the response's columns
// only: the password digest and MFA secrets are read where they are needed, nowhere else.
import { entityNotFound } from '@idp/errors';
import { generateId, type Db } from '@idp/db';
import { roles, users, usersRoles, type JsonObject, type NewUser, type User } from '@idp/schemas';
import { and, count, desc, eq, exists, inArray, not, sql, type SQL } from 'drizzle-orm';
import { findPage, type Page } from './page.ts';
import { userRoleLinks } from './role-links.ts';
import { findDefaultUserRoleIds } from './roles.ts';

export const userColumns = {
  id: users.id,
  username: users.username,
  primaryEmail: users.primaryEmail,
  primaryPhone: users.primaryPhone,
  name: users.name,
  avatar: users.avatar,
  customData: users.customData,
  identities: users.identities,
  lastSignInAt: users.lastSignInAt,
  createdAt: users.createdAt,
  updatedAt: users.updatedAt,
  profile: users.profile,
  applicationId: users.applicationId,
  isSuspended: users.isSuspended,
  hasPassword: sql<boolean>`(${users.passwordEncrypted} is not null)`,
};
export type UserRow = Omit<
  User,
  'tenantId' | 'passwordEncrypted' | 'passwordEncryptionMethod' | 'passwordUpdatedAt' | 'logtoConfig' | 'mfaVerifications'
> & {
  hasPassword: boolean;
};

export const userById = (tenantId: string, id: string) => and(eq(users.tenantId, tenantId), eq(users.id, id));

export async function findUser(db: Db, tenantId: string, id: string): Promise<UserRow> {
  const [row] = await db.select(userColumns).from(users).where(userById(tenantId, id));
  if (!row) throw entityNotFound('user', id);
  return row;
}

/** Which of the listed ids are users of the tenant. */
export async function findUserIds(db: Db, tenantId: string, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.tenantId, tenantId), inArray(users.id, ids)));
  return rows.map(({ id }) => id);
}

// Newest first, the order of the index users__tenant_id_created_at_id (`DESC NULLS LAST` on both
// columns: a plain DESC would mean NULLS FIRST, and PostgreSQL would sort instead of reading the index).
const newestFirst = [sql`${users.createdAt} desc nulls last`, sql`${users.id} desc nulls last`];

export async function listUsers(db: Db, tenantId: string, filter: { search?: SQL; excludeRoleId?: string }, page: Page) {
  const where = and(
    eq(users.tenantId, tenantId),
    filter.search,
    filter.excludeRoleId === undefined
      ? undefined
      : not(
          exists(
            db
              .select({ one: sql`1` })
              .from(usersRoles)
              .where(and(eq(usersRoles.tenantId, tenantId), eq(usersRoles.roleId, filter.excludeRoleId), eq(usersRoles.userId, users.id))),
          ),
        ),
  );
  const rows = await db
    .select(userColumns)
    .from(users)
    .where(where)
    .orderBy(...newestFirst)
    .limit(page.limit)
    .offset(page.offset);
  // A page that is not full is the last one, so it tells the total: a search for someone (the
  // usual search) is answered by one statement instead of matching every user a second time to
  // count. Only a full page, or an empty one past the start, needs count(*).
  if (rows.length < page.limit && (rows.length > 0 || page.offset === 0)) return { rows, total: page.offset + rows.length };
  const [counted] = await db.select({ value: count() }).from(users).where(where);
  return { rows, total: counted?.value ?? 0 };
}

/**
 * `limit` users from the one whose sort key is `anchor` on (newest first), skipping `skip`: one
 * seek on the index users__tenant_id_created_at_id instead of an OFFSET over every earlier page.
 */
export async function listUsersFromAnchor(
  db: Db,
  tenantId: string,
  anchor: { createdAt: string; id: string },
  skip: number,
  limit: number,
) {
  return db
    .select(userColumns)
    .from(users)
    .where(and(eq(users.tenantId, tenantId), sql`(${users.createdAt}, ${users.id}) <= (${anchor.createdAt}::timestamptz, ${anchor.id})`))
    .orderBy(...newestFirst)
    .limit(limit)
    .offset(skip);
}

/** A new user, holding the tenant's default user roles from the start (as in Logto). */
/** Inserts a user with the id the caller chose (Logto's migration case) or a new random one. */
export async function insertUser(db: Db, tenantId: string, values: Omit<NewUser, 'tenantId' | 'id'> & { id?: string }): Promise<UserRow> {
  return db.transaction(async (tx) => {
    const [user] = await tx
      .insert(users)
      .values({ ...values, tenantId, id: values.id ?? generateId() })
      .returning(userColumns);
    await userRoleLinks.insert(tx, tenantId, user!.id, await findDefaultUserRoleIds(tx, tenantId));
    return user!;
  });
}

export type UserUpdate = Partial<Omit<NewUser, 'customData' | 'profile'>> & {
  customData?: JsonObject | SQL;
  profile?: NewUser['profile'] | SQL;
};

export async function updateUser(db: Db, tenantId: string, id: string, values: UserUpdate): Promise<UserRow> {
  if (Object.values(values).every((value) => value === undefined)) return findUser(db, tenantId, id);
  const [row] = await db.update(users).set(values).where(userById(tenantId, id)).returning(userColumns);
  if (!row) throw entityNotFound('user', id);
  return row;
}

/** Shallow merge into a jsonb column, in one statement: concurrent merges of other keys both survive. */
export const mergeJson = (column: typeof users.customData | typeof users.profile, value: object): SQL =>
  sql`${column} || ${JSON.stringify(value)}::jsonb`;

export async function deleteUser(db: Db, tenantId: string, id: string): Promise<void> {
  // Role links go with the row (foreign keys cascade). Tokens already issued stop working because
  // the OP finds no account for them any more.
  const deleted = await db.delete(users).where(userById(tenantId, id)).returning({ id: users.id });
  if (deleted.length === 0) throw entityNotFound('user', id);
}

export async function findPasswordDigest(db: Db, tenantId: string, id: string) {
  const [row] = await db
    .select({ passwordEncrypted: users.passwordEncrypted, passwordEncryptionMethod: users.passwordEncryptionMethod })
    .from(users)
    .where(userById(tenantId, id));
  if (!row) throw entityNotFound('user', id);
  return row;
}

/** The user's user roles (never machine-to-machine ones). */
export async function listUserRoles(db: Db, tenantId: string, userId: string, search: SQL | undefined, page: Page) {
  const conditions: Array<SQL | undefined> = [eq(usersRoles.tenantId, tenantId), eq(usersRoles.userId, userId), eq(roles.type, 'User')];
  if (search) {
    conditions.push(search);
  }
  const where = and(...conditions);
  const roleJoin = and(eq(roles.tenantId, usersRoles.tenantId), eq(roles.id, usersRoles.roleId));
  const { rows, total } = await findPage(
    db
      .select({ role: roles })
      .from(usersRoles)
      .innerJoin(roles, roleJoin)
      .where(where)
      .orderBy(desc(roles.createdAt), roles.id)
      .limit(page.limit)
      .offset(page.offset),
    db.select({ value: count() }).from(usersRoles).innerJoin(roles, roleJoin).where(where),
  );
  return { rows: rows.map(({ role }) => role), total };
}
