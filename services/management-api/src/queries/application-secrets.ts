// Named client secrets of an application. The oidc service accepts any of them that has not
// expired, besides the application's own (legacy) secret.
import { generateSecret, type Db } from '@idp/db';
import { applicationSecrets, type ApplicationSecret } from '@idp/schemas';
import { and, asc, eq } from 'drizzle-orm';

const byName = (tenantId: string, applicationId: string, name: string) =>
  and(eq(applicationSecrets.tenantId, tenantId), eq(applicationSecrets.applicationId, applicationId), eq(applicationSecrets.name, name));

export async function listApplicationSecrets(db: Db, tenantId: string, applicationId: string): Promise<ApplicationSecret[]> {
  return db
    .select()
    .from(applicationSecrets)
    .where(and(eq(applicationSecrets.tenantId, tenantId), eq(applicationSecrets.applicationId, applicationId)))
    .orderBy(asc(applicationSecrets.createdAt), asc(applicationSecrets.name));
}

export async function insertApplicationSecret(
  db: Db,
  tenantId: string,
  applicationId: string,
  values: { name: string; expiresAt: Date | null },
): Promise<ApplicationSecret> {
  const [row] = await db
    .insert(applicationSecrets)
    .values({ tenantId, applicationId, name: values.name, expiresAt: values.expiresAt, value: generateSecret() })
    .returning();
  return row!;
}

export async function renameApplicationSecret(
  db: Db,
  tenantId: string,
  applicationId: string,
  name: string,
  newName: string,
): Promise<ApplicationSecret | undefined> {
  const [row] = await db
    .update(applicationSecrets)
    .set({ name: newName })
    .where(byName(tenantId, applicationId, name))
    .returning();
  return row;
}

/** Whether there was a secret of that name to delete. */
export async function deleteApplicationSecret(db: Db, tenantId: string, applicationId: string, name: string): Promise<boolean> {
  const deleted = await db
    .delete(applicationSecrets)
    .where(byName(tenantId, applicationId, name))
    .returning({ name: applicationSecrets.name });
  return deleted.length > 0;
}
