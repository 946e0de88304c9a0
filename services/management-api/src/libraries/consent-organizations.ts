// Logto's user consent organizations: which of a user's organizations a third-party app may reach.
// First-party apps reach every organization of their user, so only third-party apps keep grants, and
// a user can grant only organizations they are a member of.
import type { Db } from '@idp/db';
import { constraintViolation, entityNotFound, notFound, RequestError } from '@idp/errors';
import type { ConsentOrganizationsResponse } from '@idp/schemas';
import * as grants from '../queries/consent-organizations.ts';
import type { Page } from '../queries/page.ts';
import { findUser } from '../queries/users.ts';
import { toOrganizationResponse } from './organizations.ts';
import { assertThirdPartyApplication } from './user-consent-scopes.ts';

export type ConsentParties = { tenantId: string; applicationId: string; userId: string };

/** Logto's order: the app (404, then 422 when first-party), then the user (404). */
async function assertParties(db: Db, { tenantId, applicationId, userId }: ConsentParties): Promise<void> {
  await assertThirdPartyApplication(db, tenantId, applicationId);
  await findUser(db, tenantId, userId);
}

async function assertMemberships(db: Db, { tenantId, userId }: ConsentParties, organizationIds: string[]): Promise<void> {
  const members = await grants.findMemberOrganizationIds(db, tenantId, userId, organizationIds);
  const outside = organizationIds.filter((id) => !members.includes(id));
  if (outside.length > 0) throw new RequestError('organization.require_membership', { data: { organizationIds: outside } });
}

/**
 * Runs a write of grants. The membership was checked just before, but the user may leave (or the
 * app be deleted) in between: the foreign keys then refuse the row, which is still the client's error.
 */
async function writeGrants(parties: ConsentParties, write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (error) {
    const violation = constraintViolation(error);
    if (violation?.kind !== 'foreign_key') throw error;
    if (violation.constraint?.endsWith('__application_fkey')) throw entityNotFound('application', parties.applicationId);
    throw new RequestError('organization.require_membership', { cause: error });
  }
}

export async function listConsentOrganizations(
  db: Db,
  parties: ConsentParties,
  page: Page,
): Promise<{ body: ConsentOrganizationsResponse; total: number }> {
  await assertParties(db, parties);
  const { rows, total } = await grants.listConsentOrganizations(db, parties.tenantId, parties.applicationId, parties.userId, page);
  return { body: { organizations: rows.map(toOrganizationResponse) }, total };
}

/** Grants these organizations too; ones already granted stay. */
export async function grantConsentOrganizations(db: Db, parties: ConsentParties, organizationIds: string[]): Promise<void> {
  const ids = [...new Set(organizationIds)];
  await assertParties(db, parties);
  await assertMemberships(db, parties, ids);
  await writeGrants(parties, () => grants.insertConsentOrganizations(db, parties.tenantId, parties.applicationId, parties.userId, ids));
}

/** Grants exactly these organizations: the others are revoked (all of them for an empty list). */
export async function replaceConsentOrganizations(db: Db, parties: ConsentParties, organizationIds: string[]): Promise<void> {
  const ids = [...new Set(organizationIds)];
  await assertParties(db, parties);
  await assertMemberships(db, parties, ids);
  await writeGrants(parties, () => grants.replaceConsentOrganizations(db, parties.tenantId, parties.applicationId, parties.userId, ids));
}

export async function revokeConsentOrganization(db: Db, parties: ConsentParties, organizationId: string): Promise<void> {
  await assertParties(db, parties);
  if (!(await grants.deleteConsentOrganization(db, parties.tenantId, parties.applicationId, parties.userId, organizationId))) {
    throw notFound('The user has not granted the application this organization.', { organizationId });
  }
}
