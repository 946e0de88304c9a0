import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { RequestError } from '@idp/errors';
import { normalizePassword } from '@idp/password';
import type { PasswordPolicy } from '@idp/schemas';

const characterClasses = [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{Ll}\p{Lu}\p{Nd}]/u];

// 49k passwords seen most often in breaches (the zxcvbn-ts common list, MIT), bundled so the check
// needs no network. Loaded once; lookups are exact on the lower-cased password.
const breachedPasswords: ReadonlySet<string> = new Set(
  (
    JSON.parse(readFileSync(createRequire(import.meta.url).resolve('@zxcvbn-ts/language-common/src/passwords.json'), 'utf8')) as string[]
  ).map((entry) => entry.toLowerCase()),
);

/** Four or more characters rising or falling by one code point: "abcd", "4321". */
const hasSequence = (text: string) => {
  const points = [...text].map((character) => character.codePointAt(0)!);
  let run = 1;
  let lastStep = 0;
  for (let index = 1; index < points.length; index += 1) {
    const step = points[index]! - points[index - 1]!;
    const unit = step === 1 || step === -1;
    run = unit && step === lastStep ? run + 1 : unit ? 2 : 1;
    lastStep = step;
    if (run >= 4) return true;
  }
  return false;
};

/** Profile values a password must not contain: names, the email's local part, phone digits. */
export const userInfoOf = (profile: {
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
 * Throws `password.rejected` listing every rule the password breaks. Lengths count characters
 * (code points) of the NFKC form, the form that is hashed; defaults: 8 to 256, breached and
 * profile-derived passwords refused, repetitions and sequences refused.
 */
export function assertPasswordAllowed(password: string, policy: PasswordPolicy, userInfo: Array<string | undefined> = []): void {
  const normalized = normalizePassword(password);
  const length = [...normalized].length;
  const min = policy.length?.min ?? 8;
  const max = policy.length?.max ?? 256;
  const broken: Array<{ code: string; data?: Record<string, unknown> }> = [];
  if (length < min) broken.push({ code: 'password_rejected.too_short', data: { min } });
  if (length > max) broken.push({ code: 'password_rejected.too_long', data: { max } });
  const types = characterClasses.filter((pattern) => pattern.test(normalized)).length;
  const minTypes = policy.characterTypes?.min ?? 1;
  if (types < minTypes) broken.push({ code: 'password_rejected.character_types', data: { min: minTypes } });
  const lower = normalized.toLowerCase();
  if (policy.rejects?.pwned !== false && breachedPasswords.has(lower)) broken.push({ code: 'password_rejected.pwned' });
  if (policy.rejects?.words?.some((word) => word && lower.includes(normalizePassword(word).toLowerCase()))) {
    broken.push({ code: 'password_rejected.restricted_words' });
  }
  if (
    policy.rejects?.userInfo !== false &&
    userInfo.some((info) => info && info.length >= 3 && lower.includes(normalizePassword(info).toLowerCase()))
  ) {
    broken.push({ code: 'password_rejected.user_info' });
  }
  if (policy.rejects?.repetitionAndSequence !== false && (/(.)\1{3,}/u.test(normalized) || hasSequence(lower))) {
    broken.push({ code: 'password_rejected.repetition' });
  }
  if (broken.length > 0) throw new RequestError('password.rejected', { data: { result: broken } });
}
