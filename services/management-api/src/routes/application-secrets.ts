// Named client secrets of an application (Logto's "app secrets"), and retiring the legacy secret.
import { generateSecret, type Db } from '@idp/db';
import { RequestError } from '@idp/errors';
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
  deleteApplicationSecret,
  insertApplicationSecret,
  listApplicationSecrets,
  renameApplicationSecret,
  toApplicationSecretResponse,
} from '../queries/application-secrets.ts';
import { findApplication, toApplicationResponse, updateApplication } from '../queries/applications.ts';

/**
 * A secret that replaces a deleted legacy one: it is still the client's `client_secret` for the OP
 * (as in Logto), but marked so it is never taken for a legacy secret again.
 */
const internalSecretPrefix = 'internal:';

export function registerApplicationSecretRoutes(app: App, db: Db): void {
  app.get(
    '/api/applications/:id/secrets',
    { schema: { params: IdParamsSchema, response: { 200: Type.Array(ApplicationSecretResponseSchema) } } },
    async (request) => {
      const { tenantId } = request;
      await findApplication(db, tenantId, request.params.id);
      return (await listApplicationSecrets(db, tenantId, request.params.id)).map(toApplicationSecretResponse);
    },
  );

  app.post(
    '/api/applications/:id/secrets',
    { schema: { params: IdParamsSchema, body: CreateApplicationSecretBodySchema, response: { 201: ApplicationSecretResponseSchema } } },
    async (request, reply) => {
      const { tenantId } = request;
      const { name, expiresAt } = request.body;
      if (typeof expiresAt === 'number' && expiresAt <= Date.now()) {
        throw new RequestError('guard.invalid_input', { message: '`expiresAt` must be in the future.', data: { expiresAt } });
      }
      await findApplication(db, tenantId, request.params.id);
      const secret = await insertApplicationSecret(db, tenantId, request.params.id, {
        name,
        expiresAt: typeof expiresAt === 'number' ? new Date(expiresAt) : null,
      });
      return reply.status(201).send(toApplicationSecretResponse(secret));
    },
  );

  app.patch(
    '/api/applications/:id/secrets/:name',
    { schema: { params: ApplicationSecretParamsSchema, body: UpdateApplicationSecretBodySchema, response: { 200: ApplicationSecretResponseSchema } } },
    async (request) => {
      const { tenantId } = request;
      const { id, name } = request.params;
      await findApplication(db, tenantId, id);
      return toApplicationSecretResponse(await renameApplicationSecret(db, tenantId, id, name, request.body.name));
    },
  );

  app.delete('/api/applications/:id/secrets/:name', { schema: { params: ApplicationSecretParamsSchema } }, async (request, reply) => {
    const { tenantId } = request;
    const { id, name } = request.params;
    await findApplication(db, tenantId, id);
    await deleteApplicationSecret(db, tenantId, id, name);
    return reply.status(204).send();
  });

  // The legacy secret (`applications.secret`) stops working: an internal secret nobody was given
  // takes its place. Named secrets keep working.
  app.delete(
    '/api/applications/:id/legacy-secret',
    { schema: { params: IdParamsSchema, response: { 200: ApplicationResponseSchema } } },
    async (request) => {
      const { tenantId } = request;
      const { id } = request.params;
      const application = await findApplication(db, tenantId, id);
      if (!application.secret || application.secret.startsWith(internalSecretPrefix)) {
        throw new RequestError('application.no_legacy_secret_found', { data: { id } });
      }
      return toApplicationResponse(await updateApplication(db, tenantId, id, { secret: `${internalSecretPrefix}${generateSecret()}` }));
    },
  );
}
