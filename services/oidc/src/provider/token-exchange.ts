import Provider, { errors, type KoaContextWithOIDC, type ResourceServer } from 'oidc-provider';

export const tokenExchangeGrantType = 'urn:ietf:params:oauth:grant-type:token-exchange';
const accessTokenType = 'urn:ietf:params:oauth:token-type:access_token';

type GetResourceServerInfo = (
  ctx: KoaContextWithOIDC,
  indicator: string,
  client: NonNullable<KoaContextWithOIDC['oidc']['client']>,
) => Promise<ResourceServer>;

const single = (value: unknown): string | undefined =>
  Array.isArray(value) ? (value.length === 1 ? String(value[0]) : undefined) : typeof value === 'string' ? value : undefined;

// RFC 8693 token exchange: an app trades an access token it was issued (the subject token) for
// another one, typically a JWT for one of the tenant's API resources. The new token never holds
// more than the subject token's grant allows, and for a resource only what the user's roles grant.
export function registerTokenExchange(provider: Provider, getResourceServerInfo: GetResourceServerInfo): void {
  provider.registerGrantType(
    tokenExchangeGrantType,
    async (ctx: KoaContextWithOIDC) => {
      const client = ctx.oidc.client!;
      const params = ctx.oidc.params as Record<string, unknown>;
      if (params.subject_token_type !== accessTokenType) {
        throw new errors.InvalidRequest(`subject_token_type must be ${accessTokenType}`);
      }
      if (typeof params.subject_token !== 'string' || !params.subject_token) {
        throw new errors.InvalidRequest('subject_token is missing');
      }
      const subject = await provider.AccessToken.find(params.subject_token);
      if (!subject || subject.isExpired || !subject.accountId) {
        throw new errors.InvalidGrant('subject_token is invalid or expired');
      }
      // Only the app a token was issued to may trade it in: a token leaked to another app is not a
      // key to that app's own grants.
      if (subject.clientId !== client.clientId) {
        throw new errors.InvalidGrant('subject_token was issued to another client');
      }
      ctx.oidc.entity('AccessToken', subject);

      const requested = typeof params.scope === 'string' && params.scope ? params.scope.split(' ') : undefined;
      const indicator = single(params.resource);
      if (params.resource !== undefined && !indicator) {
        throw new errors.InvalidTarget('exactly one resource may be requested');
      }

      const token = new provider.AccessToken({
        accountId: subject.accountId,
        client,
        grantId: subject.grantId,
        gty: 'token_exchange',
        claims: subject.claims,
      });
      if (indicator) {
        const info = await getResourceServerInfo(ctx, indicator, client);
        const allowed = new Set((info.scope ?? '').split(' ').filter(Boolean));
        token.resourceServer = new provider.ResourceServer(indicator, info);
        token.scope = (requested ?? [...allowed]).filter((scope) => allowed.has(scope)).join(' ') || undefined;
      } else {
        const held = new Set((subject.scope ?? '').split(' '));
        token.scope = (requested ?? [...held]).filter((scope) => held.has(scope)).join(' ') || undefined;
      }
      const value = await token.save();
      ctx.body = {
        access_token: value,
        issued_token_type: accessTokenType,
        token_type: 'Bearer',
        expires_in: token.expiration,
        ...(token.scope ? { scope: token.scope } : {}),
      };
    },
    ['subject_token', 'subject_token_type', 'resource', 'scope', 'audience', 'actor_token', 'actor_token_type'],
    ['resource'],
  );
}
