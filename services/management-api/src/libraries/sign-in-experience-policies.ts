// The rules of Logto's later sign-in experience settings (username policy, email blocklist,
// password reset methods, password expiration, adaptive MFA, support links): each PATCH part is
// checked against the settings it depends on and turned into what is stored.
import type { Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import type { PasswordExpiration, SignInExperienceRow, UpdateSignInExperienceBody } from '@idp/schemas';
import { findUsernameCaseConflicts } from '../queries/sign-in-experiences.ts';
import { listConnectors } from './connectors.ts';

type Body = UpdateSignInExperienceBody;

/** The username policy's cross-field rules; turning case sensitivity off while variants exist is a 409. */
async function checkUsernamePolicy(db: Db, tenantId: string, policy: NonNullable<Body['usernamePolicy']>, current: SignInExperienceRow) {
  if (policy.minLength > policy.maxLength) {
    throw new RequestError('guard.invalid_input', { message: '`usernamePolicy.minLength` must not exceed `maxLength`.' });
  }
  const { lowercase, uppercase, underscore } = policy.allowedChars;
  if (!lowercase && !uppercase && !underscore) {
    throw new RequestError('guard.invalid_input', {
      message: 'Usernames cannot start with a digit: allow lowercase, uppercase or underscore characters.',
    });
  }
  if (!policy.caseSensitive && current.usernamePolicy.caseSensitive) {
    const conflicts = await findUsernameCaseConflicts(db, tenantId, 20);
    if (conflicts.totalConflicts > 0)
      throw new RequestError('sign_in_experiences.username_policy_case_conflicts_exist', { data: conflicts });
  }
}

const blocklistAddress = /^[^\s@]+@[^\s@]+\.[^\s@]+$/u;
const blocklistDomain = /^@[^\s@]+\.[^\s@]+$/u;

/** Blocklist items are whole addresses or `@domain`s; duplicates are dropped, as Logto does. */
function parseCustomBlocklist(items: string[]): string[] {
  const unique = [...new Set(items)];
  const invalid = unique.filter((item) => !blocklistAddress.test(item) && !blocklistDomain.test(item));
  if (invalid.length > 0) throw new RequestError('sign_in_experiences.invalid_custom_email_blocklist_format', { data: { items: invalid } });
  return unique;
}

/** Which password reset channels have a connector, for the methods asked for (null: any). */
function resetChannels(connectorTypes: Set<string>, methods: SignInExperienceRow['forgotPasswordMethods']) {
  const email = connectorTypes.has('Email') && (!methods || methods.includes('EmailVerificationCode'));
  const phone = connectorTypes.has('Sms') && (!methods || methods.includes('PhoneVerificationCode'));
  return { email, phone };
}

/**
 * The stored password expiration: switching it off stores `{ enabled: false }`; otherwise the
 * change is merged into what is stored, must have a valid period, and keeps (or, when it is
 * switched on, stamps) `enabledAt`, the age of passwords set before the policy.
 */
function nextPasswordExpiration(
  change: NonNullable<Body['passwordExpiration']>,
  current: PasswordExpiration,
  now: number,
): PasswordExpiration {
  if (change.enabled === false) return { enabled: false };
  const { enabledAt: _ignored, ...asked } = change;
  const merged = { ...current, ...asked };
  if (!merged.enabled) return merged.enabled === false ? { enabled: false } : {};
  const { validPeriodDays, reminderPeriodDays } = merged;
  if (validPeriodDays === undefined || !Number.isInteger(validPeriodDays) || validPeriodDays < 1) {
    throw new RequestError('sign_in_experiences.password_expiration_invalid_period_days');
  }
  if (reminderPeriodDays !== undefined && reminderPeriodDays >= validPeriodDays) {
    throw new RequestError('guard.invalid_input', {
      message: '`passwordExpiration.reminderPeriodDays` must be less than `validPeriodDays`.',
    });
  }
  return {
    enabled: true,
    validPeriodDays,
    ...(reminderPeriodDays === undefined ? {} : { reminderPeriodDays }),
    enabledAt: (current.enabled && current.enabledAt) || now,
  };
}

const nonSkippablePolicies = new Set(['PromptAtSignInAndSignUpMandatory', 'PromptOnlyAtSignInMandatory']);

/** Adaptive MFA needs MFA with a prompt that cannot be skipped; switching it off needs one that can. */
function checkAdaptiveMfa(adaptiveMfa: NonNullable<Body['adaptiveMfa']>, mfa: SignInExperienceRow['mfa']) {
  if (adaptiveMfa.enabled) {
    if (mfa.factors.length === 0) throw new RequestError('sign_in_experiences.adaptive_mfa_requires_mfa');
    if (!nonSkippablePolicies.has(mfa.policy)) throw new RequestError('sign_in_experiences.adaptive_mfa_requires_non_skippable_policy');
  } else if (adaptiveMfa.enabled === false && nonSkippablePolicies.has(mfa.policy)) {
    throw new RequestError('sign_in_experiences.non_adaptive_mfa_requires_skippable_policy');
  }
}

/** Secondary sign-up identifiers are distinct (`emailOrPhone` counts as its own entry). */
function checkSecondaryIdentifiers(signUp: NonNullable<Body['signUp']>) {
  const identifiers = (signUp.secondaryIdentifiers ?? []).map(({ identifier }) => identifier);
  if (new Set(identifiers).size !== identifiers.length) throw new RequestError('sign_in_experiences.duplicated_sign_up_identifiers');
}

/**
 * Checks the later settings of a PATCH against the current row and returns the columns to store
 * for them (an empty support link clears it).
 */
export async function applyPolicySettings(
  db: Db,
  tenantId: string,
  body: Body,
  current: SignInExperienceRow,
  now = Date.now(),
): Promise<Partial<SignInExperienceRow>> {
  const { usernamePolicy, emailBlocklistPolicy, forgotPasswordMethods, passwordExpiration, adaptiveMfa, supportEmail, supportWebsiteUrl } =
    body;
  if (body.signUp) checkSecondaryIdentifiers(body.signUp);
  if (usernamePolicy) await checkUsernamePolicy(db, tenantId, usernamePolicy, current);
  if (adaptiveMfa) checkAdaptiveMfa(adaptiveMfa, body.mfa ?? current.mfa);

  const values: Partial<SignInExperienceRow> = {};
  if (emailBlocklistPolicy) {
    const { customBlocklist, ...rest } = emailBlocklistPolicy;
    values.emailBlocklistPolicy = { ...rest, ...(customBlocklist ? { customBlocklist: parseCustomBlocklist(customBlocklist) } : {}) };
  }
  if (supportEmail !== undefined) values.supportEmail = supportEmail || null;
  if (supportWebsiteUrl !== undefined) values.supportWebsiteUrl = supportWebsiteUrl || null;

  if (forgotPasswordMethods !== undefined || passwordExpiration) {
    const connectorTypes = new Set((await listConnectors(db, tenantId)).map(({ factory }) => factory.type));
    for (const method of forgotPasswordMethods ?? []) {
      const email = method === 'EmailVerificationCode';
      if (!connectorTypes.has(email ? 'Email' : 'Sms')) {
        throw new RequestError('sign_in_experiences.forgot_password_method_requires_connector', {
          data: { method: email ? 'email' : 'sms' },
        });
      }
    }
    if (forgotPasswordMethods !== undefined) values.forgotPasswordMethods = forgotPasswordMethods;
    if (passwordExpiration) {
      const next = nextPasswordExpiration(passwordExpiration, current.passwordExpiration, now);
      const channels = resetChannels(
        connectorTypes,
        forgotPasswordMethods === undefined ? current.forgotPasswordMethods : forgotPasswordMethods,
      );
      if (next.enabled && !channels.email && !channels.phone) {
        throw new RequestError('sign_in_experiences.password_expiration_requires_forgot_password');
      }
      values.passwordExpiration = next;
    }
  }
  return values;
}
