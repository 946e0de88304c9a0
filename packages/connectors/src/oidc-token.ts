// The second half of an OIDC sign-in: the code traded for tokens, the ID token verified, and the
// claims (ID token and userinfo) read into the connector's user info.
import type { Outbound } from '@idp/outbound';
import { jwtVerify, type JWTPayload } from 'jose';

import { isRecord } from './config.ts';
import type { OidcConfig, TokenEndpointAuthMethod } from './oidc-config.ts';
import { httpTimeoutMs, remoteKeySet, type ProviderMetadata } from './oidc-discovery.ts';
import { ConnectorError, networkError, type SocialUserInfo, type UserInfoParams } from './types.ts';

/** A configured client: its config, its credentials as HTTP Basic sends them, and what hides its secret in messages. */
export type OidcClient = { config: OidcConfig; basicCredentials: string; scrub: (text: string) => string; outbound: Outbound };

/** Only asymmetric algorithms: keys come from the provider's public JWKS, never the client secret. */
const asymmetricAlgorithm = /^(RS|PS|ES)(256|384|512)$|^ES256K$|^(EdDSA|Ed25519)$/;

function chooseAuthMethod(config: OidcConfig, provider: ProviderMetadata): TokenEndpointAuthMethod {
  if (config.tokenEndpointAuthMethod) return config.tokenEndpointAuthMethod;
  const supported = provider.tokenEndpointAuthMethods;
  // The OAuth default is client_secret_basic; switch to post only when the provider says it must.
  return supported && !supported.includes('client_secret_basic') && supported.includes('client_secret_post')
    ? 'client_secret_post'
    : 'client_secret_basic';
}

/** Trades the authorization code for tokens at the provider's token endpoint. */
export async function exchangeCode(client: OidcClient, provider: ProviderMetadata, params: UserInfoParams) {
  const { config, scrub } = client;
  const { clientId, clientSecret } = config;
  const body = new URLSearchParams({
    grant_type: 'authorization_code',
    code: params.code,
    redirect_uri: params.redirectUri,
  });
  if (params.codeVerifier !== undefined) body.set('code_verifier', params.codeVerifier);
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };
  if (chooseAuthMethod(config, provider) === 'client_secret_basic') {
    headers.authorization = `Basic ${client.basicCredentials}`;
  } else {
    body.set('client_id', clientId);
    body.set('client_secret', clientSecret);
  }

  let response: Response;
  try {
    response = await client.outbound.fetch(provider.tokenEndpoint, {
      method: 'POST',
      headers,
      body,
      // A redirect would resend the client's credentials to an address nobody configured.
      redirect: 'error',
      signal: AbortSignal.timeout(httpTimeoutMs),
    });
  } catch (error: unknown) {
    throw networkError("The OpenID provider's token endpoint", error, scrub);
  }
  const result: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = isRecord(result) && typeof result.error === 'string' ? result.error : undefined;
    const description =
      isRecord(result) && typeof result.error_description === 'string' ? scrub(result.error_description).slice(0, 300) : '';
    throw new ConnectorError(
      // invalid_grant: the code is wrong, used or expired, or the redirect URI / verifier do not match.
      error === 'invalid_grant' ? 'connector.social_auth_code_invalid' : 'connector.authorization_failed',
      `The token endpoint answered HTTP ${response.status}${error ? ` (${error}${description ? `: ${description}` : ''})` : ''}.`,
      { data: { status: response.status, ...(error === undefined ? {} : { error }) } },
    );
  }
  if (!isRecord(result) || typeof result.id_token !== 'string') {
    throw new ConnectorError('connector.invalid_response', 'The token endpoint did not return an ID token.');
  }
  return {
    idToken: result.id_token,
    accessToken: typeof result.access_token === 'string' ? result.access_token : undefined,
  };
}

/** Checks the ID token's signature (provider keys only), issuer, audience, azp and nonce. */
export async function verifyIdToken(client: OidcClient, provider: ProviderMetadata, idToken: string, nonce: string | undefined) {
  const { config, outbound } = client;
  const { clientId } = config;
  const algorithms = provider.idTokenSigningAlgs?.filter((alg) => asymmetricAlgorithm.test(alg));
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(idToken, remoteKeySet(provider.jwksUri, outbound), {
      issuer: config.issuer,
      audience: clientId,
      requiredClaims: ['sub', 'iat', 'exp'],
      // Tolerate small clock differences between this host and the provider.
      clockTolerance: 60,
      ...(algorithms && algorithms.length > 0 ? { algorithms } : {}),
    }));
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConnectorError('connector.social_invalid_id_token', `The ID token could not be verified: ${reason}`);
  }
  // OpenID Connect Core §3.1.3.7: when present, azp must be this client.
  if (payload.azp !== undefined && payload.azp !== clientId) {
    throw new ConnectorError('connector.social_invalid_id_token', 'The ID token was issued to another client (azp).');
  }
  if (nonce !== undefined && payload.nonce !== nonce) {
    throw new ConnectorError('connector.social_invalid_id_token', 'The ID token nonce does not match this sign-in.');
  }
  return payload;
}

/** The userinfo endpoint's claims about `subject`, or none when the provider answers in a form not read here. */
export async function fetchUserinfo(outbound: Outbound, endpoint: string, accessToken: string, subject: string) {
  let response: Response;
  try {
    response = await outbound.fetch(endpoint, {
      headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
      redirect: 'error',
      signal: AbortSignal.timeout(httpTimeoutMs),
    });
  } catch (error: unknown) {
    throw networkError("The OpenID provider's userinfo endpoint", error);
  }
  // A provider configured for signed or encrypted userinfo answers application/jwt; the ID token's
  // claims are used alone then rather than adding JWE/JWS handling for an optional enrichment.
  if (response.ok && !(response.headers.get('content-type') ?? '').includes('json')) {
    await response.body?.cancel().catch(() => undefined);
    return {};
  }
  const claims: unknown = await response.json().catch(() => undefined);
  if (!response.ok || !isRecord(claims)) {
    throw new ConnectorError(
      'connector.invalid_response',
      `The userinfo endpoint answered HTTP ${response.status} without a JSON object.`,
      { data: { status: response.status } },
    );
  }
  // OpenID Connect Core §5.3.2: a userinfo response for another subject must not be used.
  if (claims.sub !== subject) {
    throw new ConnectorError('connector.invalid_response', 'The userinfo response is about another subject than the ID token.');
  }
  return claims;
}

function readEmailVerified(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  // Some providers (e.g. Amazon Cognito) send the boolean as a string.
  if (value === 'true' || value === 'false') return value === 'true';
  return undefined;
}

function optionalClaim(claims: Record<string, unknown>, name: string): string | undefined {
  const value = claims[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The connector's user info from the merged claims. */
export function toSocialUserInfo(subject: string, claims: Record<string, unknown>): SocialUserInfo {
  const email = optionalClaim(claims, 'email');
  const emailVerified = readEmailVerified(claims.email_verified);
  const phone = optionalClaim(claims, 'phone_number');
  const name = optionalClaim(claims, 'name');
  const avatar = optionalClaim(claims, 'picture');
  return {
    id: subject,
    ...(email === undefined ? {} : { email }),
    ...(emailVerified === undefined ? {} : { emailVerified }),
    ...(phone === undefined ? {} : { phone }),
    ...(name === undefined ? {} : { name }),
    ...(avatar === undefined ? {} : { avatar }),
    rawData: claims,
  };
}
