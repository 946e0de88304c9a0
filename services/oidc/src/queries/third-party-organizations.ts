// What a third-party app may reach of its users' organizations: the organization permissions its
// consent settings name, and the organizations each user picked for it on the consent page.
// First-party apps never come here: they reach every organization their user belongs to.
import type { Db } from '@idp/db';
import {
  applicationUserConsentOrganizationResourceScopes,
  applicationUserConsentOrganizations,
  applicationUserConsentOrganizationScopes,
  organizationScopes,
  organizationUserRelations,
  scopes,
} from '@idp/schemas';
import { and, eq, inArray } from 'drizzle-orm';

/** Names of the organization scopes the app may ask its users for. */
export async function findConsentOrganizationScopeNames(db: Db, tenantId: string, applicationId: string): Promise<string[]> {
  const rows = await db
    .select({ name: organizationScopes.name })
    .from(applicationUserConsentOrganizationScopes)
    .innerJoin(
      organizationScopes,
      and(
        eq(organizationScopes.tenantId, applicationUserConsentOrganizationScopes.tenantId),
        eq(organizationScopes.id, applicationUserConsentOrganizationScopes.organizationScopeId),
      ),
    )
    .where(
      and(
        eq(applicationUserConsentOrganizationScopes.tenantId, tenantId),
        eq(applicationUserConsentOrganizationScopes.applicationId, applicationId),
      ),
    );
  return rows.map(({ name }) => name);
}

/** Names of the resource's scopes the app may ask for at organization level. */
export async function findConsentOrganizationResourceScopeNames(
  db: Db,
  tenantId: string,
  applicationId: string,
  resourceId: string,
): Promise<string[]> {
  const table = applicationUserConsentOrganizationResourceScopes;
  const rows = await db
    .select({ name: scopes.name })
    .from(table)
    .innerJoin(scopes, and(eq(scopes.tenantId, table.tenantId), eq(scopes.id, table.scopeId)))
    .where(and(eq(table.tenantId, tenantId), eq(table.applicationId, applicationId), eq(scopes.resourceId, resourceId)));
  return rows.map(({ name }) => name);
}

/** The organizations the user let the app into (all of them still memberships: leaving cascades). */
export async function findConsentedOrganizationIds(db: Db, tenantId: string, applicationId: string, userId: string): Promise<Set<string>> {
  const table = applicationUserConsentOrganizations;
  const rows = await db
    .select({ organizationId: table.organizationId })
    .from(table)
    .where(and(eq(table.tenantId, tenantId), eq(table.applicationId, applicationId), eq(table.userId, userId)));
  return new Set(rows.map(({ organizationId }) => organizationId));
}

/**
 * Lets the app into the user's organizations named; false, and nothing written, when one of them is
 * not the user's. A grant already given is kept.
 */
export async function grantOrganizations(
  db: Db,
  tenantId: string,
  applicationId: string,
  userId: string,
  organizationIds: string[],
): Promise<boolean> {
  const wanted = [...new Set(organizationIds)];
  const memberships = await db
    .select({ organizationId: organizationUserRelations.organizationId })
    .from(organizationUserRelations)
    .where(
      and(
        eq(organizationUserRelations.tenantId, tenantId),
        eq(organizationUserRelations.userId, userId),
        inArray(organizationUserRelations.organizationId, wanted),
      ),
    );
  if (memberships.length !== wanted.length) return false;
  await db
    .insert(applicationUserConsentOrganizations)
    .values(wanted.map((organizationId) => ({ tenantId, applicationId, userId, organizationId })))
    .onConflictDoNothing();
  return true;
}
