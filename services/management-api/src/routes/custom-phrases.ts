import type { Db } from '@idp/db';
import { CustomPhraseResponseSchema, LanguageTagParamsSchema, TranslationSchema } from '@idp/schemas';
import type { App } from '@idp/server-kit';
import { Type } from 'typebox';
import { deleteCustomPhrase, findCustomPhrase, replaceCustomPhrase, toCustomPhraseResponse } from '../libraries/custom-phrases.ts';
import { logManagementChange } from '../libraries/logs.ts';
import { listCustomPhrases } from '../queries/custom-phrases.ts';

// /api/custom-phrases: a tenant's own translations of the sign-in UI.
export function registerCustomPhraseRoutes(app: App, { db }: { db: Db }): void {
  app.get('/api/custom-phrases', { schema: { response: { 200: Type.Array(CustomPhraseResponseSchema) } } }, async (request) =>
    (await listCustomPhrases(db, request.tenantId)).map(toCustomPhraseResponse),
  );

  app.get(
    '/api/custom-phrases/:languageTag',
    { schema: { params: LanguageTagParamsSchema, response: { 200: CustomPhraseResponseSchema } } },
    async (request) => toCustomPhraseResponse(await findCustomPhrase(db, request.tenantId, request.params.languageTag)),
  );

  app.put(
    '/api/custom-phrases/:languageTag',
    {
      bodyLimit: 256 * 1024,
      schema: { params: LanguageTagParamsSchema, body: TranslationSchema, response: { 201: CustomPhraseResponseSchema } },
    },
    async (request, reply) => {
      const { tenantId, body } = request;
      const { languageTag } = request.params;
      const phrase = await replaceCustomPhrase(db, tenantId, languageTag, body);
      await logManagementChange(db, tenantId, 'ManagementApi.ReplaceCustomPhrase', request, { languageTag });
      return reply.status(201).send(toCustomPhraseResponse(phrase));
    },
  );

  app.delete('/api/custom-phrases/:languageTag', { schema: { params: LanguageTagParamsSchema } }, async (request, reply) => {
    const { tenantId } = request;
    const { languageTag } = request.params;
    await deleteCustomPhrase(db, tenantId, languageTag);
    await logManagementChange(db, tenantId, 'ManagementApi.DeleteCustomPhrase', request, { languageTag });
    return reply.status(204).send();
  });
}
