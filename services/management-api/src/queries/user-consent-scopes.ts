// The scopes a third-party application asks its users to consent to.
import type { Db } from '@idp/db';
import {
  applicationUserConsentResourceScopes,
  applicationUserConsentUserScopes,
  resources,
  scopes,
  type UserConsentUserScope,
} from '@idp/schemas';
import { and, asc, eq } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';

const byApplication = (table: { tenantId: PgColumn; applicationId: PgColumn }, tenantId: string, applicationId: string) =>
  and(eq(table.tenantId, tenantId), eq(table.applicationId, applicationId));

/** The app's resource scopes (with their resources, by resource name) and its user scopes. */
export async function findUserConsentScopes(db: Db, tenantId: string, applicationId: string) {
  const [resourceRows, userRows] = await Promise.all([
    db
      .select({
        resource: { id: resources.id, name: resources.name, indicator: resources.indicator },
        scope: { id: scopes.id, name: scopes.name, description: scopes.description },
      })
      .from(applicationUserConsentResourceScopes)
      .innerJoin(
        scopes,
        and(
          eq(scopes.tenantId, applicationUserConsentResourceScopes.tenantId),
          eq(scopes.id, applicationUserConsentResourceScopes.scopeId),
        ),
      )
      .innerJoin(resources, and(eq(resources.tenantId, scopes.tenantId), eq(resources.id, scopes.resourceId)))
      .where(byApplication(applicationUserConsentResourceScopes, tenantId, applicationId))
      .orderBy(asc(resources.name), asc(resources.id), asc(scopes.name)),
    db
      .select({ userScope: applicationUserConsentUserScopes.userScope })
      .from(applicationUserConsentUserScopes)
      .where(byApplication(applicationUserConsentUserScopes, tenantId, applicationId)),
  ]);
  return { resourceRows, userScopes: userRows.map(({ userScope }) => userScope) };
}

/** Adds the scopes in one transaction; ones already assigned are kept. */
export async function insertUserConsentScopes(
  db: Db,
  tenantId: string,
  applicationId: string,
  resourceScopes: string[],
  userScopes: UserConsentUserScope[],
) {
  await db.transaction(async (tx) => {
    if (resourceScopes.length > 0) {
      await tx
        .insert(applicationUserConsentResourceScopes)
        .values(resourceScopes.map((scopeId) => ({ tenantId, applicationId, scopeId })))
        .onConflictDoNothing();
    }
    if (userScopes.length > 0) {
      await tx
        .insert(applicationUserConsentUserScopes)
        .values(userScopes.map((userScope) => ({ tenantId, applicationId, userScope })))
        .onConflictDoNothing();
    }
  });
}

/** Whether the resource scope was assigned. */
export async function deleteUserConsentResourceScope(db: Db, tenantId: string, applicationId: string, scopeId: string): Promise<boolean> {
  const rows = await db
    .delete(applicationUserConsentResourceScopes)
    .where(
      and(
        byApplication(applicationUserConsentResourceScopes, tenantId, applicationId),
        eq(applicationUserConsentResourceScopes.scopeId, scopeId),
      ),
    )
    .returning({ scopeId: applicationUserConsentResourceScopes.scopeId });
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
