// The sign-in UI's built-in phrases, served (merged with a tenant's custom phrases) by
// GET /api/.well-known/phrases. English is complete and is the base every language falls back to;
// other languages may leave keys out.
import { en } from './en.ts';
import { ko } from './ko.ts';

export type Phrases = { [key: string]: string | Phrases };

export const builtInPhrases: Readonly<Record<string, Phrases>> = { en, ko };

export const builtInLanguages = Object.keys(builtInPhrases);

/** Deep merge, later sources winning; only plain objects are merged, everything else replaces. */
export function mergePhrases(...sources: Phrases[]): Phrases {
  const result: Phrases = {};
  for (const source of sources) {
    for (const [key, value] of Object.entries(source)) {
      const existing = result[key];
      result[key] = typeof value === 'object' && typeof existing === 'object' ? mergePhrases(existing, value) : value;
    }
  }
  return result;
}

const maxDepth = 8;

/** Whether a value is a translation: nested objects whose leaves are all strings. */
export function isPhrases(value: unknown, depth = 0): value is Phrases {
  if (depth > maxDepth || typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.entries(value).every(
    ([key, child]) => key.length > 0 && key.length <= 256 && (typeof child === 'string' || isPhrases(child, depth + 1)),
  );
}
