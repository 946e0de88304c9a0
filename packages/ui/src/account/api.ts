// The Account API (/api/my-account, /api/verifications) and the account center settings, called
// with the account-center app's access token. Sensitive writes carry the `logto-verification-id`
// header naming a record that proves who the user is (see proof.tsx).
import type {
  AccountCenter,
  AccountGrant,
  AccountSession,
  MyAccount,
  UpdateMyAccountBody,
  UserMfaVerificationResponse,
  VerificationCodeIdentifier,
} from '@idp/schemas';
import { ApiError, networkErrorCode } from '../api/http.ts';
import { accountClient } from './client.ts';

export type { AccountCenter, AccountGrant, AccountSession, MyAccount, UserMfaVerificationResponse as MfaFactor };

/** Logto's header name for the proof of identity (`verificationRecordIdHeader` in @idp/schemas). */
const proofHeader = 'logto-verification-id';

/** The SDK's token, refreshed when needed; a refresh the OP refuses (signed out elsewhere) counts as a 401. */
async function accessToken(): Promise<string> {
  try {
    return await accountClient().getAccessToken();
  } catch (error) {
    throw new ApiError(401, 'auth.unauthorized', error instanceof Error ? error.message : String(error));
  }
}

type Options = { body?: unknown; proof?: string; anonymous?: boolean };

async function call<T>(method: string, path: string, { body, proof, anonymous = false }: Options = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  // A form (a file upload) sets its own multipart type and boundary.
  const isForm = body instanceof FormData;
  if (body !== undefined && !isForm) headers['content-type'] = 'application/json';
  if (proof) headers[proofHeader] = proof;
  if (!anonymous) headers.authorization = `Bearer ${await accessToken()}`;
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined || isForm ? body : JSON.stringify(body) });
  } catch (error) {
    throw new ApiError(0, networkErrorCode, error instanceof Error ? error.message : String(error));
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!response.ok) {
    const { code, message, data } = (parsed ?? {}) as { code?: unknown; message?: unknown; data?: unknown };
    throw new ApiError(
      response.status,
      typeof code === 'string' ? code : `http.${response.status}`,
      typeof message === 'string' ? message : response.statusText,
      data,
    );
  }
  return parsed as T;
}

type Created = { verificationRecordId: string; expiresAt: string };

export const accountApi = {
  settings: () => call<AccountCenter>('GET', '/api/.well-known/account-center', { anonymous: true }),
  me: () => call<MyAccount>('GET', '/api/my-account'),
  update: (body: UpdateMyAccountBody, proof?: string) => call<MyAccount>('PATCH', '/api/my-account', { body, proof }),

  /** Stores a picture; its URL then becomes the avatar with `update`. */
  uploadAvatar: (file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return call<{ url: string }>('POST', '/api/my-account/user-assets/avatar', { body: form });
  },

  verifyPassword: (password: string) => call<Created>('POST', '/api/verifications/password', { body: { password } }),
  sendCode: (identifier: VerificationCodeIdentifier) =>
    call<Created>('POST', '/api/verifications/verification-code', { body: { identifier } }),
  verifyCode: (identifier: VerificationCodeIdentifier, verificationId: string, code: string) =>
    call<{ verificationRecordId: string }>('POST', '/api/verifications/verification-code/verify', {
      body: { identifier, verificationId, code },
    }),

  setPrimary: (type: 'email' | 'phone', value: string, newIdentifierVerificationRecordId: string, proof: string) =>
    call<void>('POST', `/api/my-account/primary-${type}`, {
      body: { [type]: value, newIdentifierVerificationRecordId },
      proof,
    }),
  removePrimary: (type: 'email' | 'phone', proof: string) => call<void>('DELETE', `/api/my-account/primary-${type}`, { proof }),
  changePassword: (password: string, proof: string | undefined) =>
    call<void>('POST', '/api/my-account/password', { body: { password }, proof }),

  startSocial: (connectorId: string, state: string, redirectUri: string) =>
    call<Created & { authorizationUri: string }>('POST', '/api/verifications/social', { body: { connectorId, state, redirectUri } }),
  verifySocial: (verificationRecordId: string, connectorData: Record<string, string>) =>
    call<{ verificationRecordId: string }>('POST', '/api/verifications/social/verify', { body: { verificationRecordId, connectorData } }),
  linkIdentity: (newIdentifierVerificationRecordId: string, proof: string) =>
    call<void>('POST', '/api/my-account/identities', { body: { newIdentifierVerificationRecordId }, proof }),
  unlinkIdentity: (target: string, proof: string) =>
    call<void>('DELETE', `/api/my-account/identities/${encodeURIComponent(target)}`, { proof }),

  mfaFactors: () => call<UserMfaVerificationResponse[]>('GET', '/api/my-account/mfa-verifications'),
  removeMfaFactor: (id: string, proof: string) =>
    call<void>('DELETE', `/api/my-account/mfa-verifications/${encodeURIComponent(id)}`, { proof }),
  newTotpSecret: () => call<{ secret: string }>('POST', '/api/my-account/mfa-verifications/totp-secret/generate'),
  bindTotp: (secret: string, code: string, proof: string) =>
    call<void>('POST', '/api/my-account/mfa-verifications', { body: { type: 'Totp', secret, code }, proof }),
  newBackupCodes: () => call<{ codes: string[] }>('POST', '/api/my-account/mfa-verifications/backup-codes/generate'),
  bindBackupCodes: (codes: string[], proof: string) =>
    call<void>('POST', '/api/my-account/mfa-verifications', { body: { type: 'BackupCode', codes }, proof }),

  startPasskey: () => call<Created & { registrationOptions: Record<string, unknown> }>('POST', '/api/verifications/web-authn/registration'),
  verifyPasskey: (verificationRecordId: string, payload: unknown) =>
    call<{ verificationRecordId: string }>('POST', '/api/verifications/web-authn/registration/verify', {
      body: { verificationRecordId, payload },
    }),
  bindPasskey: (newIdentifierVerificationRecordId: string, proof: string) =>
    call<void>('POST', '/api/my-account/mfa-verifications', { body: { type: 'WebAuthn', newIdentifierVerificationRecordId }, proof }),

  sessions: (proof: string) => call<{ sessions: AccountSession[] }>('GET', '/api/my-account/sessions', { proof }),
  endSession: (sessionId: string, proof: string) =>
    call<void>('DELETE', `/api/my-account/sessions/${encodeURIComponent(sessionId)}?revokeGrantsTarget=all`, { proof }),
  grants: (proof: string) => call<{ grants: AccountGrant[] }>('GET', '/api/my-account/grants', { proof }),
  revokeGrant: (grantId: string, proof: string) => call<void>('DELETE', `/api/my-account/grants/${encodeURIComponent(grantId)}`, { proof }),
};
