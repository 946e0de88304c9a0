// The part of the sign-in experience's password policy the Account API enforces today: length and
// the number of character types (lower case, upper case, digits, symbols).
import { RequestError } from '@idp/errors';
import type { PasswordPolicy } from '@idp/schemas';

export function assertPasswordAllowed(password: string, policy: PasswordPolicy): void {
  const min = policy.length?.min ?? 8;
  const max = policy.length?.max ?? 256;
  const typesMin = policy.characterTypes?.min ?? 1;
  const types = [/[a-z]/, /[A-Z]/, /\d/, /[^a-zA-Z\d]/].filter((type) => type.test(password)).length;
  const result = [
    ...(password.length < min ? [{ code: 'password_rejected.too_short', interpolation: { min } }] : []),
    ...(password.length > max ? [{ code: 'password_rejected.too_long', interpolation: { max } }] : []),
    ...(types < typesMin ? [{ code: 'password_rejected.character_types', interpolation: { min: typesMin } }] : []),
  ];
  if (result.length > 0) throw new RequestError('password.rejected', { data: { result } });
}
