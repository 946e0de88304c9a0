// /api/my-account/sessions and /grants: the user's signed-in browsers and the apps they authorized,
// seen (settings `session` ReadOnly or Edit) and ended (Edit) with a token holding Logto's
// sessions scope and proof of identity. Ending one revokes its refresh tokens at once.
import type { Db } from '@idp/db';
import {
  AccountGrantsResponseSchema,
  AccountSessionsResponseSchema,
  DeleteSessionQuerySchema,
  GrantIdParamsSchema,
  ListGrantsQuerySchema,
  SessionIdParamsSchema,
  sessionsScope,
} from '@idp/schemas';
import type { App } from '@idp/server-kit';
import type { FastifyRequest } from 'fastify';
import { checkIdentityProof } from '../libraries/identity-proof.ts';
import type { AccessTokenResolver } from '../libraries/access-tokens.ts';
import type { OidcSessions } from '../libraries/oidc-sessions.ts';
import { spendIdentityProof } from '../libraries/verification.ts';
import { requireEditable, requireReadable, requireScope } from '../plugins/authentication.ts';
import { verificationIdOf } from './header.ts';

export function registerSessionRoutes(
  app: App,
  { db, sessions, tokens }: { db: Db; sessions: OidcSessions; tokens: Pick<AccessTokenResolver, 'forgetAccount'> },
): void {
  // As in Logto: proof first, then the setting, then the scope.
  const canRead = async (request: FastifyRequest) => {
    await checkIdentityProof(db, request.tenantId, request.account.userId, verificationIdOf(request));
    requireReadable(request, 'session');
    requireScope(request, sessionsScope);
  };
  // The proof is spent in a transaction around the change: one refused (no such session) leaves it usable.
  const end = async (request: FastifyRequest, change: () => Promise<void>) => {
    await checkIdentityProof(db, request.tenantId, request.account.userId, verificationIdOf(request));
    requireEditable(request, 'session');
    requireScope(request, sessionsScope);
    await db.transaction(async (tx) => {
      await spendIdentityProof(tx, request.tenantId, request.account.userId, verificationIdOf(request));
      await change();
    });
    // The tokens of what ended stop working now, not when this service's cached answers expire.
    tokens.forgetAccount(request.tenantId, request.account.userId);
  };

  app.get('/api/my-account/sessions', { schema: { response: { 200: AccountSessionsResponseSchema } } }, async (request) => {
    await canRead(request);
    const { tenantId, account } = request;
    return { sessions: await sessions.listSessions(tenantId, account.userId, account.grantId) };
  });

  app.delete(
    '/api/my-account/sessions/:sessionId',
    { schema: { params: SessionIdParamsSchema, querystring: DeleteSessionQuerySchema } },
    async (request, reply) => {
      const { tenantId, account, params, query } = request;
      await end(request, () => sessions.endSession(tenantId, account.userId, params.sessionId, query.revokeGrantsTarget));
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/my-account/grants',
    { schema: { querystring: ListGrantsQuerySchema, response: { 200: AccountGrantsResponseSchema } } },
    async (request) => {
      await canRead(request);
      const { tenantId, account, query } = request;
      return { grants: await sessions.listGrants(tenantId, account.userId, query.appType) };
    },
  );

  app.delete('/api/my-account/grants/:grantId', { schema: { params: GrantIdParamsSchema } }, async (request, reply) => {
    const { tenantId, account, params } = request;
    await end(request, () => sessions.revokeGrant(tenantId, account.userId, params.grantId));
    return reply.status(204).send();
  });
}
