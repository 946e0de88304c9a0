import type { Db } from '@idp/db';
import { roles, users, usersRoles, type User } from '@idp/schemas';
import { and, eq } from 'drizzle-orm';
import { runPrepared } from './prepared.ts';

export async function findUserById(db: Db, tenantId: string, id: string) {
  const [row] = await db
    .select()
    .from(users)
    .where(and(eq(users.tenantId, tenantId), eq(users.id, id)));
  return row;
}

export async function findRoleNamesOfUser(db: Db, tenantId: string, userId: string): Promise<string[]> {
  const rows = await db
    .select({ name: roles.name })
    .from(usersRoles)
    .innerJoin(roles, and(eq(roles.tenantId, usersRoles.tenantId), eq(roles.id, usersRoles.roleId)))
    .where(and(eq(usersRoles.tenantId, tenantId), eq(usersRoles.userId, userId)));
  return rows.map(({ name }) => name);
}

/** The fields of a user that claims and the suspension check need (no secrets). */
export type ClaimsUser = Pick<
  User,
  | 'id'
  | 'username'
  | 'primaryEmail'
  | 'primaryPhone'
  | 'name'
  | 'avatar'
  | 'profile'
  | 'identities'
  | 'customData'
  | 'isSuspended'
  | 'createdAt'
  | 'updatedAt'
>;

/**
 * A users row `u` as one JSON value (null when there is none), for statements that fetch the user
 * along with something else (the adapter reads it with the token that names the user).
 */
export const claimsUserJson = `case when u.id is null then null else json_build_object(
  'id', u.id, 'username', u.username, 'primaryEmail', u.primary_email, 'primaryPhone', u.primary_phone,
  'name', u.name, 'avatar', u.avatar, 'profile', u.profile, 'identities', u.identities, 'customData', u.custom_data,
  'isSuspended', u.is_suspended, 'createdAt', floor(extract(epoch from u.created_at) * 1000),
  'updatedAt', floor(extract(epoch from u.updated_at) * 1000)) end`;

export type ClaimsUserJson = Omit<ClaimsUser, 'createdAt' | 'updatedAt'> & { createdAt: number; updatedAt: number };

export const toClaimsUser = (json: ClaimsUserJson | null): ClaimsUser | undefined =>
  json ? { ...json, createdAt: new Date(Number(json.createdAt)), updatedAt: new Date(Number(json.updatedAt)) } : undefined;

const findClaimsUserStatement = {
  name: 'oidc_find_claims_user',
  text: `select ${claimsUserJson} as account from users u where u.tenant_id = $1 and u.id = $2`,
};

export async function findClaimsUser(db: Db, tenantId: string, id: string): Promise<ClaimsUser | undefined> {
  const { rows } = await runPrepared<{ account: ClaimsUserJson | null }>(db, findClaimsUserStatement, [tenantId, id]);
  return toClaimsUser(rows[0]?.account ?? null);
}
