// Registering a passkey: a WebAuthnRegistration record keeps the challenge of the options it made
// and then the credential the authenticator proved (the ceremony is @idp/mfa's, as at sign-in).
// Binding spends it. It proves that a new passkey answers, never who the caller is.
import { generateId, type Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import { asWebAuthnResponse, registrationOptions, verifyRegistration, webAuthnCredentialsOf, type RelyingParty } from '@idp/mfa';
import type { MfaVerification, NewWebAuthnCredential, User } from '@idp/schemas';
import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import type { Tx } from '../queries/users.ts';
import { claimRecord, findRecord, insertRecord, saveVerifiedData } from '../queries/verification-records.ts';
import { created, recordLifetimeMs } from './verification.ts';

type WebAuthnRecordData = { challenge: string; credential?: NewWebAuthnCredential };

const accountName = (user: User) => user.username ?? user.primaryEmail ?? user.primaryPhone ?? user.id;

export async function createWebAuthnRecord(db: Db, tenantId: string, user: User, rp: RelyingParty) {
  const options = await registrationOptions(rp, { id: user.id, name: accountName(user) }, webAuthnCredentialsOf(user.mfaVerifications));
  const data: WebAuthnRecordData = { challenge: options.challenge };
  const record = await insertRecord(db, {
    tenantId,
    // Never set: a passkey that answers its own challenge proves nothing about who holds this token.
    userId: null,
    requesterId: user.id,
    type: 'WebAuthnRegistration',
    data,
    expiresAt: new Date(Date.now() + recordLifetimeMs),
  });
  return { ...created(record), registrationOptions: options as unknown as Record<string, unknown> };
}

export async function verifyWebAuthnRecord(
  db: Db,
  tenantId: string,
  userId: string,
  rp: RelyingParty,
  { verificationRecordId, payload }: { verificationRecordId: string; payload: unknown },
  agent: string,
) {
  const record = await findRecord(db, tenantId, userId, verificationRecordId);
  if (record?.type !== 'WebAuthnRegistration' || record.verified || record.usedAt || record.expiresAt.getTime() <= Date.now()) {
    throw new RequestError('verification_record.not_found');
  }
  const { challenge } = record.data as WebAuthnRecordData;
  const credential = await verifyRegistration(rp, challenge, asWebAuthnResponse<RegistrationResponseJSON>(payload), agent);
  if (!(await saveVerifiedData(db, tenantId, record.id, { challenge, credential })))
    throw new RequestError('verification_record.not_found');
  return { verificationRecordId: record.id };
}

/** Spends a verified registration record of this user: the passkey factor it binds. */
export async function claimWebAuthnFactor(
  tx: Tx,
  tenantId: string,
  userId: string,
  recordId: string,
  { name, current, now }: { name: string | undefined; current: MfaVerification[]; now: Date },
): Promise<MfaVerification> {
  const record = await claimRecord(tx, tenantId, userId, recordId, { type: ['WebAuthnRegistration'] });
  const credential = (record?.data as WebAuthnRecordData | undefined)?.credential;
  if (!credential) throw new RequestError('verification_record.not_found');
  // The options excluded the passkeys bound then; one bound meanwhile is not bound twice.
  if (webAuthnCredentialsOf(current).some(({ credentialId }) => credentialId === credential.credentialId)) {
    throw new RequestError('verification_record.not_found', { message: 'This passkey is bound already.' });
  }
  return { id: generateId(), type: 'WebAuthn', createdAt: now.toISOString(), ...credential, ...(name ? { name } : {}) };
}
