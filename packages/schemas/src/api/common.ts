// Building blocks the API shapes share, so that a rule such as "unknown keys are refused" or "what a
// username looks like" is written once. Patterns are JSON Schema patterns (strings); code that checks
// a value outside a schema (a route, the sign-in UI) makes a RegExp of the same string.
import { Type, type TObject, type TObjectOptions, type TProperties } from 'typebox';

/**
 * An object that refuses keys it does not name: a request body with a misspelt field fails instead
 * of silently doing less than asked.
 */
export function closedObject<Properties extends TProperties>(properties: Properties, options?: TObjectOptions): TObject<Properties> {
  return Type.Object(properties, { ...options, additionalProperties: false });
}

/** Path ids are 21-character strings; anything longer can match no row. */
export const PathIdSchema = Type.String({ minLength: 1, maxLength: 21 });

// Logto's identifier formats (its core-kit regular expressions).
export const usernamePattern = '^[A-Z_a-z]\\w*$';
export const emailPattern = '^\\S+@\\S+\\.\\S+$';
/** A phone number as a user row holds it: digits only, no `+`. */
export const phoneNumberPattern = '^\\d+$';
/** A phone number as a user types it to sign in with or verify (5 to 20 digits). */
export const phoneIdentifierPattern = '^\\d{5,20}$';

/** A BCP 47 language tag such as `en`, `pt-BR` or `zh-Hant-TW`. */
export const languageTagPattern = '^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$';
/** `#rgb` or `#rrggbb`. */
export const hexColorPattern = '^#([0-9a-fA-F]{3}){1,2}$';
/** One label of a host name (RFC 1123) in lower case, e.g. a protected app's subdomain. */
export const dnsLabelPattern = '^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$';
