import type { Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import {
  CustomPhraseResponseSchema,
  LanguageTagParamsSchema,
  TranslationSchema,
  type CustomPhrase,
  type CustomPhraseResponse,
} from '@idp/schemas';
import type { App } from '@idp/server-kit';
import { Type } from 'typebox';
import { deleteCustomPhrase, findCustomPhrase, listCustomPhrases, upsertCustomPhrase } from '../queries/custom-phrases.ts';
import { insertLog, managementLogPayload } from '../queries/logs.ts';
import { getSignInExperience } from '../queries/sign-in-experiences.ts';
import { isPhrases, type Phrases } from '../phrases/index.ts';

const toResponse = ({ tenantId, id, languageTag, translation }: CustomPhrase): CustomPhraseResponse => ({ tenantId, id, languageTag, translation });

const notFound = (languageTag: string) =>
  new RequestError('entity.not_found', { message: `There are no custom phrases for \`${languageTag}\`.`, data: { languageTag } });

/** Empty strings mean "no override": they are dropped (and objects left empty by that), as in Logto. */
function withoutEmpty(phrases: Phrases): Phrases {
  const result: Phrases = {};
  for (const [key, value] of Object.entries(phrases)) {
    const kept = typeof value === 'string' ? value : withoutEmpty(value);
    if (kept !== '' && !(typeof kept === 'object' && Object.keys(kept).length === 0)) result[key] = kept;
  }
  return result;
}

export function registerCustomPhraseRoutes(app: App, db: Db): void {
  app.get('/api/custom-phrases', { schema: { response: { 200: Type.Array(CustomPhraseResponseSchema) } } }, async (request) =>
    (await listCustomPhrases(db, request.tenantId)).map(toResponse),
  );

  app.get(
    '/api/custom-phrases/:languageTag',
    { schema: { params: LanguageTagParamsSchema, response: { 200: CustomPhraseResponseSchema } } },
    async (request) => {
      const { languageTag } = request.params;
      const phrase = await findCustomPhrase(db, request.tenantId, languageTag);
      if (!phrase) throw notFound(languageTag);
      return toResponse(phrase);
    },
  );

  app.put(
    '/api/custom-phrases/:languageTag',
    { bodyLimit: 256 * 1024, schema: { params: LanguageTagParamsSchema, body: TranslationSchema, response: { 201: CustomPhraseResponseSchema } } },
    async (request, reply) => {
      const { tenantId, body } = request;
      const { languageTag } = request.params;
      if (!isPhrases(body)) throw new RequestError('localization.invalid_translation_structure');
      const phrase = await upsertCustomPhrase(db, tenantId, languageTag, withoutEmpty(body));
      await insertLog(db, tenantId, 'ManagementApi.ReplaceCustomPhrase', managementLogPayload(request, { languageTag }));
      return reply.status(201).send(toResponse(phrase));
    },
  );

  app.delete('/api/custom-phrases/:languageTag', { schema: { params: LanguageTagParamsSchema } }, async (request, reply) => {
    const { tenantId } = request;
    const { languageTag } = request.params;
    const { languageInfo } = await getSignInExperience(db, tenantId);
    // The fallback language may exist only through its custom phrases: keep them while it is in use.
    if (languageInfo.fallbackLanguage === languageTag) {
      throw new RequestError('localization.cannot_delete_default_language', {
        message: `\`${languageTag}\` is the sign-in experience's fallback language and cannot be deleted.`,
        data: { languageTag },
      });
    }
    if (!(await deleteCustomPhrase(db, tenantId, languageTag))) throw notFound(languageTag);
    await insertLog(db, tenantId, 'ManagementApi.DeleteCustomPhrase', managementLogPayload(request, { languageTag }));
    return reply.status(204).send();
  });
}
