// A tenant's own translations of the sign-in UI's phrases.
import type { Db } from '@idp/db';
import { notFound, RequestError } from '@idp/errors';
import type { CustomPhrase, CustomPhraseResponse } from '@idp/schemas';
import { isLanguageTag } from '@logto/language-kit';
import { builtInPhrases, isPhrases, type Phrases } from '../phrases/index.ts';
import * as phraseQueries from '../queries/custom-phrases.ts';
import { getSignInExperience } from '../queries/sign-in-experiences.ts';

export const toCustomPhraseResponse = ({ tenantId, id, languageTag, translation }: CustomPhrase): CustomPhraseResponse => ({
  tenantId,
  id,
  languageTag,
  translation,
});

const phrasesNotFound = (languageTag: string) => notFound(`There are no custom phrases for \`${languageTag}\`.`, { languageTag });

/** Empty strings mean "no override": they are dropped (and objects left empty by that), as in Logto. */
function withoutEmpty(phrases: Phrases): Phrases {
  const result: Phrases = {};
  for (const [key, value] of Object.entries(phrases)) {
    const kept = typeof value === 'string' ? value : withoutEmpty(value);
    if (kept !== '' && !(typeof kept === 'object' && Object.keys(kept).length === 0)) result[key] = kept;
  }
  return result;
}

/** Only the language tags Logto knows (its language kit's list, any letter case), as Logto checks them. */
export function assertKnownLanguageTag(languageTag: string): void {
  if (!isLanguageTag(languageTag)) {
    throw new RequestError('guard.invalid_input', {
      message: `\`${languageTag}\` is not a language tag this service knows.`,
      data: { field: 'languageTag', languageTag },
    });
  }
}

/**
 * The keys of `translation` that the built-in English phrases do not have, or have with the other
 * kind of value (a phrase where they hold a group, or the reverse), as dotted paths.
 */
export function unknownPhraseKeys(translation: Phrases, known: Phrases = builtInPhrases.en ?? {}, prefix = ''): string[] {
  return Object.entries(translation).flatMap(([key, value]) => {
    const path = `${prefix}${key}`;
    const reference = Object.hasOwn(known, key) ? known[key] : undefined;
    if (reference === undefined || typeof reference !== typeof value) return [path];
    return typeof value === 'object' ? unknownPhraseKeys(value, reference as Phrases, `${path}.`) : [];
  });
}

export async function findCustomPhrase(db: Db, tenantId: string, languageTag: string): Promise<CustomPhrase> {
  assertKnownLanguageTag(languageTag);
  const phrase = await phraseQueries.findCustomPhrase(db, tenantId, languageTag);
  if (!phrase) throw phrasesNotFound(languageTag);
  return phrase;
}

export async function replaceCustomPhrase(db: Db, tenantId: string, languageTag: string, translation: unknown): Promise<CustomPhrase> {
  assertKnownLanguageTag(languageTag);
  if (!isPhrases(translation)) throw new RequestError('localization.invalid_translation_structure');
  // Only phrases the sign-in UI has: a key it does not know would never be shown (as in Logto).
  const phrases = withoutEmpty(translation);
  const unknown = unknownPhraseKeys(phrases);
  if (unknown.length > 0) {
    throw new RequestError('localization.invalid_translation_structure', {
      message: `Unknown phrase keys: ${unknown.slice(0, 10).join(', ')}.`,
      data: { unknownKeys: unknown.slice(0, 100) },
    });
  }
  return phraseQueries.upsertCustomPhrase(db, tenantId, languageTag, phrases);
}

export async function deleteCustomPhrase(db: Db, tenantId: string, languageTag: string): Promise<void> {
  assertKnownLanguageTag(languageTag);
  const { languageInfo } = await getSignInExperience(db, tenantId);
  // The fallback language may exist only through its custom phrases: keep them while it is in use.
  if (languageInfo.fallbackLanguage === languageTag) {
    throw new RequestError('localization.cannot_delete_default_language', {
      message: `\`${languageTag}\` is the sign-in experience's fallback language and cannot be deleted.`,
      data: { languageTag },
    });
  }
  if (!(await phraseQueries.deleteCustomPhrase(db, tenantId, languageTag))) throw phrasesNotFound(languageTag);
}
