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

export {
  dnsLabelPattern,
  emailPattern,
  hexColorPattern,
  languageTagPattern,
  phoneIdentifierPattern,
  phoneNumberPattern,
  usernamePattern,
} from './patterns.ts';
