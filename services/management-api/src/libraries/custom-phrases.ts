// A tenant's own translations of the sign-in UI's phrases.
import type { Db } from '@idp/db';
import { notFound, RequestError } from '@idp/errors';
import type { CustomPhrase, CustomPhraseResponse } from '@idp/schemas';
import { isPhrases, type Phrases } from '../phrases/index.ts';
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

export async function findCustomPhrase(db: Db, tenantId: string, languageTag: string): Promise<CustomPhrase> {
  const phrase = await phraseQueries.findCustomPhrase(db, tenantId, languageTag);
  if (!phrase) throw phrasesNotFound(languageTag);
  return phrase;
}

export async function replaceCustomPhrase(db: Db, tenantId: string, languageTag: string, translation: unknown): Promise<CustomPhrase> {
  if (!isPhrases(translation)) throw new RequestError('localization.invalid_translation_structure');
  return phraseQueries.upsertCustomPhrase(db, tenantId, languageTag, withoutEmpty(translation));
}

export async function deleteCustomPhrase(db: Db, tenantId: string, languageTag: string): Promise<void> {
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
