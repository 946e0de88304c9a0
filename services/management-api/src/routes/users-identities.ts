// A user's social identities, keyed by connector target: read, set by hand, linked through a social
// connector's sign-in, and unlinked. Identities are per tenant: a lookup never crosses tenants.
import type { Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import {
  LinkUserIdentityBodySchema,
  PutUserIdentityBodySchema,
  UserIdentitiesResponseSchema,
  UserIdentityParamsSchema,
  UserIdentityQuerySchema,
  UserIdentityResponseSchema,
  UserIdParamsSchema,
  UserResponseSchema,
  type JsonObject,
} from '@idp/schemas';
import type { App } from '@idp/server-kit';
import { deriveSocialSecrets, findSocialConnector, toVerificationError } from '../queries/social-link.ts';
import { findIdentity, findUser, removeIdentity, setIdentity, toUserResponse } from './users-queries.ts';

/** `connectorData` as the provider's callback gives it: the code, the state, and our redirect URI. */
function readCallback(data: Record<string, unknown>): { code: string; state: string; redirectUri: string } {
  const field = (name: string, maxLength: number) => {
    const value = data[name];
    if (typeof value !== 'string' || value.length === 0 || value.length > maxLength) {
      throw new RequestError('guard.invalid_input', {
        message: `\`connectorData.${name}\` must be a string of 1 to ${maxLength} characters.`,
        data: { field: `connectorData.${name}` },
      });
    }
    return value;
  };
  return { code: field('code', 2048), state: field('state', 512), redirectUri: field('redirectUri', 2048) };
}

export function registerUserIdentityRoutes(app: App, db: Db): void {
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
      const { tenantId } = request;
      const { userId } = request.params;
      const { connectorId, connectorData } = request.body;
      const callback = readCallback(connectorData);
      const user = await findUser(db, tenantId, userId);
      const connector = await findSocialConnector(db, tenantId, connectorId);
      const { target } = connector;
      // Checked before the code is spent at the provider; setIdentity checks again atomically.
      if (user.identities[target]) throw new RequestError('user.social_account_exists_in_profile', { data: { target } });

      const secrets = await deriveSocialSecrets(db, { tenantId, connectorId, state: callback.state, redirectUri: callback.redirectUri });
      const info = await connector
        .getUserInfo({ code: callback.code, redirectUri: callback.redirectUri, ...secrets })
        .catch((error: unknown) => {
          throw toVerificationError(error);
        });
      const { id, email, name, avatar, rawData } = info;
      const details: JsonObject = {
        id,
        ...(email === undefined ? {} : { email }),
        ...(name === undefined ? {} : { name }),
        ...(avatar === undefined ? {} : { avatar }),
        ...(info.phone === undefined ? {} : { phone: info.phone }),
        rawData,
      };
      const { identities } = await setIdentity(db, tenantId, userId, target, { userId: id, details }, { mustBeNew: true });
      return identities;
    },
  );

  app.delete(
    '/api/users/:userId/identities/:target',
    { schema: { params: UserIdentityParamsSchema, response: { 200: UserResponseSchema } } },
    async (request) => toUserResponse(await removeIdentity(db, request.tenantId, request.params.userId, request.params.target)),
  );
}
