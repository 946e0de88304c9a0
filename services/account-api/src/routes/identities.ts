// /api/my-account/identities: linking a social account from a verified Social record (POST, or PUT
// to replace the one linked for that provider) and unlinking one, with setting `social` Edit, the
// `identities` scope and proof of identity. The last way the user has to sign in cannot go.
// The provider's tokens are not stored (no connector here offers token storage): asking for one
// answers Logto's "no token" codes.
import type { Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import {
  IdentityTargetParamsSchema,
  LinkMyIdentityBodySchema,
  SsoConnectorIdParamsSchema,
  ThirdPartyAccessTokenSchema,
  UpdateIdentityAccessTokenBodySchema,
} from '@idp/schemas';
import type { App } from '@idp/server-kit';
import type { FastifyRequest } from 'fastify';
import { queueUserDataUpdated, updateMyUser } from '../libraries/hook-events.ts';
import { checkIdentityProof } from '../libraries/identity-proof.ts';
import { userScopes } from '../libraries/profile.ts';
import { findVerifiedSocialUser, linkSocialIdentity } from '../libraries/social.ts';
import { spendIdentityProof } from '../libraries/verification.ts';
import { requireEditable, requireScope } from '../plugins/authentication.ts';
import { lockUser } from '../queries/users.ts';
import { verificationIdOf } from './header.ts';

export function registerIdentityRoutes(app: App, { db }: { db: Db }): void {
  // As in Logto: proof first, then the setting, then the scope.
  const mayChange = async (request: FastifyRequest) => {
    await checkIdentityProof(db, request.tenantId, request.account.userId, verificationIdOf(request));
    requireEditable(request, 'social');
    requireScope(request, userScopes.identities);
  };

  const link = async (request: FastifyRequest, recordId: string, replace: boolean) => {
    await mayChange(request);
    const { tenantId, account } = request;
    // Both records are spent with the change, or neither (a refused link leaves them usable).
    await db.transaction(async (tx) => {
      await spendIdentityProof(tx, tenantId, account.userId, verificationIdOf(request));
      await queueUserDataUpdated(tx, request, await linkSocialIdentity(tx, tenantId, account.userId, recordId, replace));
    });
  };

  app.post('/api/my-account/identities', { schema: { body: LinkMyIdentityBodySchema } }, async (request, reply) => {
    await link(request, request.body.newIdentifierVerificationRecordId, false);
    return reply.status(204).send();
  });

  app.put('/api/my-account/identities', { schema: { body: LinkMyIdentityBodySchema } }, async (request, reply) => {
    await link(request, request.body.newIdentifierVerificationRecordId, true);
    return reply.status(204).send();
  });

  app.delete('/api/my-account/identities/:target', { schema: { params: IdentityTargetParamsSchema } }, async (request, reply) => {
    const { tenantId, account, params } = request;
    await mayChange(request);
    await db.transaction(async (tx) => {
      await spendIdentityProof(tx, tenantId, account.userId, verificationIdOf(request));
      const user = await lockUser(tx, tenantId, account.userId);
      if (!Object.hasOwn(user.identities, params.target)) throw new RequestError('user.identity_not_exist');
      const { [params.target]: _removed, ...identities } = user.identities;
      const left = [user.username, user.primaryEmail, user.primaryPhone].filter(Boolean).length + Object.keys(identities).length;
      if (left === 0) throw new RequestError('user.last_sign_in_method_required');
      await updateMyUser(tx, request, { identities });
    });
    return reply.status(204).send();
  });

  const noToken = () => new RequestError('secrets.third_party_token_set.token_not_found');

  // Logto answers these for any signed-in user, without further checks: nothing stored, 404.
  app.get(
    '/api/my-account/identities/:target/access-token',
    { schema: { params: IdentityTargetParamsSchema, response: { 200: ThirdPartyAccessTokenSchema } } },
    async () => {
      throw noToken();
    },
  );
  app.get(
    '/api/my-account/sso-identities/:connectorId/access-token',
    { schema: { params: SsoConnectorIdParamsSchema, response: { 200: ThirdPartyAccessTokenSchema } } },
    async () => {
      throw noToken();
    },
  );

  // A fresh sign-in at the provider for the identity linked: its token would be stored, but no
  // connector here hands one over, so a valid record for the right identity answers 422.
  app.put(
    '/api/my-account/identities/:target/access-token',
    {
      schema: {
        params: IdentityTargetParamsSchema,
        body: UpdateIdentityAccessTokenBodySchema,
        response: { 200: ThirdPartyAccessTokenSchema },
      },
    },
    async (request) => {
      const { tenantId, account, params, body, user } = request;
      const verified = await findVerifiedSocialUser(db, tenantId, account.userId, body.verificationRecordId);
      if (!verified) throw new RequestError('verification_record.not_found');
      const linked = user.identities[params.target];
      if (verified.target !== params.target || linked?.userId !== verified.user.id) throw new RequestError('user.identity_not_exist');
      throw new RequestError('connector.token_storage_not_supported');
    },
  );
}
