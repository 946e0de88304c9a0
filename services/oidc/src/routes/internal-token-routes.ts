// Internal: what an opaque access token of this tenant's OP stands for. The account service
// authenticates end users' Account API calls through it, never reading oidc-provider's tables
// itself. Like every /internal route it is never routed by the gateway and needs the deployment's
// internal secret. Only a live token for the OP itself counts: expired, revoked, of another tenant,
// bound to an API resource, or of a grant that was ended, it answers 404.
import { RequestError } from '@idp/errors';
import { AccessTokenInfoSchema, AccessTokenLookupBodySchema } from '@idp/schemas';
import type { App } from '@idp/server-kit';
import type { TenantProviders } from '../provider/tenant-providers.ts';

const notFound = () => new RequestError('entity.not_found', { message: 'No live access token matches.' });

export function registerInternalTokenRoutes(app: App, { providers }: { providers: TenantProviders }): void {
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
      return { accountId: token.accountId, clientId: token.clientId, scopes: [...token.scopes], expiresAt: token.exp * 1000 };
    },
  );
}
