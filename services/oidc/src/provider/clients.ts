import { createHash, timingSafeEqual } from 'node:crypto';
import type { Application, ApplicationSecret } from '@idp/schemas';
import type Provider from 'oidc-provider';
import type { ClientMetadata } from 'oidc-provider';
import { clientSettingsProperty, pickClientSettings } from './client-settings.ts';
import { tokenExchangeGrantType } from './token-exchange.ts';

const refreshable = ['authorization_code', 'refresh_token'];
const deviceCodeGrantType = 'urn:ietf:params:oauth:grant-type:device_code';
const withTokenExchange = (grantTypes: string[], allowed: boolean | undefined) =>
  allowed ? [...grantTypes, tokenExchangeGrantType] : grantTypes;

/**
 * Client metadata (registered with `extraClientMetadata`) holding the app's named secrets from
 * `application_secrets`, each good until `expiresAt` (ms, or null for never).
 */
export const additionalSecretsProperty = 'additional_client_secrets';
type AdditionalSecret = { value: string; expiresAt: number | null };

/**
 * Client metadata (registered with `extraClientMetadata`) saying the app is a third party's: such an
 * app asks the user for consent. Carried on the cached client so the interaction routes need no
 * read of the application to decide.
 */
export const thirdPartyProperty = 'is_third_party';

// An application row as oidc-provider's client metadata. Public clients (SPA, Native) authenticate
// with PKCE alone; confidential ones with `applications.secret` or any unexpired named secret
// (basic or post, see acceptNamedClientSecrets); machine-to-machine apps get client credentials
// and nothing else.
export function toClientMetadata(
  application: Application,
  namedSecrets: Array<Pick<ApplicationSecret, 'value' | 'expiresAt'>> = [],
): ClientMetadata {
  const { oidcClientMetadata: oidc, customClientMetadata: custom } = application;
  const secrets = {
    client_secret: application.secret,
    [additionalSecretsProperty]: namedSecrets.map(
      ({ value, expiresAt }): AdditionalSecret => ({ value, expiresAt: expiresAt?.getTime() ?? null }),
    ),
  };
  const common: ClientMetadata = {
    client_id: application.id,
    client_name: application.name,
    [thirdPartyProperty]: application.isThirdParty,
    [clientSettingsProperty]: pickClientSettings(custom),
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
    case 'Native':
      // Logto's device-flow apps: Native apps flagged in their custom metadata. They get tokens by
      // the device authorization grant only (and refresh them), never at the authorization endpoint.
      if (custom.isDeviceFlow) {
        return {
          ...common,
          ...interactive,
          application_type: 'native',
          token_endpoint_auth_method: 'none',
          response_types: [],
          grant_types: withTokenExchange([deviceCodeGrantType, 'refresh_token'], custom.allowTokenExchange),
        };
      }
      return {
        ...common,
        ...interactive,
        application_type: 'native',
        token_endpoint_auth_method: 'none',
        grant_types: withTokenExchange(refreshable, custom.allowTokenExchange),
      };
    case 'SPA':
      return {
        ...common,
        ...interactive,
        application_type: 'web',
        token_endpoint_auth_method: 'none',
        grant_types: withTokenExchange(refreshable, custom.allowTokenExchange),
      };
    case 'MachineToMachine':
      return {
        ...common,
        ...secrets,
        token_endpoint_auth_method: 'client_secret_basic',
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
      };
    default:
      return {
        ...common,
        ...interactive,
        ...secrets,
        token_endpoint_auth_method: 'client_secret_basic',
        grant_types: withTokenExchange(refreshable, custom.allowTokenExchange),
      };
  }
}

/** First-party apps are consented automatically, as in Logto; third-party apps ask the user. */
/** A client of the tenant's own (not a third party's): consented automatically, as in Logto. */
export const isFirstPartyClient = (client: object) => (client as { [thirdPartyProperty]?: boolean })[thirdPartyProperty] === false;

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Whether `actual` is one of `accepted`, comparing every candidate in constant time. */
export function matchesAnySecret(accepted: string[], actual: string): boolean {
  const actualDigest = digest(actual);
  let matches = false;
  for (const candidate of accepted) matches = timingSafeEqual(digest(candidate), actualDigest) || matches;
  return matches;
}

/**
 * Makes the provider's clients accept, besides `client_secret`, every named secret that has not
 * expired at the moment of the request.
 */
export function acceptNamedClientSecrets(provider: Provider): void {
  provider.Client.prototype.compareClientSecret = function compareClientSecret(this: InstanceType<Provider['Client']>, actual: string) {
    const client = this as unknown as { clientSecret?: string; [additionalSecretsProperty]?: AdditionalSecret[] };
    const now = Date.now();
    const named = (client[additionalSecretsProperty] ?? [])
      .filter(({ expiresAt }) => expiresAt === null || expiresAt > now)
      .map(({ value }) => value);
    return matchesAnySecret([...(client.clientSecret ? [client.clientSecret] : []), ...named], actual);
  };
}
