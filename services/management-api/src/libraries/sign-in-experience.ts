// The sign-in experience's rules: sign-up and sign-in agree, policies are consistent, the fallback
// language has phrases; and the policies in force shown in full.
import type { Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import {
  sentinelDefaults,
  type PasswordPolicy,
  type SignIn,
  type SignInExperienceDetails,
  type SignInExperienceRow,
  type SignUp,
  type UpdateSignInExperienceBody,
} from '@idp/schemas';
import { builtInPhrases } from '../phrases/index.ts';
import { findCustomPhrase } from '../queries/custom-phrases.ts';
import { getSignInExperience, updateSignInExperience } from '../queries/sign-in-experiences.ts';
import { assertConnectorsForMethods } from './sign-in-experience-connectors.ts';
import { applyPolicySettings } from './sign-in-experience-policies.ts';

// The policies the experience API applies when a part is left out, shown in full so a client reads
// what is in force. `pwned` checks a list of breached passwords bundled with the service (no
// network lookups at run time).
const withPolicyDefaults = (policy: PasswordPolicy): PasswordPolicy => ({
  length: { min: 8, max: 256, ...policy.length },
  characterTypes: { min: 1, ...policy.characterTypes },
  rejects: { pwned: true, repetitionAndSequence: true, userInfo: true, words: [], ...policy.rejects },
});

export const toSignInExperienceDetails = (row: SignInExperienceRow): SignInExperienceDetails => ({
  ...row,
  passwordPolicy: withPolicyDefaults(row.passwordPolicy),
  sentinelPolicy: {
    maxAttempts: sentinelDefaults.maxAttempts,
    attemptWindow: sentinelDefaults.attemptWindow,
    lockoutDuration: sentinelDefaults.lockoutDuration,
    ...row.sentinelPolicy,
  },
});

/**
 * Sign-up and sign-in must agree (Logto's rules): every way to register must also be a way to sign
 * in, with the credential the registration sets up.
 */
function assertSignUpAndSignIn(signUp: SignUp, signIn: SignIn): void {
  const { identifiers, password, verify } = signUp;
  if (new Set(identifiers).size !== identifiers.length) throw new RequestError('sign_in_experiences.duplicated_sign_up_identifiers');
  if (identifiers.includes('username') && !password) throw new RequestError('sign_in_experiences.username_requires_password');
  if (identifiers.some((identifier) => identifier === 'email' || identifier === 'phone') && !password && !verify) {
    throw new RequestError('sign_in_experiences.passwordless_requires_verify');
  }
  if (!signIn.methods.every((method) => method.password || method.verificationCode)) {
    throw new RequestError('sign_in_experiences.at_least_one_authentication_factor');
  }
  const methodOf = (identifier: string) => signIn.methods.find((method) => method.identifier === identifier);
  const missing = identifiers.filter((identifier) => !methodOf(identifier));
  if (missing.length > 0)
    throw new RequestError('sign_in_experiences.miss_sign_up_identifier_in_sign_in', { data: { identifiers: missing } });
  if (password && !identifiers.every((identifier) => methodOf(identifier)?.password)) {
    throw new RequestError('sign_in_experiences.password_sign_in_must_be_enabled');
  }
  // Without a password the only credential a new account has is a code to its email or phone.
  if (!password && verify && !identifiers.every((identifier) => identifier === 'username' || methodOf(identifier)?.verificationCode)) {
    throw new RequestError('sign_in_experiences.code_sign_in_must_be_enabled');
  }
}

function assertPolicies(body: UpdateSignInExperienceBody): void {
  const length = body.passwordPolicy?.length;
  if (length?.min !== undefined && length.max !== undefined && length.min > length.max) {
    throw new RequestError('guard.invalid_input', { message: '`passwordPolicy.length.min` must not exceed `max`.' });
  }
  const factors = body.mfa?.factors;
  if (factors) {
    if (new Set(factors).size !== factors.length) throw new RequestError('sign_in_experiences.duplicated_mfa_factors');
    if (factors.length === 1 && factors[0] === 'BackupCode')
      throw new RequestError('sign_in_experiences.backup_code_cannot_be_enabled_alone');
  }
}

/** The fallback language must have phrases to fall back to: built-in ones, or the tenant's own. */
async function assertLanguageSupported(db: Db, tenantId: string, languageTag: string): Promise<void> {
  if (builtInPhrases[languageTag] || (await findCustomPhrase(db, tenantId, languageTag))) return;
  throw new RequestError('sign_in_experiences.unsupported_default_language', { data: { language: languageTag } });
}

/** Applies a PATCH, checked against the result: changing only the sign-in methods must still fit the sign-up. */
export async function changeSignInExperience(db: Db, tenantId: string, body: UpdateSignInExperienceBody): Promise<SignInExperienceRow> {
  const current = await getSignInExperience(db, tenantId);
  if (body.signUp || body.signIn) assertSignUpAndSignIn(body.signUp ?? current.signUp, body.signIn ?? current.signIn);
  assertPolicies(body);
  await assertConnectorsForMethods(db, tenantId, body);
  if (body.languageInfo && body.languageInfo.fallbackLanguage !== current.languageInfo.fallbackLanguage) {
    await assertLanguageSupported(db, tenantId, body.languageInfo.fallbackLanguage);
  }
  const policyValues = await applyPolicySettings(db, tenantId, body, current);
  const {
    termsOfUseUrl,
    privacyPolicyUrl,
    emailBlocklistPolicy: _blocklist,
    passwordExpiration: _expiration,
    forgotPasswordMethods: _methods,
    supportEmail: _email,
    supportWebsiteUrl: _website,
    ...rest
  } = body;
  return updateSignInExperience(db, tenantId, {
    ...rest,
    ...policyValues,
    // An empty string clears a link.
    ...(termsOfUseUrl === undefined ? {} : { termsOfUseUrl: termsOfUseUrl || null }),
    ...(privacyPolicyUrl === undefined ? {} : { privacyPolicyUrl: privacyPolicyUrl || null }),
  });
}
