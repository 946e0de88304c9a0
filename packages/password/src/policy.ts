// The password policy of a sign-in experience, applied the same way wherever a password is set
// (Experience API, Account API, the Management API's /api/me) and by the Management API's
// POST /api/sign-in-exp/default/check-password.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { RequestError } from '@idp/errors';
import { normalizePassword } from './index.ts';

/** Every part optional: what is left out takes the default named in checkPasswordPolicy. */
export type PasswordPolicyRules = {
  length?: { min?: number; max?: number };
  characterTypes?: { min?: number };
  rejects?: { pwned?: boolean; repetitionAndSequence?: boolean; userInfo?: boolean; words?: string[] };
};

/** One broken rule, named with Logto's code (`password_rejected.*`) and what the message needs. */
export type PasswordIssue = { code: string; interpolation?: Record<string, unknown> };

const characterClasses = [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{Ll}\p{Lu}\p{Nd}]/u];

// 49k passwords seen most often in breaches (the zxcvbn-ts common list, MIT), bundled so the check
// needs no network. Loaded on first use; lookups are exact on the lower-cased password.
let breached: ReadonlySet<string> | undefined;
const breachedPasswords = (): ReadonlySet<string> => {
  breached ??= new Set(
    (
      JSON.parse(readFileSync(createRequire(import.meta.url).resolve('@zxcvbn-ts/language-common/src/passwords.json'), 'utf8')) as string[]
    ).map((entry) => entry.toLowerCase()),
  );
  return breached;
};

/** Four or more characters rising or falling by one code point: "abcd", "4321". */
const hasSequence = (text: string) => {
  const points = [...text].map((character) => character.codePointAt(0) ?? 0);
  let run = 1;
  let lastStep = 0;
  for (let index = 1; index < points.length; index += 1) {
    const step = (points[index] ?? 0) - (points[index - 1] ?? 0);
    const unit = step === 1 || step === -1;
    run = unit && step === lastStep ? run + 1 : unit ? 2 : 1;
    lastStep = step;
    if (run >= 4) return true;
  }
  return false;
};

/** Profile values a password must not contain: names, the email's local part, phone digits. */
export const passwordUserInfo = (profile: {
  username?: string | null;
  primaryEmail?: string | null;
  primaryPhone?: string | null;
  name?: string | null;
}) => [
  profile.username ?? undefined,
  profile.primaryEmail ?? undefined,
  profile.primaryEmail?.split('@')[0],
  profile.primaryPhone ?? undefined,
  ...(profile.name?.split(/\s+/) ?? []),
];

/**
 * Every rule the password breaks (empty: it is allowed). Lengths count characters (code points) of
 * the NFKC form, the form that is hashed; defaults: 8 to 256 characters, one character type,
 * breached passwords, profile-derived passwords, repetitions and sequences refused.
 */
export function checkPasswordPolicy(
  password: string,
  policy: PasswordPolicyRules,
  userInfo: Array<string | undefined> = [],
): PasswordIssue[] {
  const normalized = normalizePassword(password);
  const length = [...normalized].length;
  const min = policy.length?.min ?? 8;
  const max = policy.length?.max ?? 256;
  const issues: PasswordIssue[] = [];
  if (length < min) issues.push({ code: 'password_rejected.too_short', interpolation: { min } });
  if (length > max) issues.push({ code: 'password_rejected.too_long', interpolation: { max } });
  const types = characterClasses.filter((pattern) => pattern.test(normalized)).length;
  const minTypes = policy.characterTypes?.min ?? 1;
  if (types < minTypes) issues.push({ code: 'password_rejected.character_types', interpolation: { min: minTypes } });
  const lower = normalized.toLowerCase();
  if (policy.rejects?.pwned !== false && breachedPasswords().has(lower)) issues.push({ code: 'password_rejected.pwned' });
  if (policy.rejects?.words?.some((word) => word && lower.includes(normalizePassword(word).toLowerCase()))) {
    issues.push({ code: 'password_rejected.restricted_words' });
  }
  if (
    policy.rejects?.userInfo !== false &&
    userInfo.some((info) => info && info.length >= 3 && lower.includes(normalizePassword(info).toLowerCase()))
  ) {
    issues.push({ code: 'password_rejected.user_info' });
  }
  if (policy.rejects?.repetitionAndSequence !== false && (/(.)\1{3,}/u.test(normalized) || hasSequence(lower))) {
    issues.push({ code: 'password_rejected.repetition' });
  }
  return issues;
}

/**
 * Throws 422 `password.rejected` when the password breaks a rule, listing every broken rule as
 * `data.result: [{ code, data? }]` (`data` holds the message's values, e.g. `{ min: 8 }`): the one
 * shape every service answers and the sign-in UI reads.
 */
export function assertPasswordAllowed(password: string, policy: PasswordPolicyRules, userInfo: Array<string | undefined> = []): void {
  const result = checkPasswordPolicy(password, policy, userInfo).map(({ code, interpolation }) => ({
    code,
    ...(interpolation ? { data: interpolation } : {}),
  }));
  if (result.length > 0) throw new RequestError('password.rejected', { data: { result } });
}
