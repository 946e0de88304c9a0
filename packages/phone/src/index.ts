import { parsePhoneNumberFromString } from 'libphonenumber-js';

// Separators people type inside a number; anything else makes the input not a phone number.
const separators = /[\s\-().]/g;
const digitsWithOptionalPlus = /^\+?\d+$/;

/**
 * The one stored form of a phone number, as Logto stores it: the E.164 digits without the `+`,
 * with a national trunk zero typed after the country code removed (`+61 0412 345 678` →
 * `61412345678`), so one person is never two users. A number the phone library cannot place (a
 * test number, a short code) keeps its digits as typed. Anything that is not digits with an
 * optional `+` and separators is not a phone number: `undefined`.
 */
export function normalizePhone(input: string): string | undefined {
  const compact = input.trim().replace(separators, '');
  if (!digitsWithOptionalPlus.test(compact)) {
    return undefined;
  }
  const digits = compact.replace('+', '');
  const parsed = parsePhoneNumberFromString(`+${digits}`);
  return parsed?.isPossible() ? parsed.number.slice(1) : digits;
}
