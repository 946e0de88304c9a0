// Logto's `ExchangeTokenBy.*` audit log entries: one per token request, granted or refused, naming
// the app, the user when there is one, and the address. Through the batching log writer, so the
// token endpoint, the busiest route there is, pays no statement of its own for it.
import type { LogWriter } from '@idp/db';
import type { KoaContextWithOIDC, Provider } from 'oidc-provider';

const keyOfGrant: Record<string, string> = {
  authorization_code: 'ExchangeTokenBy.AuthorizationCode',
  refresh_token: 'ExchangeTokenBy.RefreshToken',
  client_credentials: 'ExchangeTokenBy.ClientCredentials',
  'urn:ietf:params:oauth:grant-type:token-exchange': 'ExchangeTokenBy.TokenExchange',
  'urn:ietf:params:oauth:grant-type:device_code': 'ExchangeTokenBy.DeviceCode',
};

type OAuthError = { error?: string; error_description?: string; message?: string };

export function logTokenExchanges(provider: Provider, writer: LogWriter, tenantId: string): void {
  const write = (ctx: KoaContextWithOIDC, error?: OAuthError) => {
    const grantType = ctx.oidc.params?.grant_type;
    const key = typeof grantType === 'string' ? keyOfGrant[grantType] : undefined;
    if (!key) return;
    const userAgent = ctx.get('user-agent');
    const accountId = ctx.oidc.account?.accountId ?? ctx.oidc.entities.AccessToken?.accountId;
    const organizationId = ctx.oidc.params?.organization_id;
    writer.write({
      tenantId,
      key,
      payload: {
        result: error ? 'Error' : 'Success',
        ip: ctx.ip,
        ...(userAgent ? { userAgent } : {}),
        ...(ctx.oidc.client ? { applicationId: ctx.oidc.client.clientId } : {}),
        ...(accountId ? { userId: accountId } : {}),
        params: { grantType, ...(typeof organizationId === 'string' ? { organizationId } : {}) },
        ...(error
          ? { error: { code: `oidc.${error.error ?? 'server_error'}`, message: error.error_description ?? error.message ?? '' } }
          : {}),
      },
    });
  };
  provider.on('grant.success', (ctx) => write(ctx));
  provider.on('grant.error', (ctx, error) => write(ctx, error as OAuthError));
}
