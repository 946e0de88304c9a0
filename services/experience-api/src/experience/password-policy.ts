import { RequestError } from '@idp/errors';
import type { PasswordPolicy } from '@idp/schemas';

const characterClasses = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/];

/** Throws `password.rejected` listing every rule the password breaks (Logto's defaults: 8+ chars). */
export function assertPasswordAllowed(password: string, policy: PasswordPolicy, userInfo: Array<string | undefined> = []): void {
  const min = policy.length?.min ?? 8;
  const max = policy.length?.max ?? 256;
  const broken: Array<{ code: string; data?: Record<string, unknown> }> = [];
  if (password.length < min) broken.push({ code: 'password_rejected.too_short', data: { min } });
  if (password.length > max) broken.push({ code: 'password_rejected.too_long', data: { max } });
  const types = characterClasses.filter((pattern) => pattern.test(password)).length;
  const minTypes = policy.characterTypes?.min ?? 1;
  if (types < minTypes) broken.push({ code: 'password_rejected.character_types', data: { min: minTypes } });
  const lower = password.toLowerCase();
  if (policy.rejects?.words?.some((word) => word && lower.includes(word.toLowerCase()))) {
    broken.push({ code: 'password_rejected.restricted_words' });
  }
  if (policy.rejects?.userInfo !== false && userInfo.some((info) => info && info.length >= 3 && lower.includes(info.toLowerCase()))) {
    broken.push({ code: 'password_rejected.user_info' });
  }
  if (policy.rejects?.repetitionAndSequence !== false && /(.)\1{3,}/.test(password)) {
    broken.push({ code: 'password_rejected.repetition' });
  }
  if (broken.length > 0) throw new RequestError('password.rejected', { data: { result: broken } });
}
