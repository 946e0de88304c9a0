// Which roles a machine-to-machine application holds (only machine-to-machine roles), from either
// end: /api/roles/:id/applications and /api/applications/:applicationId/roles. The roles decide the
// scopes of the app's client-credentials tokens.
import type { SQL } from 'drizzle-orm';
import type { Db } from '@idp/db';
import { entityNotFound, RequestError } from '@idp/errors';
import type { Role } from '@idp/schemas';
import { findApplicationTypes } from '../queries/applications.ts';
import type { Page } from '../queries/page.ts';
import { listRoleApplications } from '../queries/role-holders.ts';
import { applicationRoleLinks, roleApplicationLinks } from '../queries/role-links.ts';
import { findRole, listRoles } from '../queries/roles.ts';
import { createRoleHolding } from './role-holding.ts';

/** Only machine-to-machine apps hold roles, and only machine-to-machine roles. */
async function assertM2mApplications(db: Db, tenantId: string, applicationIds: string[]): Promise<void> {
  const found = await findApplicationTypes(db, tenantId, applicationIds);
  const missing = applicationIds.find((id) => !found.some((row) => row.id === id));
  if (missing !== undefined) throw entityNotFound('application', missing);
  if (found.some(({ type }) => type !== 'MachineToMachine')) throw new RequestError('application.invalid_type');
}

const assertM2mRoles = (rows: Role[]) => {
  if (rows.some(({ type }) => type !== 'MachineToMachine')) throw new RequestError('application.invalid_role_type');
};

// --- From the role's side ---

export async function listApplicationsOfRole(db: Db, tenantId: string, roleId: string, search: SQL | undefined, page: Page) {
  await findRole(db, tenantId, roleId);
  return listRoleApplications(db, tenantId, roleId, search, page);
}

export async function assignRoleApplications(db: Db, tenantId: string, roleId: string, applicationIds: string[]): Promise<void> {
  const role = await findRole(db, tenantId, roleId);
  assertM2mRoles([role]);
  const ids = [...new Set(applicationIds)];
  const [linked] = await roleApplicationLinks.findLinked(db, tenantId, roleId, ids);
  if (linked !== undefined) {
    throw new RequestError('role.application_exists', {
      message: `The application id ${linked} has already been added to this role.`,
      data: { applicationId: linked },
    });
  }
  await assertM2mApplications(db, tenantId, ids);
  await roleApplicationLinks.insert(db, tenantId, roleId, ids);
}

export async function removeRoleApplication(db: Db, tenantId: string, roleId: string, applicationId: string): Promise<void> {
  await findRole(db, tenantId, roleId);
  await removeApplicationRole(db, tenantId, applicationId, roleId);
}

// --- From the application's side ---

export async function listRolesOfApplication(db: Db, tenantId: string, applicationId: string, search: SQL | undefined, page: Page) {
  await assertM2mApplications(db, tenantId, [applicationId]);
  return listRoles(db, tenantId, { applicationId, type: 'MachineToMachine', search }, page);
}

const applicationRoles = createRoleHolding(
  applicationRoleLinks,
  (db, tenantId, id) => assertM2mApplications(db, tenantId, [id]),
  assertM2mRoles,
);
export const addApplicationRoles = applicationRoles.add;
export const replaceApplicationRoles = applicationRoles.replace;

export async function removeApplicationRole(db: Db, tenantId: string, applicationId: string, roleId: string): Promise<void> {
  if (!(await applicationRoleLinks.delete(db, tenantId, applicationId, roleId))) throw entityNotFound('role of this application', roleId);
}

/** DELETE /api/applications/:applicationId/roles/:roleId: the app must be one that holds roles. */
export async function removeRoleFromApplication(db: Db, tenantId: string, applicationId: string, roleId: string): Promise<void> {
  await assertM2mApplications(db, tenantId, [applicationId]);
  await removeApplicationRole(db, tenantId, applicationId, roleId);
}
