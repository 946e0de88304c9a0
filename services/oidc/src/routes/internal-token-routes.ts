// Internal: what an opaque access token of this tenant's OP stands for. The account service
// authenticates end users' Account API calls through it, never reading oidc-provider's tables
// itself. Like every /internal route it is never routed by the gateway and needs the deployment's
// internal secret. Only a live token for the OP itself counts: expired, revoked, of another tenant,
// bound to an API resource, or of a grant that was ended, it answers 404.
import type { Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import { AccessTokenInfoSchema, AccessTokenLookupBodySchema, EndOtherSessionsBodySchema, oidcModelInstances } from '@idp/schemas';
import type { App } from '@idp/server-kit';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { Type } from 'typebox';
import { grantModelNames } from '../adapter/postgres-adapter.ts';
import type { TenantProviders } from '../provider/tenant-providers.ts';

const notFound = () => new RequestError('entity.not_found', { message: 'No live access token matches.' });

export function registerInternalTokenRoutes(app: App, { providers, db }: { providers: TenantProviders; db: Db }): void {
  app.post(
    '/internal/access-tokens/lookup',
    { schema: { body: AccessTokenLookupBodySchema, response: { 200: AccessTokenInfoSchema } } },
    async (request) => {
      const provider = await providers.get(request.tenantId);
      // Tokens of another tenant live under that tenant's provider: this one does not find them.
      const token = await provider.AccessToken.find(request.body.token);
      if (!token?.accountId || !token.clientId || typeof token.exp !== 'number') throw notFound();
      // A token for an API resource is that API's, not the OP's own (Logto issues those as JWTs).
      if (token.aud !== undefined) throw notFound();
      // Ending a session or grant revokes what it issued; a token whose grant is gone is dead too.
      if (token.grantId && !(await provider.Grant.find(token.grantId))) throw notFound();
      return {
        accountId: token.accountId,
        clientId: token.clientId,
        scopes: [...token.scopes],
        expiresAt: token.exp * 1000,
        ...(token.grantId ? { grantId: token.grantId } : {}),
      };
    },
  );

  // After a password change: the user's other sign-ins end (sessions, grants, their refresh and
  // access tokens) while the one the change was made in, named by its grant, stays.
  app.post(
    '/internal/accounts/:accountId/sessions/end-others',
    { schema: { params: Type.Object({ accountId: Type.String({ minLength: 1, maxLength: 21 }) }), body: EndOtherSessionsBodySchema } },
    async (request, reply) => {
      const { keepGrantId } = request.body;
      const { payload, modelName, id } = oidcModelInstances;
      await db.delete(oidcModelInstances).where(
        and(
          eq(oidcModelInstances.tenantId, request.tenantId),
          inArray(modelName, ['Session', 'Grant', ...grantModelNames]),
          sql`${payload} ->> 'accountId' = ${request.params.accountId}`,
          // The kept grant, its tokens, and the session that holds it.
          sql`not (${modelName} = 'Grant' and ${id} = ${keepGrantId})`,
          sql`coalesce(${payload} ->> 'grantId', '') <> ${keepGrantId}`,
          sql`not (${modelName} = 'Session' and jsonb_path_exists(${payload} -> 'authorizations', '$.*.grantId ? (@ == $g)', jsonb_build_object('g', ${keepGrantId}::text)))`,
        ),
      );
      return reply.status(204).send();
    },
  );
}
