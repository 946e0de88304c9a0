// The scopes a third-party application asks its users to consent to: organization scopes, API
// resource scopes (for the user or, separately, in an organization's context) and user scopes.
import type { Db } from '@idp/db';
import {
  applicationUserConsentOrganizationResourceScopes,
  applicationUserConsentOrganizationScopes,
  applicationUserConsentResourceScopes,
  applicationUserConsentUserScopes,
  organizationScopes,
  resources,
  scopes,
  type UserConsentUserScope,
} from '@idp/schemas';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';

type ByApplication = { tenantId: PgColumn; applicationId: PgColumn };
type ResourceScopeTable = typeof applicationUserConsentResourceScopes | typeof applicationUserConsentOrganizationResourceScopes;

const byApplication = (table: ByApplication, tenantId: string, applicationId: string) =>
  and(eq(table.tenantId, tenantId), eq(table.applicationId, applicationId));

/** The resource scopes stored in `table`, each with its resource, by resource name then scope name. */
const findResourceScopes = (db: Db, table: ResourceScopeTable, tenantId: string, applicationId: string) =>
  db
    .select({
      resource: { id: resources.id, name: resources.name, indicator: resources.indicator },
      scope: { id: scopes.id, name: scopes.name, description: scopes.description },
    })
    .from(table)
    .innerJoin(scopes, and(eq(scopes.tenantId, table.tenantId), eq(scopes.id, table.scopeId)))
    .innerJoin(resources, and(eq(resources.tenantId, scopes.tenantId), eq(resources.id, scopes.resourceId)))
    .where(byApplication(table, tenantId, applicationId))
    .orderBy(asc(resources.name), asc(resources.id), asc(scopes.name));

/** Everything the app asks its users to consent to. */
export async function findUserConsentScopes(db: Db, tenantId: string, applicationId: string) {
  const [organizationScopeRows, resourceRows, organizationResourceRows, userRows] = await Promise.all([
    db
      .select({ id: organizationScopes.id, name: organizationScopes.name, description: organizationScopes.description })
      .from(applicationUserConsentOrganizationScopes)
      .innerJoin(
        organizationScopes,
        and(
          eq(organizationScopes.tenantId, applicationUserConsentOrganizationScopes.tenantId),
          eq(organizationScopes.id, applicationUserConsentOrganizationScopes.organizationScopeId),
        ),
      )
      .where(byApplication(applicationUserConsentOrganizationScopes, tenantId, applicationId))
      .orderBy(asc(organizationScopes.name)),
    findResourceScopes(db, applicationUserConsentResourceScopes, tenantId, applicationId),
    findResourceScopes(db, applicationUserConsentOrganizationResourceScopes, tenantId, applicationId),
    db
      .select({ userScope: applicationUserConsentUserScopes.userScope })
      .from(applicationUserConsentUserScopes)
      .where(byApplication(applicationUserConsentUserScopes, tenantId, applicationId)),
  ]);
  return {
    organizationScopes: organizationScopeRows,
    resourceRows,
    organizationResourceRows,
    userScopes: userRows.map(({ userScope }) => userScope),
  };
}

/** Which of the ids are organization scopes of the tenant. */
export async function findOrganizationScopeIds(db: Db, tenantId: string, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ id: organizationScopes.id })
    .from(organizationScopes)
    .where(and(eq(organizationScopes.tenantId, tenantId), inArray(organizationScopes.id, ids)));
  return rows.map(({ id }) => id);
}

export type UserConsentScopeIds = {
  organizationScopes: string[];
  resourceScopes: string[];
  organizationResourceScopes: string[];
  userScopes: UserConsentUserScope[];
};

/** Adds the scopes in one transaction; ones already assigned are kept. */
export async function insertUserConsentScopes(db: Db, tenantId: string, applicationId: string, ids: UserConsentScopeIds) {
  const row = { tenantId, applicationId };
  await db.transaction(async (tx) => {
    if (ids.organizationScopes.length > 0) {
      await tx
        .insert(applicationUserConsentOrganizationScopes)
        .values(ids.organizationScopes.map((organizationScopeId) => ({ ...row, organizationScopeId })))
        .onConflictDoNothing();
    }
    if (ids.resourceScopes.length > 0) {
      await tx
        .insert(applicationUserConsentResourceScopes)
        .values(ids.resourceScopes.map((scopeId) => ({ ...row, scopeId })))
        .onConflictDoNothing();
    }
    if (ids.organizationResourceScopes.length > 0) {
      await tx
        .insert(applicationUserConsentOrganizationResourceScopes)
        .values(ids.organizationResourceScopes.map((scopeId) => ({ ...row, scopeId })))
        .onConflictDoNothing();
    }
    if (ids.userScopes.length > 0) {
      await tx
        .insert(applicationUserConsentUserScopes)
        .values(ids.userScopes.map((userScope) => ({ ...row, userScope })))
        .onConflictDoNothing();
    }
  });
}

/** Whether the resource scope was assigned (for users, or in organizations with `inOrganizations`). */
export async function deleteUserConsentResourceScope(
  db: Db,
  tenantId: string,
  applicationId: string,
  scopeId: string,
  inOrganizations = false,
): Promise<boolean> {
  const table = inOrganizations ? applicationUserConsentOrganizationResourceScopes : applicationUserConsentResourceScopes;
  const rows = await db
    .delete(table)
    .where(and(byApplication(table, tenantId, applicationId), eq(table.scopeId, scopeId)))
    .returning({ scopeId: table.scopeId });
  return rows.length > 0;
}

/** Whether the organization scope was assigned. */
export async function deleteUserConsentOrganizationScope(
  db: Db,
  tenantId: string,
  applicationId: string,
  scopeId: string,
): Promise<boolean> {
  const table = applicationUserConsentOrganizationScopes;
  const rows = await db
    .delete(table)
    .where(and(byApplication(table, tenantId, applicationId), eq(table.organizationScopeId, scopeId)))
    .returning({ scopeId: table.organizationScopeId });
  return rows.length > 0;
}

/** Whether the user scope was assigned. */
export async function deleteUserConsentUserScope(
  db: Db,
  tenantId: string,
  applicationId: string,
  userScope: UserConsentUserScope,
): Promise<boolean> {
  const rows = await db
    .delete(applicationUserConsentUserScopes)
    .where(
      and(
        byApplication(applicationUserConsentUserScopes, tenantId, applicationId),
        eq(applicationUserConsentUserScopes.userScope, userScope),
      ),
    )
    .returning({ userScope: applicationUserConsentUserScopes.userScope });
  return rows.length > 0;
}
