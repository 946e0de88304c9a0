// 2-step verification between identification and the app. `submit` answers with what is still
// needed: verify a factor the account has (403 require_mfa_verification), bind one first
// (422 user.missing_mfa), or save backup codes after the first factor (422 backup_code_required).
// What it said waits in sessionStorage, so the MFA pages survive a reload; without it they submit
// again to learn it.
import { ApiError } from '../api/http.ts';
import { isMfaFactor, type MfaFactor } from '../api/mfa.ts';
import type { PhraseKey } from '../i18n/index.ts';
import { navigate } from '../router.ts';

const storageKey = 'idp.mfa';

export type MfaState = {
  /** Factors the account can verify with, the first one preferred. */
  verify?: MfaFactor[];
  /** Factors the user may bind, and whether binding can wait. */
  bind?: MfaFactor[];
  skippable?: boolean;
};

const slugs: Record<MfaFactor, string> = {
  Totp: 'totp',
  WebAuthn: 'webauthn',
  BackupCode: 'backup-code',
  EmailVerificationCode: 'email',
  PhoneVerificationCode: 'phone',
};

export const factorSlug = (factor: MfaFactor) => slugs[factor];

export const factorFromSlug = (slug: string): MfaFactor | undefined =>
  (Object.keys(slugs) as MfaFactor[]).find((factor) => slugs[factor] === slug);

/** Factors this UI can bind; the email and phone factors use the account's own address instead. */
export const bindableFactors: readonly MfaFactor[] = ['Totp', 'WebAuthn', 'BackupCode'];

export const verificationPath = (factor: MfaFactor) => `/mfa-verification/${slugs[factor]}`;
export const bindingPath = (factor?: MfaFactor) => (factor ? `/mfa-binding/${slugs[factor]}` : '/mfa-binding');

export const factorNames: Record<MfaFactor, PhraseKey> = {
  Totp: 'mfa.factor.totp',
  WebAuthn: 'mfa.factor.webauthn',
  BackupCode: 'mfa.factor.backup_code',
  EmailVerificationCode: 'mfa.factor.email',
  PhoneVerificationCode: 'mfa.factor.phone',
};

export function readMfaState(): MfaState | undefined {
  try {
    const stored = JSON.parse(sessionStorage.getItem(storageKey) ?? 'null') as MfaState | null;
    return stored && typeof stored === 'object' ? stored : undefined;
  } catch {
    return undefined;
  }
}

function saveMfaState(state: MfaState): void {
  sessionStorage.setItem(storageKey, JSON.stringify(state));
}

export const clearMfaState = () => sessionStorage.removeItem(storageKey);

function factorsOf(data: unknown): MfaFactor[] {
  const listed = (data as { availableFactors?: unknown } | undefined)?.availableFactors;
  return Array.isArray(listed) ? [...new Set(listed.filter(isMfaFactor))] : [];
}

/** From the sign-in pages a step is pushed (back returns there); within the MFA pages it replaces. */
function go(path: string): void {
  navigate(path, { replace: window.location.pathname.startsWith('/mfa-') });
}

/**
 * When `error` is submit's answer that 2-step verification is needed, goes to the page for it
 * and returns true; otherwise returns false (the caller shows the error).
 */
export function followMfaRequirement(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  switch (error.code) {
    case 'session.mfa.require_mfa_verification': {
      const factors = factorsOf(error.data);
      const first = factors[0];
      if (!first) return false;
      saveMfaState({ verify: factors });
      go(verificationPath(first));
      return true;
    }
    // Optional 2-step verification the user has not decided on yet: offered, and may be skipped.
    case 'user.suggest_mfa':
    case 'user.missing_mfa': {
      const factors = factorsOf(error.data);
      const skippable = error.code === 'user.suggest_mfa' || (error.data as { skippable?: unknown } | undefined)?.skippable === true;
      saveMfaState({ bind: factors, skippable });
      go(bindingPath());
      return true;
    }
    case 'session.mfa.backup_code_required':
      go(bindingPath('BackupCode'));
      return true;
    default:
      return false;
  }
}
