// /api/applications/:id/secrets and /legacy-secret: named client secrets of an application
// (Logto's "app secrets"), and retiring the legacy secret.
import type { Db } from '@idp/db';
import {
  ApplicationResponseSchema,
  ApplicationSecretParamsSchema,
  ApplicationSecretResponseSchema,
  CreateApplicationSecretBodySchema,
  IdParamsSchema,
  UpdateApplicationSecretBodySchema,
} from '@idp/schemas';
import type { App } from '@idp/server-kit';
import { Type } from 'typebox';
import {
  createSecret,
  deleteSecret,
  listSecrets,
  renameSecret,
  retireLegacySecret,
  toApplicationSecretResponse,
} from '../../libraries/application-secrets.ts';
import { toApplicationResponse } from '../../libraries/applications.ts';

export function registerApplicationSecretRoutes(app: App, { db }: { db: Db }): void {
  app.get(
    '/api/applications/:id/secrets',
    { schema: { params: IdParamsSchema, response: { 200: Type.Array(ApplicationSecretResponseSchema) } } },
    async (request) => (await listSecrets(db, request.tenantId, request.params.id)).map(toApplicationSecretResponse),
  );

  app.post(
    '/api/applications/:id/secrets',
    { schema: { params: IdParamsSchema, body: CreateApplicationSecretBodySchema, response: { 201: ApplicationSecretResponseSchema } } },
    async (request, reply) => {
      const secret = await createSecret(db, request.tenantId, request.params.id, request.body);
      return reply.status(201).send(toApplicationSecretResponse(secret));
    },
  );

  app.patch(
    '/api/applications/:id/secrets/:name',
    {
      schema: {
        params: ApplicationSecretParamsSchema,
        body: UpdateApplicationSecretBodySchema,
        response: { 200: ApplicationSecretResponseSchema },
      },
    },
    async (request) => {
      const { id, name } = request.params;
      return toApplicationSecretResponse(await renameSecret(db, request.tenantId, id, name, request.body.name));
    },
  );

  app.delete('/api/applications/:id/secrets/:name', { schema: { params: ApplicationSecretParamsSchema } }, async (request, reply) => {
    await deleteSecret(db, request.tenantId, request.params.id, request.params.name);
    return reply.status(204).send();
  });

  // The legacy secret (`applications.secret`) stops working; named secrets keep working.
  app.delete(
    '/api/applications/:id/legacy-secret',
    { schema: { params: IdParamsSchema, response: { 200: ApplicationResponseSchema } } },
    async (request) => toApplicationResponse(await retireLegacySecret(db, request.tenantId, request.params.id)),
  );
}
