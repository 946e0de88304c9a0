// Generic OpenID Connect sign-in (authorization code flow, optional PKCE). The connector is
// stateless: the caller generates and stores state, nonce and the PKCE verifier, and hands them back
// to getUserInfo. Config: oidc-config.ts; endpoints and keys: oidc-discovery.ts; the token half of
// the flow: oidc-token.ts.
import { createHash } from 'node:crypto';

import { parseOidcConfig, oidcFactoryId } from './oidc-config.ts';
import { discover, type ProviderMetadata } from './oidc-discovery.ts';
import { exchangeCode, fetchUserinfo, toSocialUserInfo, verifyIdToken, type OidcClient } from './oidc-token.ts';
import { redact } from './redact.ts';
import {
  ConnectorError,
  type AuthorizationUriParams,
  type ConnectorContext,
  type SocialConnector,
  type SocialUserInfo,
  type UserInfoParams,
} from './types.ts';

export { clearOidcCaches } from './oidc-discovery.ts';
export { oidcFactoryId, parseOidcConfig, type OidcConfig, type TokenEndpointAuthMethod } from './oidc-config.ts';

// RFC 7636 §4.1: 43 to 128 characters from the unreserved set.
const codeVerifierPattern = /^[A-Za-z0-9._~-]{43,128}$/;

function isAbsoluteUrl(value: string): boolean {
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

export function createOidcConnector(rawConfig: unknown, { outbound }: ConnectorContext): SocialConnector {
  const config = parseOidcConfig(rawConfig);
  const { clientId, clientSecret } = config;
  // RFC 6749 §2.3.1: both parts are form-encoded before being joined and base64-encoded.
  const basicCredentials = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64');
  const scrub = (text: string): string => redact(text, [clientSecret], [basicCredentials]);
  const client: OidcClient = { config, basicCredentials, scrub, outbound };

  const metadata = async (): Promise<ProviderMetadata> => {
    const { authorizationEndpoint, tokenEndpoint, jwksUri, userinfoEndpoint } = config;
    if (authorizationEndpoint && tokenEndpoint && jwksUri) {
      return { authorizationEndpoint, tokenEndpoint, jwksUri, ...(userinfoEndpoint ? { userinfoEndpoint } : {}) };
    }
    const discovered = await discover(config.issuer, outbound);
    return {
      ...discovered,
      ...(authorizationEndpoint ? { authorizationEndpoint } : {}),
      ...(tokenEndpoint ? { tokenEndpoint } : {}),
      ...(jwksUri ? { jwksUri } : {}),
      ...(userinfoEndpoint ? { userinfoEndpoint } : {}),
    };
  };

  const getAuthorizationUri = async ({ state, redirectUri, nonce, codeVerifier }: AuthorizationUriParams) => {
    if (!state || !isAbsoluteUrl(redirectUri)) {
      throw new ConnectorError('connector.invalid_request_parameters', 'A non-empty state and an absolute redirect URI are required.');
    }
    if (codeVerifier !== undefined && !codeVerifierPattern.test(codeVerifier)) {
      throw new ConnectorError(
        'connector.invalid_request_parameters',
        'The PKCE code verifier must be 43 to 128 characters of A-Z, a-z, 0-9, "-", ".", "_" or "~".',
      );
    }
    const { authorizationEndpoint } = await metadata();
    // Building on the endpoint URL keeps any query parameters the provider put in it.
    const url = new URL(authorizationEndpoint);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('client_id', clientId);
    url.searchParams.set('redirect_uri', redirectUri);
    url.searchParams.set('scope', config.scope);
    url.searchParams.set('state', state);
    if (nonce) url.searchParams.set('nonce', nonce);
    if (codeVerifier !== undefined) {
      url.searchParams.set('code_challenge', createHash('sha256').update(codeVerifier).digest('base64url'));
      url.searchParams.set('code_challenge_method', 'S256');
    }
    return url.toString();
  };

  const getUserInfo = async (params: UserInfoParams): Promise<SocialUserInfo> => {
    if (!params.code || !isAbsoluteUrl(params.redirectUri)) {
      throw new ConnectorError(
        'connector.invalid_request_parameters',
        'An authorization code and the absolute redirect URI used for it are required.',
      );
    }
    const provider = await metadata();
    const { idToken, accessToken } = await exchangeCode(client, provider, params);
    const idClaims = await verifyIdToken(client, provider, idToken, params.nonce);
    const subject = idClaims.sub ?? '';
    const userinfo =
      provider.userinfoEndpoint && accessToken ? await fetchUserinfo(outbound, provider.userinfoEndpoint, accessToken, subject) : {};
    // Userinfo wins over the ID token: it is fetched now, directly from the provider, and often
    // carries claims the provider leaves out of ID tokens.
    const claims: Record<string, unknown> = { ...idClaims, ...userinfo };
    return toSocialUserInfo(subject, claims);
  };

  return { factoryId: oidcFactoryId, type: 'Social', target: config.target, getAuthorizationUri, getUserInfo };
}
