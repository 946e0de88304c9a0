// Verification records: the proof a sensitive change asks for. A record proves *this user's*
// identity only when it was made for them (their password, or a code sent to the address that is
// their primary one), is verified, unexpired and unused; using it spends it. A code sent to a new
// address proves only that address, for the change that adds it.
import type { MessageSender } from '@idp/connectors';
import { RequestError } from '@idp/errors';
import { verifyPassword } from '@idp/password';
import { normalizePhone } from '@idp/phone';
import type { AccountVerificationRecord, User, VerificationCodeIdentifier } from '@idp/schemas';
import { randomInt, timingSafeEqual } from 'node:crypto';
import type { Db } from '@idp/db';
import {
  claimCodeAttempt,
  claimRecord,
  countRecentRecords,
  findRecord,
  identityProofTypes,
  insertRecord,
  markVerified,
} from '../queries/verification-records.ts';
import type { Tx } from '../queries/users.ts';

/** Each record is valid for 10 minutes from its creation, as in Logto. */
export const recordLifetimeMs = 10 * 60 * 1000;

// A stolen access token must not become a way to guess the password or to flood an inbox: wrong
// passwords are counted per user, codes sent per user and address, over a window (the records are the count).
const guessWindowMs = 15 * 60 * 1000;
export const maxWrongPasswords = 5;
const sendWindowMs = 10 * 60 * 1000;
export const maxCodesSent = 5;

export const created = (record: AccountVerificationRecord) => ({
  verificationRecordId: record.id,
  expiresAt: record.expiresAt.toISOString(),
});

/** The stored form of an identifier: emails in lower case, phones as digits (@idp/phone). */
export function normalizeIdentifier({ type, value }: VerificationCodeIdentifier): string {
  if (type === 'email') return value.trim().toLowerCase();
  const phone = normalizePhone(value);
  if (!phone) throw new RequestError('guard.invalid_input', { message: 'The phone number is not valid.' });
  return phone;
}

const recordTypeOf = (type: VerificationCodeIdentifier['type']) => (type === 'email' ? 'EmailVerificationCode' : 'PhoneVerificationCode');

const isPrimaryOf = (user: User, type: VerificationCodeIdentifier['type'], normalized: string) =>
  type === 'email' ? user.primaryEmail?.toLowerCase() === normalized : user.primaryPhone === normalized;

export async function createPasswordRecord(db: Db, tenantId: string, user: User, password: string) {
  const wrong = await countRecentRecords(db, tenantId, user.id, { types: ['Password'], windowMs: guessWindowMs, unverifiedOnly: true });
  if (wrong >= maxWrongPasswords) throw new RequestError('session.verification_blocked_too_many_attempts');
  if (!(await verifyPassword(password, user))) {
    // A failed attempt is kept as an unverified record: it counts toward the limit and proves nothing.
    await insertRecord(db, { tenantId, userId: user.id, requesterId: user.id, type: 'Password', expiresAt: new Date() });
    throw new RequestError('session.invalid_credentials');
  }
  const record = await insertRecord(db, {
    tenantId,
    userId: user.id,
    requesterId: user.id,
    type: 'Password',
    verified: true,
    expiresAt: new Date(Date.now() + recordLifetimeMs),
  });
  return created(record);
}

export async function sendCodeRecord(
  db: Db,
  send: MessageSender['send'],
  tenantId: string,
  user: User,
  identifier: VerificationCodeIdentifier,
) {
  const normalized = normalizeIdentifier(identifier);
  const sent = await countRecentRecords(db, tenantId, user.id, {
    types: [recordTypeOf(identifier.type)],
    windowMs: sendWindowMs,
    identifier: normalized,
  });
  if (sent >= maxCodesSent) throw new RequestError('request.message_rate_limited');
  const isPrimary = isPrimaryOf(user, identifier.type, normalized);
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  // Sent before the record exists: a connector failure leaves nothing behind.
  await send(tenantId, identifier.type === 'email' ? 'Email' : 'Sms', {
    to: normalized,
    type: isPrimary ? 'Generic' : 'BindNewIdentifier',
    code,
  });
  const record = await insertRecord(db, {
    tenantId,
    // Only a code to the user's own primary address proves who they are.
    userId: isPrimary ? user.id : null,
    requesterId: user.id,
    type: recordTypeOf(identifier.type),
    identifier: normalized,
    code,
    expiresAt: new Date(Date.now() + recordLifetimeMs),
  });
  return created(record);
}

export async function verifyCodeRecord(
  db: Db,
  tenantId: string,
  userId: string,
  { identifier, verificationId, code }: { identifier: VerificationCodeIdentifier; verificationId: string; code: string },
) {
  const record = await findRecord(db, tenantId, userId, verificationId);
  if (!record || record.type !== recordTypeOf(identifier.type) || record.usedAt) throw new RequestError('verification_record.not_found');
  if (record.identifier !== normalizeIdentifier(identifier)) throw new RequestError('verification_code.not_found');
  if (record.verified) throw new RequestError('verification_record.not_found');
  if (record.expiresAt.getTime() <= Date.now()) throw new RequestError('verification_code.expired');
  const expected = await claimCodeAttempt(db, tenantId, record.id);
  if (expected === undefined) {
    const latest = await findRecord(db, tenantId, userId, verificationId);
    if (latest?.verified) throw new RequestError('verification_record.not_found');
    if (latest && latest.expiresAt.getTime() <= Date.now()) throw new RequestError('verification_code.expired');
    throw new RequestError('verification_code.exceed_max_try');
  }
  if (code.length !== expected.length || !timingSafeEqual(Buffer.from(code), Buffer.from(expected))) {
    throw new RequestError('verification_code.code_mismatch');
  }
  await markVerified(db, tenantId, record.id);
  return { verificationRecordId: record.id };
}

/**
 * Spends the record named in the `logto-verification-id` header as proof of the user's identity,
 * inside the transaction of the change it allows (a change that fails leaves it unused). 401
 * `verification_record.permission_denied` when there is none or it proves nothing for this user.
 */
export async function spendIdentityProof(tx: Tx, tenantId: string, userId: string, recordId: string | undefined): Promise<void> {
  const proof = recordId ? await claimRecord(tx, tenantId, userId, recordId, { userId, type: identityProofTypes }) : undefined;
  if (!proof) throw new RequestError('verification_record.permission_denied');
}

/** Spends the record proving the user received a code at the new address `normalized`. */
export async function spendNewIdentifierProof(
  tx: Tx,
  tenantId: string,
  userId: string,
  recordId: string,
  identifier: { type: VerificationCodeIdentifier['type']; normalized: string },
): Promise<void> {
  const record = await claimRecord(tx, tenantId, userId, recordId, { type: [recordTypeOf(identifier.type)] });
  if (record?.identifier !== identifier.normalized) throw new RequestError('verification_record.not_found');
}
