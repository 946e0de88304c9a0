import * as client from 'openid-client';
import { defaultTenantId } from '@idp/db';
import { BrowserSession } from './browser-session.ts';
import { insertApplication } from './fixtures.ts';
import type { AnyTestStack } from './test-stack.ts';

export const callbackUrl = 'http://127.0.0.1:9/callback';

/** openid-client configured against a tenant's issuer, as a real RP would be. */
export async function discoverRp(
  issuer: string,
  clientId: string,
  auth: { secret?: string; method?: 'basic' | 'post' } = {},
): Promise<client.Configuration> {
  const clientAuth = auth.secret
    ? auth.method === 'post'
      ? client.ClientSecretPost(auth.secret)
      : client.ClientSecretBasic(auth.secret)
    : client.None();
  return client.discovery(new URL(issuer), clientId, undefined, clientAuth, { execute: [client.allowInsecureRequests] });
}

export type AuthorizationRequest = {
  scope?: string;
  resource?: string | string[];
  prompt?: string;
  extra?: Record<string, string>;
  redirectUri?: string;
};

/**
 * The authorization code flow with PKCE, state and nonce, signing in as `accountId`: returns the
 * callback URL and what is needed to redeem it.
 */
export async function authorize(
  stack: AnyTestStack,
  config: client.Configuration,
  accountId: string,
  request: AuthorizationRequest = {},
  session = new BrowserSession(stack),
) {
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const redirectUri = request.redirectUri ?? callbackUrl;
  const parameters = new URLSearchParams({
    redirect_uri: redirectUri,
    scope: request.scope ?? 'openid profile offline_access',
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    prompt: request.prompt ?? 'consent',
    ...request.extra,
  });
  for (const resource of [request.resource ?? []].flat()) parameters.append('resource', resource);
  const url = client.buildAuthorizationUrl(config, parameters);
  const callback = await session.authorize(url, accountId, redirectUri);
  return { callback, codeVerifier, state, nonce, session };
}

export async function signInAndRedeem(
  stack: AnyTestStack,
  config: client.Configuration,
  accountId: string,
  request: AuthorizationRequest = {},
) {
  const flow = await authorize(stack, config, accountId, request);
  const tokens = await client.authorizationCodeGrant(config, flow.callback, {
    pkceCodeVerifier: flow.codeVerifier,
    expectedState: flow.state,
    expectedNonce: flow.nonce,
    idTokenExpected: true,
  });
  return { ...flow, tokens };
}

/**
 * The app most browser-flow tests sign in to: a single-page app of the default tenant redirecting to
 * `callbackUrl` (unless told other redirect URIs), and an openid-client configuration for it.
 */
export async function registerSpa(
  stack: AnyTestStack,
  options: {
    redirectUris?: string[];
    postLogoutRedirectUris?: string[];
    customClientMetadata?: Parameters<typeof insertApplication>[2]['customClientMetadata'];
  } = {},
) {
  const { redirectUris = [callbackUrl], postLogoutRedirectUris = [], customClientMetadata } = options;
  const app = await insertApplication(stack.database.db, defaultTenantId, {
    type: 'SPA',
    oidcClientMetadata: { redirectUris, postLogoutRedirectUris },
    ...(customClientMetadata ? { customClientMetadata } : {}),
  });
  return { app, rp: await discoverRp(`${stack.userUrl}/oidc`, app.id) };
}
