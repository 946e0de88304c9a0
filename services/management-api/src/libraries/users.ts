// The rules of /api/users: identifiers are unique per tenant (the database decides), passwords are
// hashed here and checked here, and what a client sees of a user.
import type { Db } from '@idp/db';
import { hashPassword, verifyPassword } from '@idp/password';
import type { NewUser, UserMfaVerificationResponse, UserResponse } from '@idp/schemas';
import { withConstraintCodes, type ConstraintCodes } from '@idp/server-kit';
import { notFound } from '@idp/errors';
import { findMfaVerifications, removeMfaVerification } from '../queries/user-identities.ts';
import * as userQueries from '../queries/users.ts';
import type { UserRow, UserUpdate } from '../queries/users.ts';

export const toUserResponse = (user: UserRow): UserResponse => ({
  ...user,
  lastSignInAt: user.lastSignInAt?.getTime() ?? null,
  createdAt: user.createdAt.getTime(),
  updatedAt: user.updatedAt.getTime(),
});

// Identifiers are unique per tenant (emails regardless of case). The unique indexes decide, not a
// prior SELECT, so two concurrent requests for one name cannot both win; the loser gets Logto's 422.
const identifierConstraints: ConstraintCodes = {
  // A chosen id is unique across tenants (ids are the table's key): taken is taken, whoever holds it.
  users_pkey: 'user.id_already_in_use',
  users__username: 'user.username_already_in_use',
  users__primary_email: 'user.email_already_in_use',
  users__primary_phone: 'user.phone_already_in_use',
};

export const createUser = (db: Db, tenantId: string, values: Omit<NewUser, 'tenantId' | 'id'> & { id?: string }) =>
  withConstraintCodes(() => userQueries.insertUser(db, tenantId, values), identifierConstraints);

export const updateUser = (db: Db, tenantId: string, id: string, values: UserUpdate) =>
  withConstraintCodes(() => userQueries.updateUser(db, tenantId, id, values), identifierConstraints);

export async function setPassword(db: Db, tenantId: string, id: string, password: string): Promise<UserRow> {
  await userQueries.findUser(db, tenantId, id); // an unknown user costs no hashing
  return updateUser(db, tenantId, id, { ...(await hashPassword(password)), passwordUpdatedAt: new Date() });
}

export async function checkPassword(db: Db, tenantId: string, id: string, password: string): Promise<boolean> {
  return verifyPassword(password, await userQueries.findPasswordDigest(db, tenantId, id));
}

/** MFA factors, listed without their secrets. */
export async function listMfaVerifications(db: Db, tenantId: string, id: string): Promise<UserMfaVerificationResponse[]> {
  return (await findMfaVerifications(db, tenantId, id)).map((factor) => {
    const { id: factorId, createdAt, lastUsedAt, type } = factor;
    const base = { id: factorId, createdAt, type, ...(lastUsedAt === undefined ? {} : { lastUsedAt }) };
    if (factor.type === 'WebAuthn') return { ...base, agent: factor.agent, ...(factor.name === undefined ? {} : { name: factor.name }) };
    if (factor.type === 'BackupCode') return { ...base, remainCodes: factor.codes.filter(({ usedAt }) => !usedAt).length };
    return base;
  });
}

export async function deleteMfaVerification(db: Db, tenantId: string, id: string, verificationId: string): Promise<void> {
  if (await removeMfaVerification(db, tenantId, id, verificationId)) return;
  await userQueries.findUser(db, tenantId, id);
  throw notFound(`The MFA verification \`${verificationId}\` does not exist.`, { verificationId });
}
