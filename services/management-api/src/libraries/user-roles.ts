// Which roles a user holds (only user roles), from either end: /api/roles/:id/users and
// /api/users/:userId/roles. The roles decide the scopes of the user's access tokens.
import type { SQL } from 'drizzle-orm';
import type { Db } from '@idp/db';
import { entityNotFound, RequestError } from '@idp/errors';
import type { Role, RoleUserResponse, User } from '@idp/schemas';
import type { Page } from '../queries/page.ts';
import { listRoleUsers } from '../queries/role-holders.ts';
import { roleUserLinks, userRoleLinks } from '../queries/role-links.ts';
import { findRole } from '../queries/roles.ts';
import { findUser, findUserIds, listUserRoles } from '../queries/users.ts';
import { createRoleHolding } from './role-holding.ts';

/** What a client sees of a user in role and organization member lists (no password, no MFA secrets). */
export const toRoleUserResponse = (user: User): RoleUserResponse => ({
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

// --- From the role's side ---

export async function listUsersOfRole(db: Db, tenantId: string, roleId: string, search: SQL | undefined, page: Page) {
  await findRole(db, tenantId, roleId);
  const { rows, total } = await listRoleUsers(db, tenantId, roleId, search, page);
  return { rows: rows.map(toRoleUserResponse), total };
}

export async function assignRoleUsers(db: Db, tenantId: string, roleId: string, userIds: string[]): Promise<void> {
  const role = await findRole(db, tenantId, roleId);
  if (role.type !== 'User') throw new RequestError('user.invalid_role_type');
  const ids = [...new Set(userIds)];
  const [linked] = await roleUserLinks.findLinked(db, tenantId, roleId, ids);
  if (linked !== undefined) {
    throw new RequestError('role.user_exists', {
      message: `The user id ${linked} has already been added to this role.`,
      data: { userId: linked },
    });
  }
  const found = await findUserIds(db, tenantId, ids);
  const missing = ids.find((id) => !found.includes(id));
  if (missing !== undefined) throw entityNotFound('user', missing);
  await roleUserLinks.insert(db, tenantId, roleId, ids);
}

export async function removeRoleUser(db: Db, tenantId: string, roleId: string, userId: string): Promise<void> {
  await findRole(db, tenantId, roleId);
  if (!(await roleUserLinks.delete(db, tenantId, roleId, userId))) throw entityNotFound('user of this role', userId);
}

// --- From the user's side ---

export async function listRolesOfUser(db: Db, tenantId: string, userId: string, search: SQL | undefined, page: Page) {
  await findUser(db, tenantId, userId);
  return listUserRoles(db, tenantId, userId, search, page);
}

const assertUserRoles = (rows: Role[]) => {
  const m2m = rows.find(({ type }) => type !== 'User');
  if (m2m) throw new RequestError('user.invalid_role_type', { data: { roleId: m2m.id } });
};

const userRoles = createRoleHolding(userRoleLinks, findUser, assertUserRoles);
export const addUserRoles = userRoles.add;
export const replaceUserRoles = userRoles.replace;

export async function removeUserRole(db: Db, tenantId: string, userId: string, roleId: string): Promise<void> {
  if (await userRoleLinks.delete(db, tenantId, userId, roleId)) return;
  await findUser(db, tenantId, userId);
  throw entityNotFound('role of this user', roleId);
}
