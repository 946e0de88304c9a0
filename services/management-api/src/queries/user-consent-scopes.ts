// The scopes a third-party application asks its users to consent to.
import { managementApiIndicatorOf, type Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import {
  applicationUserConsentResourceScopes,
  applicationUserConsentUserScopes,
  resources,
  scopes,
  type ApplicationUserConsentScopesResponse,
  type UserConsentUserScope,
  userConsentUserScopes,
} from '@idp/schemas';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { findApplication } from './applications.ts';

/** The application, which must be a third-party one (first-party apps are consented automatically). */
export async function assertThirdPartyApplication(db: Db, tenantId: string, applicationId: string): Promise<void> {
  const application = await findApplication(db, tenantId, applicationId);
  if (!application.isThirdParty) throw new RequestError('application.third_party_application_only', { data: { applicationId } });
}

const byApplication = (table: { tenantId: PgColumn; applicationId: PgColumn }, tenantId: string, applicationId: string) => and(eq(table.tenantId, tenantId), eq(table.applicationId, applicationId));

export async function listUserConsentScopes(db: Db, tenantId: string, applicationId: string): Promise<ApplicationUserConsentScopesResponse> {
  const [resourceRows, userRows] = await Promise.all([
    db
      .select({
        resource: { id: resources.id, name: resources.name, indicator: resources.indicator },
        scope: { id: scopes.id, name: scopes.name, description: scopes.description },
      })
      .from(applicationUserConsentResourceScopes)
      .innerJoin(scopes, and(eq(scopes.tenantId, applicationUserConsentResourceScopes.tenantId), eq(scopes.id, applicationUserConsentResourceScopes.scopeId)))
      .innerJoin(resources, and(eq(resources.tenantId, scopes.tenantId), eq(resources.id, scopes.resourceId)))
      .where(byApplication(applicationUserConsentResourceScopes, tenantId, applicationId))
      .orderBy(asc(resources.name), asc(resources.id), asc(scopes.name)),
    db
      .select({ userScope: applicationUserConsentUserScopes.userScope })
      .from(applicationUserConsentUserScopes)
      .where(byApplication(applicationUserConsentUserScopes, tenantId, applicationId)),
  ]);
  const grouped = new Map<string, ApplicationUserConsentScopesResponse['resourceScopes'][number]>();
  for (const { resource, scope } of resourceRows) {
    const group = grouped.get(resource.id) ?? { resource, scopes: [] };
    group.scopes.push(scope);
    grouped.set(resource.id, group);
  }
  const userScopes = new Set(userRows.map(({ userScope }) => userScope));
  return {
    organizationScopes: [],
    resourceScopes: [...grouped.values()],
    organizationResourceScopes: [],
    // In the order Logto lists user scopes, not the order they were added.
    userScopes: userConsentUserScopes.filter((scope) => userScopes.has(scope)),
  };
}

/** Adds the scopes (ones already assigned are kept); every resource scope must exist in the tenant. */
export async function assignUserConsentScopes(
  db: Db,
  tenantId: string,
  applicationId: string,
  { resourceScopes = [], userScopes = [] }: { resourceScopes?: string[]; userScopes?: UserConsentUserScope[] },
): Promise<void> {
  const wanted = [...new Set(resourceScopes)];
  if (wanted.length > 0) {
    const found = await db
      .select({ id: scopes.id, indicator: resources.indicator })
      .from(scopes)
      .innerJoin(resources, and(eq(resources.tenantId, scopes.tenantId), eq(resources.id, scopes.resourceId)))
      .where(and(eq(scopes.tenantId, tenantId), inArray(scopes.id, wanted)));
    const invalidResourceScopes = wanted.filter((id) => !found.some((scope) => scope.id === id));
    if (invalidResourceScopes.length > 0) {
      throw new RequestError('application.user_consent_scopes_not_found', { data: { invalidOrganizationScopes: [], invalidResourceScopes } });
    }
    if (found.some(({ indicator }) => indicator === managementApiIndicatorOf(tenantId))) {
      throw new RequestError('application.consent_management_api_scopes_not_allowed');
    }
  }
  await db.transaction(async (tx) => {
    if (wanted.length > 0) {
      await tx
        .insert(applicationUserConsentResourceScopes)
        .values(wanted.map((scopeId) => ({ tenantId, applicationId, scopeId })))
        .onConflictDoNothing();
    }
    const users = [...new Set(userScopes)];
    if (users.length > 0) {
      await tx
        .insert(applicationUserConsentUserScopes)
        .values(users.map((userScope) => ({ tenantId, applicationId, userScope })))
        .onConflictDoNothing();
    }
  });
}

export async function removeUserConsentScope(
  db: Db,
  tenantId: string,
  applicationId: string,
  scopeType: 'organization-scopes' | 'resource-scopes' | 'organization-resource-scopes' | 'user-scopes',
  scopeId: string,
): Promise<void> {
  let removed = 0;
  if (scopeType === 'resource-scopes') {
    const rows = await db
      .delete(applicationUserConsentResourceScopes)
      .where(and(byApplication(applicationUserConsentResourceScopes, tenantId, applicationId), eq(applicationUserConsentResourceScopes.scopeId, scopeId)))
      .returning({ scopeId: applicationUserConsentResourceScopes.scopeId });
    removed = rows.length;
  } else if (scopeType === 'user-scopes') {
    const rows = await db
      .delete(applicationUserConsentUserScopes)
      .where(
        and(
          byApplication(applicationUserConsentUserScopes, tenantId, applicationId),
          eq(applicationUserConsentUserScopes.userScope, scopeId as UserConsentUserScope),
        ),
      )
      .returning({ userScope: applicationUserConsentUserScopes.userScope });
    removed = rows.length;
  }
  if (removed === 0) {
    throw new RequestError('entity.not_found', { message: `The application has no ${scopeType} \`${scopeId}\` to consent to.`, data: { scopeType, scopeId } });
  }
}
