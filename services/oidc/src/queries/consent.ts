import type { Db } from '@idp/db';
import { applicationUserConsentResourceScopes, scopes, users } from '@idp/schemas';
import { and, eq, isNull } from 'drizzle-orm';

/** Names of the resource's scopes a (third-party) application asks its users to consent to. */
export async function findConsentScopeNamesOfApplication(db: Db, tenantId: string, applicationId: string, resourceId: string) {
  const rows = await db
    .select({ name: scopes.name })
    .from(applicationUserConsentResourceScopes)
    .innerJoin(
      scopes,
      and(eq(scopes.tenantId, applicationUserConsentResourceScopes.tenantId), eq(scopes.id, applicationUserConsentResourceScopes.scopeId)),
    )
    .where(
      and(
        eq(applicationUserConsentResourceScopes.tenantId, tenantId),
        eq(applicationUserConsentResourceScopes.applicationId, applicationId),
        eq(scopes.resourceId, resourceId),
      ),
    );
  return rows.map(({ name }) => name);
}

/** Remembers the first application a user consented to (Logto's `users.applicationId`), once. */
export async function recordFirstConsentedApplication(db: Db, tenantId: string, userId: string, applicationId: string): Promise<void> {
  await db
    .update(users)
    .set({ applicationId })
    .where(and(eq(users.tenantId, tenantId), eq(users.id, userId), isNull(users.applicationId)));
}
