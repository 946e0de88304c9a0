// Identifier formats as JSON Schema pattern strings, in a file of their own with no imports: the
// sign-in UI bundles it (`@idp/schemas/patterns`) to check input as the API will, without pulling
// typebox or the tables into the browser.

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
