// The SQL behind /api/users. Every statement is scoped by tenant, and reads select the response's
// columns only: the password digest and MFA secrets are read where they are needed, nowhere else.
import { generateId, type Db } from '@idp/db';
import { RequestError, type ErrorCode } from '@idp/errors';
import { hashPassword, verifyPassword } from '@idp/password';
import {
  roles,
  holdsSocialIdentity,
  users,
  usersRoles,
  type Identities,
  type Identity,
  type JsonObject,
  type NewUser,
  type Role,
  type User,
  type UserMfaVerificationResponse,
  type UserResponse,
} from '@idp/schemas';
import { and, count, desc, eq, exists, ilike, inArray, not, or, sql, type SQL } from 'drizzle-orm';
import { findRolesByIds } from '../queries/roles.ts';
import { likePattern } from '../queries/search.ts';
import type { Page } from './pagination.ts';
import { anchorStep, type UserListIndex, type UserListIndexCache } from './users-list-index.ts';

const userColumns = {
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
type UserRow = Omit<User, 'tenantId' | 'passwordEncrypted' | 'passwordEncryptionMethod' | 'logtoConfig' | 'mfaVerifications'> & {
  hasPassword: boolean;
};

export const toUserResponse = (user: UserRow): UserResponse => ({
  ...user,
  lastSignInAt: user.lastSignInAt?.getTime() ?? null,
  createdAt: user.createdAt.getTime(),
  updatedAt: user.updatedAt.getTime(),
});

const byId = (tenantId: string, id: string) => and(eq(users.tenantId, tenantId), eq(users.id, id));
const notFound = (id: string) =>
  new RequestError('entity.not_exists_with_id', { message: `The user with id \`${id}\` does not exist.`, data: { id } });

export async function findUser(db: Db, tenantId: string, id: string): Promise<UserRow> {
  const [row] = await db.select(userColumns).from(users).where(byId(tenantId, id));
  if (!row) throw notFound(id);
  return row;
}

// --- Identifiers are unique per tenant (emails regardless of case) ---

const identifierConstraints: Record<string, ErrorCode> = {
  users__username: 'user.username_already_in_use',
  users__primary_email: 'user.email_already_in_use',
  users__primary_phone: 'user.phone_already_in_use',
};

export function violatedConstraint(error: unknown, depth = 0): string | undefined {
  if (!(error instanceof Error) || depth > 3) return undefined;
  const { code, constraint } = error as { code?: unknown; constraint?: unknown };
  if (code === '23505' && typeof constraint === 'string') return constraint;
  // Drizzle wraps the driver's error; the constraint is named in the cause.
  return violatedConstraint(error.cause, depth + 1);
}

/**
 * Runs a write that may take an identifier someone else holds. The unique indexes decide, not a
 * prior SELECT, so two concurrent requests for one name cannot both win; the loser gets Logto's 422.
 */
async function guardIdentifiers<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const code = identifierConstraints[violatedConstraint(error) ?? ''];
    if (code) throw new RequestError(code, { cause: error });
    throw error;
  }
}

// --- Users ---

// Newest first, the order of the index users__tenant_id_created_at_id (`DESC NULLS LAST` on both
// columns: a plain DESC would mean NULLS FIRST, and PostgreSQL would sort instead of reading the index).
const newestFirst = [sql`${users.createdAt} desc nulls last`, sql`${users.id} desc nulls last`];

export async function listUsers(
  db: Db,
  tenantId: string,
  filter: { search?: SQL; excludeRoleId?: string },
  page: Page,
  listIndex?: UserListIndexCache,
) {
  if (listIndex && filter.search === undefined && filter.excludeRoleId === undefined) {
    const index = await listIndex.get(tenantId);
    if (index) return listAllUsers(db, tenantId, page, index);
  }
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
  const [rows, [total]] = await Promise.all([
    db.select(userColumns).from(users).where(where).orderBy(...newestFirst).limit(page.limit).offset(page.offset),
    db.select({ value: count() }).from(users).where(where),
  ]);
  return { rows, total: total?.value ?? 0 };
}

/** A page of the whole tenant, from the cached total and the nearest anchor (see users-list-index.ts). */
async function listAllUsers(db: Db, tenantId: string, page: Page, index: UserListIndex) {
  const anchor = index.anchors[Math.floor(page.offset / anchorStep)];
  if (!anchor) return { rows: [], total: index.total };
  const rows = await db
    .select(userColumns)
    .from(users)
    .where(and(eq(users.tenantId, tenantId), sql`(${users.createdAt}, ${users.id}) <= (${anchor.createdAt}::timestamptz, ${anchor.id})`))
    .orderBy(...newestFirst)
    .limit(page.limit)
    .offset(page.offset % anchorStep);
  return { rows, total: index.total };
}

/** A new user, holding the tenant's default user roles from the start (as in Logto). */
export async function insertUser(db: Db, tenantId: string, values: Omit<NewUser, 'tenantId' | 'id'>): Promise<UserRow> {
  return guardIdentifiers(() =>
    db.transaction(async (tx) => {
      const [user] = await tx.insert(users).values({ ...values, tenantId, id: generateId() }).returning(userColumns);
      const defaults = await tx
        .select({ id: roles.id })
        .from(roles)
        .where(and(eq(roles.tenantId, tenantId), eq(roles.isDefault, true), eq(roles.type, 'User')));
      if (defaults.length > 0) {
        await tx.insert(usersRoles).values(defaults.map(({ id: roleId }) => ({ tenantId, id: generateId(), userId: user!.id, roleId })));
      }
      return user!;
    }),
  );
}

type UserUpdate = Partial<Omit<NewUser, 'customData' | 'profile'>> & { customData?: JsonObject | SQL; profile?: NewUser['profile'] | SQL };

export async function updateUser(db: Db, tenantId: string, id: string, values: UserUpdate): Promise<UserRow> {
  if (Object.values(values).every((value) => value === undefined)) return findUser(db, tenantId, id);
  const [row] = await guardIdentifiers(() => db.update(users).set(values).where(byId(tenantId, id)).returning(userColumns));
  if (!row) throw notFound(id);
  return row;
}

/** Shallow merge into a jsonb column, in one statement: concurrent merges of other keys both survive. */
export const mergeJson = (column: typeof users.customData | typeof users.profile, value: object): SQL =>
  sql`${column} || ${JSON.stringify(value)}::jsonb`;

export async function deleteUser(db: Db, tenantId: string, id: string): Promise<void> {
  // Role links go with the row (foreign keys cascade). Tokens already issued stop working because
  // the OP finds no account for them any more.
  const deleted = await db.delete(users).where(byId(tenantId, id)).returning({ id: users.id });
  if (deleted.length === 0) throw notFound(id);
}

export async function setPassword(db: Db, tenantId: string, id: string, password: string): Promise<UserRow> {
  await findUser(db, tenantId, id); // an unknown user costs no hashing
  return updateUser(db, tenantId, id, await hashPassword(password));
}

export async function checkPassword(db: Db, tenantId: string, id: string, password: string): Promise<boolean> {
  const [row] = await db
    .select({ passwordEncrypted: users.passwordEncrypted, passwordEncryptionMethod: users.passwordEncryptionMethod })
    .from(users)
    .where(byId(tenantId, id));
  if (!row) throw notFound(id);
  return verifyPassword(password, row);
}

// --- Social identities, keyed by connector target ---

const identityNotFound = (target: string) =>
  new RequestError('user.identity_not_exist', { message: `The user has no identity for \`${target}\`.`, data: { target } });

export async function findIdentity(db: Db, tenantId: string, id: string, target: string): Promise<Identity> {
  const [row] = await db
    .select({ identity: sql<Identity | null>`${users.identities} -> ${target}::text` })
    .from(users)
    .where(byId(tenantId, id));
  if (!row) throw notFound(id);
  if (!row.identity) throw identityNotFound(target);
  return row.identity;
}

/**
 * Sets `identities[target]` in one UPDATE (jsonb `||`, so identities written meanwhile under other
 * targets survive), inside a transaction that also makes sure no other user of the tenant holds the
 * same social identity. Linking takes turns per social identity (a transaction-scoped advisory lock),
 * so two requests cannot give one identity to two users. `created` tells whether the target was new.
 * With `mustBeNew`, a target the user already has is refused with `user.social_account_exists_in_profile`.
 */
export async function setIdentity(
  db: Db,
  tenantId: string,
  id: string,
  target: string,
  identity: Identity,
  options: { mustBeNew?: boolean } = {},
): Promise<{ identities: Identities; created: boolean }> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`user-identity:${tenantId}:${target}:${identity.userId}`}))`);
    // The CTE locks the row first, so `existed` is what the UPDATE replaces, even under concurrent writes.
    const { rows } = await tx.execute<{ identities: Identities; existed: boolean }>(sql`
      with previous as (
        select id, identities ? ${target}::text as existed from users
        where tenant_id = ${tenantId} and id = ${id}
        for update
      )
      update users
      set identities = users.identities || jsonb_build_object(${target}::text, ${JSON.stringify(identity)}::jsonb), updated_at = now()
      from previous
      where users.tenant_id = ${tenantId} and users.id = previous.id${options.mustBeNew ? sql` and not previous.existed` : sql``}
      returning users.identities, previous.existed`);
    const [row] = rows;
    if (!row) {
      await findUser(tx, tenantId, id);
      throw new RequestError('user.social_account_exists_in_profile', { data: { target } });
    }
    const [holder] = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.tenantId, tenantId), not(eq(users.id, id)), holdsSocialIdentity(target, identity.userId)))
      .limit(1);
    // Thrown inside the transaction: the UPDATE above is rolled back. The other user is not named.
    if (holder) throw new RequestError('user.identity_already_in_use', { data: { target } });
    return { identities: row.identities, created: !row.existed };
  });
}

export async function removeIdentity(db: Db, tenantId: string, id: string, target: string): Promise<UserRow> {
  const [row] = await db
    .update(users)
    .set({ identities: sql`${users.identities} - ${target}::text` })
    .where(and(byId(tenantId, id), sql`${users.identities} ? ${target}::text`))
    .returning(userColumns);
  if (row) return row;
  await findUser(db, tenantId, id);
  throw identityNotFound(target);
}

// --- MFA factors: listed without their secrets ---

export async function listMfaVerifications(db: Db, tenantId: string, id: string): Promise<UserMfaVerificationResponse[]> {
  const [row] = await db.select({ mfaVerifications: users.mfaVerifications }).from(users).where(byId(tenantId, id));
  if (!row) throw notFound(id);
  return row.mfaVerifications.map((factor) => {
    const { id: factorId, createdAt, lastUsedAt, type } = factor;
    const base = { id: factorId, createdAt, type, ...(lastUsedAt === undefined ? {} : { lastUsedAt }) };
    if (factor.type === 'WebAuthn') return { ...base, agent: factor.agent, ...(factor.name === undefined ? {} : { name: factor.name }) };
    if (factor.type === 'BackupCode') return { ...base, remainCodes: factor.codes.filter(({ usedAt }) => !usedAt).length };
    return base;
  });
}

export async function removeMfaVerification(db: Db, tenantId: string, id: string, verificationId: string): Promise<void> {
  // Filtered inside PostgreSQL, so a factor enrolled meanwhile is not lost to a read-modify-write.
  const [row] = await db
    .update(users)
    .set({
      mfaVerifications: sql`(select coalesce(jsonb_agg(factor order by position), '[]'::jsonb)
        from jsonb_array_elements(${users.mfaVerifications}) with ordinality as factors(factor, position)
        where factor->>'id' is distinct from ${verificationId})`,
    })
    .where(and(byId(tenantId, id), sql`${users.mfaVerifications} @> ${JSON.stringify([{ id: verificationId }])}::jsonb`))
    .returning({ id: users.id });
  if (row) return;
  await findUser(db, tenantId, id);
  throw new RequestError('entity.not_found', { message: `The MFA verification \`${verificationId}\` does not exist.`, data: { verificationId } });
}

// --- A user's roles ---

export async function listUserRoles(db: Db, tenantId: string, userId: string, search: string | undefined, page: Page) {
  await findUser(db, tenantId, userId);
  const conditions: Array<SQL | undefined> = [eq(usersRoles.tenantId, tenantId), eq(usersRoles.userId, userId), eq(roles.type, 'User')];
  if (search) {
    const pattern = likePattern(search);
    conditions.push(or(ilike(roles.id, pattern), ilike(roles.name, pattern), ilike(roles.description, pattern)));
  }
  const where = and(...conditions);
  const roleJoin = and(eq(roles.tenantId, usersRoles.tenantId), eq(roles.id, usersRoles.roleId));
  const [rows, [total]] = await Promise.all([
    db
      .select({ role: roles })
      .from(usersRoles)
      .innerJoin(roles, roleJoin)
      .where(where)
      .orderBy(desc(roles.createdAt), roles.id)
      .limit(page.limit)
      .offset(page.offset),
    db.select({ value: count() }).from(usersRoles).innerJoin(roles, roleJoin).where(where),
  ]);
  return { rows: rows.map(({ role }) => role), total: total?.value ?? 0 };
}

const assertUserRoles = (rows: Role[]) => {
  const m2m = rows.find(({ type }) => type !== 'User');
  if (m2m) throw new RequestError('user.invalid_role_type', { data: { roleId: m2m.id } });
};

async function heldRoleIds(db: Db, tenantId: string, userId: string): Promise<Set<string>> {
  const rows = await db
    .select({ roleId: usersRoles.roleId })
    .from(usersRoles)
    .where(and(eq(usersRoles.tenantId, tenantId), eq(usersRoles.userId, userId)));
  return new Set(rows.map(({ roleId }) => roleId));
}

/** Adds roles, ignoring those the user holds; returns the ones added. */
export async function addUserRoles(db: Db, tenantId: string, userId: string, roleIds: string[]): Promise<string[]> {
  await findUser(db, tenantId, userId);
  const held = await heldRoleIds(db, tenantId, userId);
  const added = [...new Set(roleIds)].filter((id) => !held.has(id));
  assertUserRoles(await findRolesByIds(db, tenantId, added));
  if (added.length > 0) {
    await db
      .insert(usersRoles)
      .values(added.map((roleId) => ({ tenantId, id: generateId(), userId, roleId })))
      .onConflictDoNothing();
  }
  return added;
}

/** Makes the user hold exactly these roles. */
export async function replaceUserRoles(db: Db, tenantId: string, userId: string, roleIds: string[]): Promise<void> {
  await findUser(db, tenantId, userId);
  const wanted = [...new Set(roleIds)];
  assertUserRoles(await findRolesByIds(db, tenantId, wanted));
  // One transaction, so a token issued meanwhile sees either the old roles or the new ones.
  await db.transaction(async (tx) => {
    await tx
      .delete(usersRoles)
      .where(and(eq(usersRoles.tenantId, tenantId), eq(usersRoles.userId, userId), wanted.length > 0 ? not(inArray(usersRoles.roleId, wanted)) : undefined));
    if (wanted.length > 0) {
      await tx
        .insert(usersRoles)
        .values(wanted.map((roleId) => ({ tenantId, id: generateId(), userId, roleId })))
        .onConflictDoNothing();
    }
  });
}

export async function removeUserRole(db: Db, tenantId: string, userId: string, roleId: string): Promise<void> {
  const deleted = await db
    .delete(usersRoles)
    .where(and(eq(usersRoles.tenantId, tenantId), eq(usersRoles.userId, userId), eq(usersRoles.roleId, roleId)))
    .returning({ id: usersRoles.id });
  if (deleted.length > 0) return;
  await findUser(db, tenantId, userId);
  throw new RequestError('entity.not_exists_with_id', { message: `The user holds no role with id \`${roleId}\`.`, data: { id: roleId } });
}
