// Named client secrets of an application. The oidc service accepts any of them that has not
// expired, besides the application's own (legacy) secret.
import { generateSecret, type Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import { applicationSecrets, type ApplicationSecret, type ApplicationSecretResponse } from '@idp/schemas';
import { and, asc, eq } from 'drizzle-orm';
import { violatedConstraint } from '../routes/users-queries.ts';

export const toApplicationSecretResponse = (secret: ApplicationSecret): ApplicationSecretResponse => ({
  tenantId: secret.tenantId,
  applicationId: secret.applicationId,
  name: secret.name,
  value: secret.value,
  createdAt: secret.createdAt.getTime(),
  expiresAt: secret.expiresAt?.getTime() ?? null,
});

const byName = (tenantId: string, applicationId: string, name: string) =>
  and(eq(applicationSecrets.tenantId, tenantId), eq(applicationSecrets.applicationId, applicationId), eq(applicationSecrets.name, name));

const notFound = (name: string) =>
  new RequestError('entity.not_found', { message: `The application has no secret named \`${name}\`.`, data: { name } });

/** A second secret under a name the application already uses loses to the primary key, not to a prior read. */
async function guardName<T>(name: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (violatedConstraint(error) === 'application_secrets_pkey') {
      throw new RequestError('application.secret_name_exists', { data: { name }, cause: error });
    }
    throw error;
  }
}

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
  const [row] = await guardName(values.name, () =>
    db
      .insert(applicationSecrets)
      .values({ tenantId, applicationId, name: values.name, expiresAt: values.expiresAt, value: generateSecret() })
      .returning(),
  );
  return row!;
}

export async function renameApplicationSecret(
  db: Db,
  tenantId: string,
  applicationId: string,
  name: string,
  newName: string,
): Promise<ApplicationSecret> {
  const [row] = await guardName(newName, () =>
    db.update(applicationSecrets).set({ name: newName }).where(byName(tenantId, applicationId, name)).returning(),
  );
  if (!row) throw notFound(name);
  return row;
}

export async function deleteApplicationSecret(db: Db, tenantId: string, applicationId: string, name: string): Promise<void> {
  const deleted = await db.delete(applicationSecrets).where(byName(tenantId, applicationId, name)).returning({ name: applicationSecrets.name });
  if (deleted.length === 0) throw notFound(name);
}
