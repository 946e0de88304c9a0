// Binding and listing the user's MFA factors in the stored format the experience service checks
// them in (users.mfa_verifications, see @idp/mfa): a TOTP key sealed, backup codes hashed.
import { generateId } from '@idp/db';
import { RequestError } from '@idp/errors';
import { hashBackupCode, isTotpSecret, matchTotp, type SecretBox } from '@idp/mfa';
import type { BindMyMfaVerificationBody, MfaVerification, UserMfaVerificationResponse } from '@idp/schemas';

const backupCodeCount = 10;
const backupCodePattern = /^[a-z0-9]{10}$/;

/** A factor as the API lists it: what it is, never its secret (Logto's shape). */
export function toMfaListing(factor: MfaVerification): UserMfaVerificationResponse {
  const { id, createdAt, lastUsedAt, type } = factor;
  const base = { id, createdAt, type, ...(lastUsedAt === undefined ? {} : { lastUsedAt }) };
  if (factor.type === 'WebAuthn') return { ...base, agent: factor.agent, ...(factor.name === undefined ? {} : { name: factor.name }) };
  if (factor.type === 'BackupCode') return { ...base, remainCodes: factor.codes.filter(({ usedAt }) => !usedAt).length };
  return base;
}

/**
 * The factor the body binds, checked against what the user has (Logto's rules and codes): one
 * authenticator app; backup codes only beside another factor and while none are left unused.
 */
export async function newFactor(
  body: BindMyMfaVerificationBody,
  current: MfaVerification[],
  { tenantId, secretBox, now }: { tenantId: string; secretBox: SecretBox; now: Date },
): Promise<MfaVerification> {
  const createdAt = now.toISOString();
  if (body.type === 'Totp') {
    if (current.some(({ type }) => type === 'Totp')) throw new RequestError('user.totp_already_in_use');
    if (!isTotpSecret(body.secret)) throw new RequestError('user.totp_secret_invalid');
    // A code proves the app holds the secret; the step it belongs to cannot be used again at sign-in.
    const step = body.code === undefined ? undefined : matchTotp(body.secret, body.code, now);
    if (body.code !== undefined && step === undefined) throw new RequestError('session.mfa.invalid_totp_code');
    return {
      id: generateId(),
      type: 'Totp',
      key: await secretBox.seal(tenantId, body.secret),
      createdAt,
      ...(step === undefined ? {} : { lastUsedStep: step }),
    };
  }
  if (body.type === 'BackupCode') {
    const unusedLeft = current.some((factor) => factor.type === 'BackupCode' && factor.codes.some(({ usedAt }) => !usedAt));
    if (unusedLeft) throw new RequestError('user.backup_code_already_in_use');
    if (!current.some(({ type }) => type !== 'BackupCode')) throw new RequestError('session.mfa.backup_code_can_not_be_alone');
    const codes = body.codes.map((code) => code.trim().toLowerCase());
    if (codes.length !== backupCodeCount || new Set(codes).size !== codes.length || !codes.every((code) => backupCodePattern.test(code))) {
      throw new RequestError('user.wrong_backup_code_format');
    }
    return { id: generateId(), type: 'BackupCode', createdAt, codes: codes.map((code) => ({ code: hashBackupCode(code) })) };
  }
  // Passkeys are bound from a registration record (webauthn.ts), never from the body alone.
  throw new RequestError('verification_record.not_found');
}
