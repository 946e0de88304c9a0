// Named client secrets of an application (Logto's "app secrets"), and retiring the legacy secret.
import { generateSecret, type Db } from '@idp/db';
import { notFound, RequestError } from '@idp/errors';
import type { Application, ApplicationSecret, ApplicationSecretResponse } from '@idp/schemas';
import { withConstraintCodes } from '@idp/server-kit';
import * as secretQueries from '../queries/application-secrets.ts';
import { findApplication, internalSecretPrefix, updateApplication } from '../queries/applications.ts';

export const toApplicationSecretResponse = (secret: ApplicationSecret): ApplicationSecretResponse => ({
  tenantId: secret.tenantId,
  applicationId: secret.applicationId,
  name: secret.name,
  value: secret.value,
  createdAt: secret.createdAt.getTime(),
  expiresAt: secret.expiresAt?.getTime() ?? null,
});

const secretNotFound = (name: string) => notFound(`The application has no secret named \`${name}\`.`, { name });

/** A second secret under a name the application already uses loses to the primary key, not to a prior read. */
const guardName = <T>(name: string, write: () => Promise<T>) =>
  withConstraintCodes(write, { application_secrets_pkey: 'application.secret_name_exists' }, { name });

/** Logto's name of the secret a new confidential application starts with. */
export const defaultSecretName = 'Default secret';

/** The application types that authenticate with a secret (Logto's `hasSecrets`). */
export const hasSecrets = (type: Application['type']) => type === 'Traditional' || type === 'MachineToMachine' || type === 'Protected';

export async function listSecrets(db: Db, tenantId: string, applicationId: string): Promise<ApplicationSecret[]> {
  await findApplication(db, tenantId, applicationId);
  return secretQueries.listApplicationSecrets(db, tenantId, applicationId);
}

export async function createSecret(
  db: Db,
  tenantId: string,
  applicationId: string,
  { name, expiresAt }: { name: string; expiresAt?: number | null },
): Promise<ApplicationSecret> {
  if (typeof expiresAt === 'number' && expiresAt <= Date.now()) {
    throw new RequestError('guard.invalid_input', { message: '`expiresAt` must be in the future.', data: { expiresAt } });
  }
  await findApplication(db, tenantId, applicationId);
  return guardName(name, () =>
    secretQueries.insertApplicationSecret(db, tenantId, applicationId, {
      name,
      expiresAt: typeof expiresAt === 'number' ? new Date(expiresAt) : null,
    }),
  );
}

export async function renameSecret(
  db: Db,
  tenantId: string,
  applicationId: string,
  name: string,
  newName: string,
): Promise<ApplicationSecret> {
  await findApplication(db, tenantId, applicationId);
  const row = await guardName(newName, () => secretQueries.renameApplicationSecret(db, tenantId, applicationId, name, newName));
  if (!row) throw secretNotFound(name);
  return row;
}

export async function deleteSecret(db: Db, tenantId: string, applicationId: string, name: string): Promise<void> {
  await findApplication(db, tenantId, applicationId);
  if (!(await secretQueries.deleteApplicationSecret(db, tenantId, applicationId, name))) throw secretNotFound(name);
}

/**
 * The legacy secret (`applications.secret`) stops working: an internal secret nobody was given takes
 * its place (still the client's `client_secret` for the OP, as in Logto, but never shown again).
 */
export async function retireLegacySecret(db: Db, tenantId: string, id: string): Promise<Application> {
  const application = await findApplication(db, tenantId, id);
  if (!application.secret || application.secret.startsWith(internalSecretPrefix)) {
    throw new RequestError('application.no_legacy_secret_found', { data: { id } });
  }
  return updateApplication(db, tenantId, id, { secret: `${internalSecretPrefix}${generateSecret()}` });
}
