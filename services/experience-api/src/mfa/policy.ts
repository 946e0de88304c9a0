// When a sign-in or registration needs a second factor, and what the user has bound. Checked in
// `submit`, so no client can skip it by calling submit directly.
import { generateId } from '@idp/db';
import { RequestError } from '@idp/errors';
import type { Mfa, MfaVerification, User } from '@idp/schemas';
import type { ExperienceState, MfaFactor, PendingMfa } from '../libraries/state.ts';

const mandatoryPolicies = new Set(['Mandatory', 'PromptAtSignInAndSignUpMandatory']);
const promptsAtSignUp = new Set(['Mandatory', 'PromptAtSignInAndSignUpMandatory', 'PromptAtSignInAndSignUp', 'UserControlled']);

/** Whether the policy requires a factor (true), offers one that can be skipped (false), or neither. */
function requirement(policy: string, event: ExperienceState['interactionEvent']): 'required' | 'prompt' | 'none' {
  if (policy === 'NoPrompt') return 'none';
  if (event === 'Register' && !promptsAtSignUp.has(policy)) return 'none';
  if (mandatoryPolicies.has(policy) || (policy === 'PromptOnlyAtSignInMandatory' && event === 'SignIn')) return 'required';
  return 'prompt';
}

export const isSkippable = (mfa: Mfa, event: ExperienceState['interactionEvent']) => requirement(mfa.policy, event) !== 'required';

/** The factors enabled for the tenant that this user can already answer. */
export function boundFactors(user: User, enabled: readonly string[]): MfaFactor[] {
  const has = new Set<string>(user.mfaVerifications.map(({ type }) => type));
  if (user.primaryEmail) has.add('EmailVerificationCode');
  if (user.primaryPhone) has.add('PhoneVerificationCode');
  return enabled.filter((factor): factor is MfaFactor => has.has(factor));
}

/** The factor each second-factor record proves; a passkey sign-in proves one whatever is enabled. */
const factorOfRecord: Record<string, MfaFactor | 'Passkey'> = {
  Totp: 'Totp',
  WebAuthnAuthentication: 'WebAuthn',
  BackupCode: 'BackupCode',
  MfaEmailVerificationCode: 'EmailVerificationCode',
  MfaPhoneVerificationCode: 'PhoneVerificationCode',
  SignInPasskey: 'Passkey',
};

/** Whether this interaction has verified one of the user's second factors the tenant enabled. */
export const hasVerifiedSecondFactor = (state: ExperienceState, userId: string, enabled: readonly string[]) =>
  state.verificationRecords.some((record) => {
    const factor = factorOfRecord[record.type];
    return record.verified && 'userId' in record && record.userId === userId && (factor === 'Passkey' || enabled.includes(factor ?? ''));
  });

const noSkipPolicies = new Set(['Mandatory', 'PromptAtSignInAndSignUpMandatory', 'PromptOnlyAtSignInMandatory']);
const promptOnlyAtSignIn = new Set(['PromptOnlyAtSignIn', 'PromptOnlyAtSignInMandatory']);
type UserMfaChoices = { skipped?: boolean; enabled?: boolean };

/**
 * Where the policy offers 2-step verification without requiring it, a user who has neither turned
 * it on nor skipped it is first asked to (422 `user.suggest_mfa`, as Logto). A user from before the
 * `enabled` flag who already has a factor counts as having turned it on, and is stored so.
 */
function assertOptionalMfaDecided(state: ExperienceState, user: User, mfa: Mfa, linked: readonly string[]): void {
  if (mfa.factors.length === 0 || noSkipPolicies.has(mfa.policy) || mfa.policy === 'NoPrompt') return;
  if (state.interactionEvent === 'Register' && promptOnlyAtSignIn.has(mfa.policy)) return;
  const stored = (user.logtoConfig.mfa ?? {}) as UserMfaChoices;
  if (state.mfa?.skipped ?? stored.skipped === true) return;
  const enabled = state.mfa?.enabled ?? stored.enabled;
  const bindable = mfa.factors.filter((factor) => factor !== 'BackupCode');
  // Not Logto's: it sends no data; our sign-in UI offers the factors from here (skippable).
  const suggestion = new RequestError('user.suggest_mfa', { data: { availableFactors: bindable, skippable: true } });
  if (enabled === undefined) {
    if (linked.length === 0) throw suggestion;
    state.mfa ??= { webAuthn: [] };
    state.mfa.enabled = true;
    return;
  }
  if (!enabled) throw suggestion;
}

/** Throws the error the UI answers with the next MFA step, or returns when submit may finish. */
export function assertMfaSatisfied(state: ExperienceState, user: User, mfa: Mfa, userSkipped: boolean): void {
  if (state.interactionEvent === 'ForgotPassword' || mfa.factors.length === 0) return;
  assertRequiredMfa(state, user, mfa, userSkipped);
}

function assertRequiredMfa(state: ExperienceState, user: User, mfa: Mfa, userSkipped: boolean): void {
  const pending = state.mfa;
  const verified = hasVerifiedSecondFactor(state, user.id, mfa.factors);
  const bound = boundFactors(user, mfa.factors);
  const bindsFactor = Boolean(
    (pending?.totp && mfa.factors.includes('Totp')) || (pending?.webAuthn.length && mfa.factors.includes('WebAuthn')),
  );
  // The factor a user must answer comes first; then, for optional policies, whether to turn it on.
  if (bound.length > 0 && !verified) {
    throw new RequestError('session.mfa.require_mfa_verification', { data: { availableFactors: bound } });
  }
  assertOptionalMfaDecided(state, user, mfa, [...bound, ...(bindsFactor ? ['bound now'] : [])]);

  if (bound.length > 0) {
    // A user who can answer a factor must, whatever the policy, and before binding another one:
    // otherwise a stolen password could add an attacker's authenticator.
    if (!verified) throw new RequestError('session.mfa.require_mfa_verification', { data: { availableFactors: bound } });
    return;
  }

  if (bindsFactor) {
    if (mfa.factors.includes('BackupCode') && !pending?.backupCodeHashes) throw new RequestError('session.mfa.backup_code_required');
    return;
  }
  if (pending?.backupCodeHashes) throw new RequestError('session.mfa.backup_code_can_not_be_alone');
  const need = requirement(mfa.policy, state.interactionEvent);
  if (need === 'none' || (need === 'prompt' && (pending?.skipped || userSkipped))) return;
  const bindable = mfa.factors.filter((factor) => factor === 'Totp' || factor === 'WebAuthn');
  if (bindable.length === 0) return; // nothing the user could set up here
  throw new RequestError('user.missing_mfa', { data: { availableFactors: bindable, skippable: need === 'prompt' } });
}

/** The user's factors after storing what this interaction bound. */
export function withPendingMfa(current: MfaVerification[], pending: PendingMfa | undefined, now: Date): MfaVerification[] {
  if (!pending) return current;
  const createdAt = now.toISOString();
  let next = [...current];
  if (pending.totp) {
    next = next.filter(({ type }) => type !== 'Totp');
    next.push({
      id: generateId(),
      type: 'Totp',
      key: pending.totp.sealedSecret,
      createdAt,
      ...(pending.totp.step === undefined ? {} : { lastUsedStep: pending.totp.step }),
    });
  }
  for (const credential of pending.webAuthn) {
    if (next.some((factor) => factor.type === 'WebAuthn' && factor.credentialId === credential.credentialId)) continue;
    next.push({ id: generateId(), type: 'WebAuthn', createdAt, ...credential });
  }
  if (pending.backupCodeHashes) {
    next = next.filter(({ type }) => type !== 'BackupCode');
    next.push({ id: generateId(), type: 'BackupCode', createdAt, codes: pending.backupCodeHashes.map((code) => ({ code })) });
  }
  return next;
}
