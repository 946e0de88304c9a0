// The organizations each user let a third-party application into. A grant is a row per
// (application, user, organization) whose foreign key is the membership itself, so leaving an
// organization drops the app's grant to it in the database.
import type { Db } from '@idp/db';
import { applicationUserConsentOrganizations, organizations, organizationUserRelations, type Organization } from '@idp/schemas';
import { and, asc, count, eq, inArray, not } from 'drizzle-orm';
import { findPage, type Page, type PageOf } from './page.ts';

const grantsOf = (tenantId: string, applicationId: string, userId: string) =>
  and(
    eq(applicationUserConsentOrganizations.tenantId, tenantId),
    eq(applicationUserConsentOrganizations.applicationId, applicationId),
    eq(applicationUserConsentOrganizations.userId, userId),
  );

/** One page of the organizations the user granted the app, by name. */
export function listConsentOrganizations(
  db: Db,
  tenantId: string,
  applicationId: string,
  userId: string,
  page: Page,
): Promise<PageOf<Organization>> {
  const where = grantsOf(tenantId, applicationId, userId);
  return findPage(
    db
      .select({ organization: organizations })
      .from(applicationUserConsentOrganizations)
      .innerJoin(
        organizations,
        and(
          eq(organizations.tenantId, applicationUserConsentOrganizations.tenantId),
          eq(organizations.id, applicationUserConsentOrganizations.organizationId),
        ),
      )
      .where(where)
      .orderBy(asc(organizations.name), asc(organizations.id))
      .limit(page.limit)
      .offset(page.offset)
      .then((rows) => rows.map(({ organization }) => organization)),
    db.select({ value: count() }).from(applicationUserConsentOrganizations).where(where),
  );
}

/** Which of the organizations the user is a member of. */
export async function findMemberOrganizationIds(db: Db, tenantId: string, userId: string, organizationIds: string[]): Promise<string[]> {
  if (organizationIds.length === 0) return [];
  const rows = await db
    .select({ id: organizationUserRelations.organizationId })
    .from(organizationUserRelations)
    .where(
      and(
        eq(organizationUserRelations.tenantId, tenantId),
        eq(organizationUserRelations.userId, userId),
        inArray(organizationUserRelations.organizationId, organizationIds),
      ),
    );
  return rows.map(({ id }) => id);
}

/** Grants the organizations; ones already granted are kept. */
export async function insertConsentOrganizations(
  db: Db,
  tenantId: string,
  applicationId: string,
  userId: string,
  organizationIds: string[],
): Promise<void> {
  if (organizationIds.length === 0) return;
  await db
    .insert(applicationUserConsentOrganizations)
    .values(organizationIds.map((organizationId) => ({ tenantId, applicationId, userId, organizationId })))
    .onConflictDoNothing();
}

/** Makes the grants exactly `organizationIds`, in one transaction. */
export async function replaceConsentOrganizations(
  db: Db,
  tenantId: string,
  applicationId: string,
  userId: string,
  organizationIds: string[],
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .delete(applicationUserConsentOrganizations)
      .where(
        and(
          grantsOf(tenantId, applicationId, userId),
          organizationIds.length > 0 ? not(inArray(applicationUserConsentOrganizations.organizationId, organizationIds)) : undefined,
        ),
      );
    await insertConsentOrganizations(tx, tenantId, applicationId, userId, organizationIds);
  });
}

/** Whether the organization was granted. */
export async function deleteConsentOrganization(
  db: Db,
  tenantId: string,
  applicationId: string,
  userId: string,
  organizationId: string,
): Promise<boolean> {
  const rows = await db
    .delete(applicationUserConsentOrganizations)
    .where(and(grantsOf(tenantId, applicationId, userId), eq(applicationUserConsentOrganizations.organizationId, organizationId)))
    .returning({ organizationId: applicationUserConsentOrganizations.organizationId });
  return rows.length > 0;
}
