import type { Db } from '@idp/db';
import { applicationSecrets, applications } from '@idp/schemas';
import { and, eq } from 'drizzle-orm';

export async function findApplicationById(db: Db, tenantId: string, id: string) {
  const [row] = await db
    .select()
    .from(applications)
    .where(and(eq(applications.tenantId, tenantId), eq(applications.id, id)));
  return row;
}

/** The app's named secrets (expired ones included: expiry is checked when a secret is used). */
export async function findApplicationSecrets(db: Db, tenantId: string, applicationId: string) {
  return db
    .select({ value: applicationSecrets.value, expiresAt: applicationSecrets.expiresAt })
    .from(applicationSecrets)
    .where(and(eq(applicationSecrets.tenantId, tenantId), eq(applicationSecrets.applicationId, applicationId)));
}
