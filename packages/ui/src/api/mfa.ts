// The Experience API's 2-step verification and passkey calls: binding a factor to the account
// (TOTP, WebAuthn, backup codes), verifying one at sign-in, and signing in with a passkey alone.
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/browser';
// The shapes come from the service's own schemas (types only: nothing of @idp/schemas is bundled).
import type { BackupCodesResponse, MfaFactor, TotpSecretResponse, VerificationIdResponse as Verification } from '@idp/schemas';
import { requestJson } from './http.ts';

export type { MfaFactor } from '@idp/schemas';

export const mfaFactors: readonly MfaFactor[] = ['Totp', 'WebAuthn', 'BackupCode', 'EmailVerificationCode', 'PhoneVerificationCode'];

export const isMfaFactor = (value: unknown): value is MfaFactor => mfaFactors.includes(value as MfaFactor);

const base = '/api/experience';

// Calls without parameters still send an empty JSON object, which every body schema accepts.

// Binding

export const createTotpSecret = () => requestJson<TotpSecretResponse>('POST', `${base}/verification/totp/secret`, {});

export const createWebAuthnRegistration = () =>
  requestJson<Verification & { registrationOptions: PublicKeyCredentialCreationOptionsJSON }>(
    'POST',
    `${base}/verification/web-authn/registration`,
    {},
  );

export const verifyWebAuthnRegistration = (verificationId: string, payload: RegistrationResponseJSON) =>
  requestJson<Verification>('POST', `${base}/verification/web-authn/registration/verify`, { verificationId, payload });

export const generateBackupCodes = () => requestJson<BackupCodesResponse>('POST', `${base}/verification/backup-code/generate`, {});

/** Adds the verified factor to the account being signed in (or created). */
export const bindMfa = (type: 'Totp' | 'WebAuthn' | 'BackupCode', verificationId: string) =>
  requestJson<void>('POST', `${base}/profile/mfa`, { type, verificationId });

/** Declines the optional 2-step verification set-up for now. */
export const skipMfa = () => requestJson<void>('POST', `${base}/profile/mfa/mfa-skipped`, {});

// Verifying

/** With `verificationId`, the code confirms a new secret (binding); without, it verifies the bound one. */
export const verifyTotp = (code: string, verificationId?: string) =>
  requestJson<Verification>('POST', `${base}/verification/totp/verify`, verificationId ? { code, verificationId } : { code });

export const createWebAuthnAuthentication = () =>
  requestJson<Verification & { authenticationOptions: PublicKeyCredentialRequestOptionsJSON }>(
    'POST',
    `${base}/verification/web-authn/authentication`,
    {},
  );

export const verifyWebAuthnAuthentication = (verificationId: string, payload: AuthenticationResponseJSON) =>
  requestJson<Verification>('POST', `${base}/verification/web-authn/authentication/verify`, { verificationId, payload });

export const verifyBackupCode = (code: string) => requestJson<Verification>('POST', `${base}/verification/backup-code/verify`, { code });

export type MfaCodeChannel = 'email' | 'phone';

/** Sends a code to the account's own email address or phone. */
export const sendMfaCode = (identifierType: MfaCodeChannel) =>
  requestJson<Verification>('POST', `${base}/verification/mfa-verification-code`, { identifierType });

export const verifyMfaCode = (identifierType: MfaCodeChannel, verificationId: string, code: string) =>
  requestJson<Verification>('POST', `${base}/verification/mfa-verification-code/verify`, { verificationId, code, identifierType });

// Passkey sign-in (no identifier first: the credential names the account)

export const createPasskeySignIn = () =>
  requestJson<Verification & { authenticationOptions: PublicKeyCredentialRequestOptionsJSON }>(
    'POST',
    `${base}/preflight/sign-in-passkey/authentication`,
    {},
  );

export const verifyPasskeySignIn = (verificationId: string, payload: AuthenticationResponseJSON) =>
  requestJson<Verification>('POST', `${base}/verification/sign-in-passkey/authentication/verify`, { verificationId, payload });
