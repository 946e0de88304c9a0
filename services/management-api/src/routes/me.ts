// Logto's "Me API" on the admin endpoint: the console's own signed-in user reads and changes their
// account with an access token for `https://admin.logto.app/me` (see plugins/authentication.ts).
import { adminTenantId, type Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import {
  JsonObjectSchema,
  MeCustomDataSchema,
  MePasswordBodySchema,
  MePasswordVerifyBodySchema,
  MeResponseSchema,
  UpdateMeBodySchema,
} from '@idp/schemas';
import type { App } from '@idp/server-kit';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { changeMyPassword, findActiveUser, toMeResponse, updateMe, verifyMyPassword } from '../libraries/me.ts';
import { updateUser } from '../libraries/users.ts';
import { findUser } from '../queries/users.ts';

/** The signed-in user's id; the Me API exists in the admin tenant only. */
function me(request: FastifyRequest): string {
  if (request.tenantId !== adminTenantId) throw new RequestError('request.not_found');
  return request.auth.id;
}

export function registerMeRoutes(app: App, { db }: { db: Db }): void {
  // Read even when suspended (as in Logto): the console shows the account, and every change is refused.
  app.get('/api/me', { schema: { response: { 200: MeResponseSchema } } }, async (request) =>
    toMeResponse(await findUser(db, request.tenantId, me(request))),
  );

  app.patch('/api/me', { schema: { body: UpdateMeBodySchema, response: { 200: MeResponseSchema } } }, async (request) =>
    updateMe(db, request.tenantId, me(request), request.body),
  );

  app.get('/api/me/custom-data', { schema: { response: { 200: JsonObjectSchema } } }, async (request) => {
    return (await findActiveUser(db, request.tenantId, me(request))).customData;
  });

  // Unlike PATCH /api/users/:userId/custom-data, the body is the new custom data itself, replacing the old.
  app.patch('/api/me/custom-data', { schema: { body: MeCustomDataSchema, response: { 200: JsonObjectSchema } } }, async (request) => {
    const userId = me(request);
    await findActiveUser(db, request.tenantId, userId);
    return (await updateUser(db, request.tenantId, userId, { customData: request.body })).customData;
  });

  app.post('/api/me/password/verify', { schema: { body: MePasswordVerifyBodySchema } }, async (request, reply) => {
    await verifyMyPassword(db, request.tenantId, me(request), request.body.password);
    return reply.status(204).send();
  });

  // Avatar uploads need a storage provider, which this platform has none of: Logto's answer then.
  app.get(
    '/api/me/user-assets/service-status',
    { schema: { response: { 200: Type.Object({ status: Type.Literal('not_configured') }) } } },
    async (request) => {
      me(request);
      return { status: 'not_configured' as const };
    },
  );

  app.post('/api/me/password', { schema: { body: MePasswordBodySchema } }, async (request, reply) => {
    await changeMyPassword(db, request.tenantId, me(request), request.body.password);
    return reply.status(204).send();
  });
}
