// /api/users/:userId/identities: a user's social identities, keyed by connector target: read, set
// by hand, linked through a social connector's sign-in, and unlinked.
import type { Db } from '@idp/db';
import type { Outbound } from '@idp/outbound';
import {
  LinkUserIdentityBodySchema,
  PutUserIdentityBodySchema,
  UserIdentitiesResponseSchema,
  UserIdentityParamsSchema,
  UserIdentityQuerySchema,
  UserIdentityResponseSchema,
  UserIdParamsSchema,
  UserResponseSchema,
} from '@idp/schemas';
import type { App } from '@idp/server-kit';
import { findIdentity, linkSocialIdentity, removeIdentity, setIdentity } from '../../libraries/user-identities.ts';
import { toUserResponse } from '../../libraries/users.ts';

export function registerUserIdentityRoutes(app: App, { db, outbound }: { db: Db; outbound: Outbound }): void {
  app.get(
    '/api/users/:userId/identities/:target',
    { schema: { params: UserIdentityParamsSchema, querystring: UserIdentityQuerySchema, response: { 200: UserIdentityResponseSchema } } },
    // No provider tokens are kept here, so `includeTokenSecret` adds nothing.
    async (request) => ({ identity: await findIdentity(db, request.tenantId, request.params.userId, request.params.target) }),
  );

  app.put(
    '/api/users/:userId/identities/:target',
    {
      schema: {
        params: UserIdentityParamsSchema,
        body: PutUserIdentityBodySchema,
        response: { 200: UserIdentitiesResponseSchema, 201: UserIdentitiesResponseSchema },
      },
    },
    async (request, reply) => {
      const { userId, target } = request.params;
      const { userId: socialUserId, details } = request.body;
      const { identities, created } = await setIdentity(db, request.tenantId, userId, target, {
        userId: socialUserId,
        ...(details === undefined ? {} : { details }),
      });
      return reply.status(created ? 201 : 200).send(identities);
    },
  );

  app.post(
    '/api/users/:userId/identities',
    { schema: { params: UserIdParamsSchema, body: LinkUserIdentityBodySchema, response: { 200: UserIdentitiesResponseSchema } } },
    async (request) => {
      const { connectorId, connectorData } = request.body;
      return linkSocialIdentity(db, request.tenantId, request.params.userId, connectorId, connectorData, outbound);
    },
  );

  app.delete(
    '/api/users/:userId/identities/:target',
    { schema: { params: UserIdentityParamsSchema, response: { 200: UserResponseSchema } } },
    async (request) => toUserResponse(await removeIdentity(db, request.tenantId, request.params.userId, request.params.target)),
  );
}
