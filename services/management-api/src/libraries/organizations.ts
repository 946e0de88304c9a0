// The rules of organizations and their members, as Logto has them: a link to something that does not
// exist (in this tenant) is 422 `entity.relation_foreign_key_not_found`; adding a link already there
// is no error; a member's roles need the membership first (422 `organization.require_membership`);
// users hold `User` organization roles, member apps (machine-to-machine only) `MachineToMachine` ones.
import type { Db } from '@idp/db';
import { constraintViolation, notFound, RequestError } from '@idp/errors';
import type {
  Application,
  Organization,
  OrganizationResponse,
  OrganizationRole,
  OrganizationRoleResponse,
  OrganizationUserResponse,
  OrganizationWithFeaturedResponse,
  RoleType,
  User,
} from '@idp/schemas';
import {
  applicationRoleLinks,
  findApplicationTypes,
  memberRoleLinks,
  organizationApplicationLinks,
  organizationUserLinks,
} from '../queries/organization-members.ts';
import { findOrganizationRolesByNames, findOrganizationRoleTypes } from '../queries/organization-template.ts';
import { findFeaturedMembers } from '../queries/organizations.ts';
import { toApplicationResponse } from './applications.ts';
import { toRoleUserResponse } from './user-roles.ts';

export const toOrganizationResponse = (organization: Organization): OrganizationResponse => ({
  ...organization,
  createdAt: organization.createdAt.getTime(),
});

export const toOrganizationRoleResponse = (role: OrganizationRole): OrganizationRoleResponse => role;

export const toOrganizationUserResponse = (
  user: User,
  organizationRoles: Array<{ id: string; name: string }>,
): OrganizationUserResponse => ({
  ...toRoleUserResponse(user),
  organizationRoles,
});

export const toOrganizationApplicationResponse = (application: Application, organizationRoles: Array<{ id: string; name: string }>) => ({
  ...toApplicationResponse(application),
  organizationRoles,
});

const featuredCount = 3;

/** `showFeatured`: each organization's member count and its first three members. */
export async function withFeaturedMembers(db: Db, tenantId: string, rows: Organization[]): Promise<OrganizationWithFeaturedResponse[]> {
  const members = await findFeaturedMembers(
    db,
    tenantId,
    rows.map(({ id }) => id),
    featuredCount,
  );
  return rows.map((organization) => {
    const featured = members.filter(({ organizationId }) => organizationId === organization.id);
    return {
      ...toOrganizationResponse(organization),
      usersCount: featured[0]?.total ?? 0,
      featuredUsers: featured.map(({ id, name, avatar }) => ({ id, name, avatar })),
    };
  });
}

/** Runs a write of links; a link to a row that is not there is the client's 422, as in Logto. */
export async function writeLinks<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (constraintViolation(error)?.kind === 'foreign_key') {
      throw new RequestError('entity.relation_foreign_key_not_found', { cause: error });
    }
    throw error;
  }
}

const missingLink = () => new RequestError('entity.relation_foreign_key_not_found');

/** The roles exist and are of the type the member may hold. */
export async function assertRolesOfType(db: Db, tenantId: string, roleIds: string[], type: RoleType): Promise<void> {
  const ids = [...new Set(roleIds)];
  const found = await findOrganizationRoleTypes(db, tenantId, ids);
  if (found.length < ids.length) throw missingLink();
  const wrong = found.find((role) => role.type !== type);
  if (wrong) {
    throw new RequestError('entity.db_constraint_violated', {
      message: `The organization role ${wrong.id} is not a ${type} role.`,
      data: { organizationRoleId: wrong.id },
    });
  }
}

/** Only machine-to-machine apps can be members of an organization. */
async function assertMachineToMachine(db: Db, tenantId: string, applicationIds: string[]): Promise<void> {
  const ids = [...new Set(applicationIds)];
  const found = await findApplicationTypes(db, tenantId, ids);
  if (found.length < ids.length) throw missingLink();
  const wrong = found.find(({ type }) => type !== 'MachineToMachine');
  if (wrong) {
    throw new RequestError('entity.db_constraint_violated', {
      message: `The application ${wrong.id} is not a machine-to-machine application.`,
      data: { applicationId: wrong.id },
    });
  }
}

// --- Users as members ---

export const addOrganizationUsers = (db: Db, tenantId: string, organizationId: string, userIds: string[]) =>
  writeLinks(() => organizationUserLinks.insert(db, tenantId, { organizationId }, userIds));

export const replaceOrganizationUsers = (db: Db, tenantId: string, organizationId: string, userIds: string[]) =>
  writeLinks(() => organizationUserLinks.replace(db, tenantId, { organizationId }, [...new Set(userIds)]));

export async function removeOrganizationUser(db: Db, tenantId: string, organizationId: string, userId: string): Promise<void> {
  if (!(await organizationUserLinks.delete(db, tenantId, { organizationId }, userId))) {
    throw notFound('The user is not a member of this organization.', { organizationId, userId });
  }
}

export async function assertUserMembership(db: Db, tenantId: string, organizationId: string, userId: string): Promise<void> {
  const [linked] = await organizationUserLinks.findLinked(db, tenantId, { organizationId }, [userId]);
  if (linked === undefined) throw new RequestError('organization.require_membership');
}

/** Logto lets a member's roles be named by id or by name; a name that is not a role is a 422. */
export async function resolveRoleIds(db: Db, tenantId: string, body: { organizationRoleIds?: string[]; organizationRoleNames?: string[] }) {
  const names = [...new Set(body.organizationRoleNames ?? [])];
  const found = await findOrganizationRolesByNames(db, tenantId, names);
  const missing = names.filter((name) => !found.some((role) => role.name === name));
  if (missing.length > 0) {
    throw new RequestError('entity.relation_foreign_key_not_found', {
      message: `No organization role is named ${missing.join(', ')}.`,
      data: { organizationRoleNames: missing },
    });
  }
  return [...new Set([...(body.organizationRoleIds ?? []), ...found.map(({ id }) => id)])];
}

export async function addMemberRoles(db: Db, tenantId: string, organizationId: string, userId: string, roleIds: string[]): Promise<void> {
  await assertUserMembership(db, tenantId, organizationId, userId);
  await assertRolesOfType(db, tenantId, roleIds, 'User');
  await writeLinks(() => memberRoleLinks.insert(db, tenantId, { organizationId, userId }, roleIds));
}

export async function replaceMemberRoles(db: Db, tenantId: string, organizationId: string, userId: string, roleIds: string[]) {
  await assertUserMembership(db, tenantId, organizationId, userId);
  await assertRolesOfType(db, tenantId, roleIds, 'User');
  await writeLinks(() => memberRoleLinks.replace(db, tenantId, { organizationId, userId }, [...new Set(roleIds)]));
}

export async function removeMemberRole(db: Db, tenantId: string, organizationId: string, userId: string, roleId: string) {
  await assertUserMembership(db, tenantId, organizationId, userId);
  if (!(await memberRoleLinks.delete(db, tenantId, { organizationId, userId }, roleId))) {
    throw notFound('The member does not hold this organization role.', { organizationRoleId: roleId });
  }
}

/** Every listed member gets every listed role (POST /api/organizations/:id/users/roles). */
export async function addRolesToMembers(db: Db, tenantId: string, organizationId: string, userIds: string[], roleIds: string[]) {
  await assertRolesOfType(db, tenantId, roleIds, 'User');
  const rows = [...new Set(userIds)].flatMap((userId) => [...new Set(roleIds)].map((id) => ({ organizationId, userId, id })));
  await writeLinks(() => memberRoleLinks.insertMany(db, tenantId, rows));
}

// --- Machine-to-machine apps as members ---

export async function addOrganizationApplications(db: Db, tenantId: string, organizationId: string, applicationIds: string[]) {
  await assertMachineToMachine(db, tenantId, applicationIds);
  await writeLinks(() => organizationApplicationLinks.insert(db, tenantId, { organizationId }, applicationIds));
}

export async function replaceOrganizationApplications(db: Db, tenantId: string, organizationId: string, applicationIds: string[]) {
  await assertMachineToMachine(db, tenantId, applicationIds);
  await writeLinks(() => organizationApplicationLinks.replace(db, tenantId, { organizationId }, [...new Set(applicationIds)]));
}

export async function removeOrganizationApplication(db: Db, tenantId: string, organizationId: string, applicationId: string) {
  if (!(await organizationApplicationLinks.delete(db, tenantId, { organizationId }, applicationId))) {
    throw notFound('The application is not a member of this organization.', { organizationId, applicationId });
  }
}

export async function assertApplicationMembership(db: Db, tenantId: string, organizationId: string, applicationId: string) {
  const [linked] = await organizationApplicationLinks.findLinked(db, tenantId, { organizationId }, [applicationId]);
  if (linked === undefined) throw new RequestError('organization.require_membership');
}

export async function addApplicationRoles(db: Db, tenantId: string, organizationId: string, applicationId: string, roleIds: string[]) {
  await assertApplicationMembership(db, tenantId, organizationId, applicationId);
  await assertRolesOfType(db, tenantId, roleIds, 'MachineToMachine');
  await writeLinks(() => applicationRoleLinks.insert(db, tenantId, { organizationId, applicationId }, roleIds));
}

export async function replaceApplicationRoles(db: Db, tenantId: string, organizationId: string, applicationId: string, roleIds: string[]) {
  await assertApplicationMembership(db, tenantId, organizationId, applicationId);
  await assertRolesOfType(db, tenantId, roleIds, 'MachineToMachine');
  await writeLinks(() => applicationRoleLinks.replace(db, tenantId, { organizationId, applicationId }, [...new Set(roleIds)]));
}

export async function removeApplicationRole(db: Db, tenantId: string, organizationId: string, applicationId: string, roleId: string) {
  await assertApplicationMembership(db, tenantId, organizationId, applicationId);
  if (!(await applicationRoleLinks.delete(db, tenantId, { organizationId, applicationId }, roleId))) {
    throw notFound('The application does not hold this organization role.', { organizationRoleId: roleId });
  }
}

export async function addRolesToApplications(
  db: Db,
  tenantId: string,
  organizationId: string,
  applicationIds: string[],
  roleIds: string[],
) {
  await assertRolesOfType(db, tenantId, roleIds, 'MachineToMachine');
  const rows = [...new Set(applicationIds)].flatMap((applicationId) =>
    [...new Set(roleIds)].map((id) => ({ organizationId, applicationId, id })),
  );
  await writeLinks(() => applicationRoleLinks.insertMany(db, tenantId, rows));
}
