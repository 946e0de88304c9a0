// Management API shapes of /api/custom-phrases and the public /api/.well-known/phrases.
import { Type, type Static } from 'typebox';
import { JsonObjectSchema } from '../json/common.ts';
import { LanguageTagSchema } from './sign-in-experience.ts';

export const LanguageTagParamsSchema = Type.Object({ languageTag: LanguageTagSchema });

/**
 * Nested phrase keys to strings. The schema only demands an object; that every leaf is a string is
 * checked by the route, which answers Logto's 422 for a bad structure.
 */
export const TranslationSchema = JsonObjectSchema;

export const CustomPhraseResponseSchema = Type.Object({
  tenantId: Type.String(),
  id: Type.String(),
  languageTag: Type.String(),
  translation: TranslationSchema,
});
export type CustomPhraseResponse = Static<typeof CustomPhraseResponseSchema>;

export const PhrasesQuerySchema = Type.Object({ lng: Type.Optional(Type.String({ maxLength: 64 })) });
