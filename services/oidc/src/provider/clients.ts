import type { Application } from '@idp/schemas';
import type { ClientMetadata } from 'oidc-provider';
import { tokenExchangeGrantType } from './token-exchange.ts';

const refreshable = ['authorization_code', 'refresh_token'];
const withTokenExchange = (grantTypes: string[], allowed: boolean | undefined) =>
  allowed ? [...grantTypes, tokenExchangeGrantType] : grantTypes;

// An application row as oidc-provider's client metadata. Public clients (SPA, Native) authenticate
// with PKCE alone; confidential ones with their secret (basic or post, compared in constant time
// by oidc-provider); machine-to-machine apps get client credentials and nothing else.
export function toClientMetadata(application: Application): ClientMetadata {
  const { oidcClientMetadata: oidc, customClientMetadata: custom } = application;
  const common: ClientMetadata = {
    client_id: application.id,
    client_name: application.name,
    id_token_signed_response_alg: custom.idTokenSignedResponseAlg ?? 'ES256',
    ...(oidc.backchannelLogoutUri
      ? {
          backchannel_logout_uri: oidc.backchannelLogoutUri,
          backchannel_logout_session_required: oidc.backchannelLogoutSessionRequired ?? false,
        }
      : {}),
    ...(oidc.logoUri ? { logo_uri: oidc.logoUri } : {}),
  };
  const interactive = {
    redirect_uris: oidc.redirectUris,
    post_logout_redirect_uris: oidc.postLogoutRedirectUris,
    response_types: ['code' as const],
  };

  switch (application.type) {
    case 'SPA':
    case 'Native':
      return {
        ...common,
        ...interactive,
        application_type: application.type === 'Native' ? 'native' : 'web',
        token_endpoint_auth_method: 'none',
        grant_types: withTokenExchange(refreshable, custom.allowTokenExchange),
      };
    case 'MachineToMachine':
      return {
        ...common,
        client_secret: application.secret,
        token_endpoint_auth_method: 'client_secret_basic',
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
      };
    default:
      return {
        ...common,
        ...interactive,
        client_secret: application.secret,
        token_endpoint_auth_method: 'client_secret_basic',
        grant_types: withTokenExchange(refreshable, custom.allowTokenExchange),
      };
  }
}

/** First-party apps are consented automatically, as in Logto; third-party apps ask the user. */
export const isFirstParty = (application: Application) => !application.isThirdParty;
