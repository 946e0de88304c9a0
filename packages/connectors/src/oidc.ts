// Generic OpenID Connect sign-in (authorization code flow, optional PKCE). The connector is
// stateless: the caller generates and stores state, nonce and the PKCE verifier, and hands them back
// to getUserInfo. Provider metadata and key sets are cached per process, keyed by URL, because the
// calling service may build a new connector instance for every request.
import { createHash } from 'node:crypto';

import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';

import { isRecord, readConfig } from './config.ts';
import { redact } from './redact.ts';
import {
  ConnectorError,
  type AuthorizationUriParams,
  type SocialConnector,
  type SocialUserInfo,
  type UserInfoParams,
} from './types.ts';

export const oidcFactoryId = 'oidc';

const tokenEndpointAuthMethods = ['client_secret_basic', 'client_secret_post'] as const;
export type TokenEndpointAuthMethod = (typeof tokenEndpointAuthMethods)[number];

export type OidcConfig = {
  /** The provider's issuer identifier; ID tokens must carry exactly this `iss`. */
  issuer: string;
  /** Explicit endpoints override discovery; with all three of authorization, token and JWKS set, discovery is skipped. */
  authorizationEndpoint?: string;
  tokenEndpoint?: string;
  jwksUri?: string;
  userinfoEndpoint?: string;
  clientId: string;
  clientSecret: string;
  /** Space-separated; `openid` is added when missing. */
  scope: string;
  /** The identity namespace users' social identities are stored under. */
  target: string;
  /** Defaults to what the provider advertises, preferring client_secret_basic (the OAuth default). */
  tokenEndpointAuthMethod?: TokenEndpointAuthMethod;
};

export function parseOidcConfig(config: unknown): OidcConfig {
  return readConfig(oidcFactoryId, config, (r) => {
    // Logto's OIDC connector keeps the issuer and JWKS URI under `idTokenVerificationConfig`;
    // accept that place too so configs copied from Logto keep working.
    const verification = r.optionalObject('idTokenVerificationConfig');
    const issuer = r.optionalUrl('issuer') ?? verification?.optionalUrl('issuer');
    if (issuer === undefined) r.addIssue('issuer', 'is required');
    const jwksUri = r.optionalUrl('jwksUri') ?? verification?.optionalUrl('jwksUri');
    const authorizationEndpoint = r.optionalUrl('authorizationEndpoint');
    const tokenEndpoint = r.optionalUrl('tokenEndpoint');
    const userinfoEndpoint = r.optionalUrl('userinfoEndpoint');
    const tokenEndpointAuthMethod = r.optionalEnum('tokenEndpointAuthMethod', tokenEndpointAuthMethods);
    const scopes = (r.optionalString('scope') ?? 'openid profile email').split(/\s+/).filter(Boolean);
    return {
      issuer: issuer ?? '',
      ...(authorizationEndpoint === undefined ? {} : { authorizationEndpoint }),
      ...(tokenEndpoint === undefined ? {} : { tokenEndpoint }),
      ...(jwksUri === undefined ? {} : { jwksUri }),
      ...(userinfoEndpoint === undefined ? {} : { userinfoEndpoint }),
      clientId: r.string('clientId'),
      clientSecret: r.string('clientSecret'),
      scope: (scopes.includes('openid') ? scopes : ['openid', ...scopes]).join(' '),
      target: r.optionalString('target') ?? 'oidc',
      ...(tokenEndpointAuthMethod === undefined ? {} : { tokenEndpointAuthMethod }),
    };
  });
}

type ProviderMetadata = {
  authorizationEndpoint: string;
  tokenEndpoint: string;
  jwksUri: string;
  userinfoEndpoint?: string;
  tokenEndpointAuthMethods?: string[];
  idTokenSigningAlgs?: string[];
};

const httpTimeoutMs = 10_000;
const discoveryTtlMs = 60 * 60 * 1000;
const discoveryCache = new Map<string, { expiresAt: number; metadata: Promise<ProviderMetadata> }>();
const jwksCache = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

/** Forgets cached discovery documents and key sets (after a provider's configuration changed). */
export function clearOidcCaches(): void {
  discoveryCache.clear();
  jwksCache.clear();
}

function optionalHttpUrl(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? value : undefined;
  } catch {
    return undefined;
  }
}

function stringArray(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined;
}

async function fetchDiscovery(issuer: string): Promise<ProviderMetadata> {
  const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(httpTimeoutMs) });
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConnectorError('connector.general', `The OpenID provider's discovery document could not be fetched: ${reason}`);
  }
  const document: unknown = response.ok ? await response.json().catch(() => undefined) : undefined;
  if (!isRecord(document)) {
    await response.body?.cancel().catch(() => undefined);
    throw new ConnectorError(
      'connector.invalid_response',
      `The OpenID provider's discovery document at ${url} is not a JSON object (HTTP ${response.status}).`,
    );
  }
  // OpenID Connect Discovery 1.0 §4.3: the document must name exactly the issuer it was fetched for,
  // otherwise one provider could impersonate another.
  if (document.issuer !== issuer) {
    throw new ConnectorError(
      'connector.invalid_response',
      `The discovery document names issuer ${JSON.stringify(document.issuer)}, not the configured "${issuer}".`,
    );
  }
  const authorizationEndpoint = optionalHttpUrl(document.authorization_endpoint);
  const tokenEndpoint = optionalHttpUrl(document.token_endpoint);
  const jwksUri = optionalHttpUrl(document.jwks_uri);
  if (!authorizationEndpoint || !tokenEndpoint || !jwksUri) {
    throw new ConnectorError(
      'connector.invalid_response',
      'The discovery document lacks a valid authorization_endpoint, token_endpoint or jwks_uri.',
    );
  }
  const userinfoEndpoint = optionalHttpUrl(document.userinfo_endpoint);
  const authMethods = stringArray(document.token_endpoint_auth_methods_supported);
  const algs = stringArray(document.id_token_signing_alg_values_supported);
  return {
    authorizationEndpoint,
    tokenEndpoint,
    jwksUri,
    ...(userinfoEndpoint === undefined ? {} : { userinfoEndpoint }),
    ...(authMethods === undefined ? {} : { tokenEndpointAuthMethods: authMethods }),
    ...(algs === undefined ? {} : { idTokenSigningAlgs: algs }),
  };
}

async function discover(issuer: string): Promise<ProviderMetadata> {
  const cached = discoveryCache.get(issuer);
  if (cached && cached.expiresAt > Date.now()) return cached.metadata;
  // Cache the promise, not the result, so concurrent sign-ins share one request; drop it on failure
  // so a provider that was briefly down is retried.
  const metadata = fetchDiscovery(issuer);
  discoveryCache.set(issuer, { expiresAt: Date.now() + discoveryTtlMs, metadata });
  metadata.catch(() => {
    if (discoveryCache.get(issuer)?.metadata === metadata) discoveryCache.delete(issuer);
  });
  return metadata;
}

function remoteKeySet(jwksUri: string): ReturnType<typeof createRemoteJWKSet> {
  let keySet = jwksCache.get(jwksUri);
  if (!keySet) {
    // jose refetches on an unknown `kid` (rate-limited), which is how provider key rotation is picked up.
    keySet = createRemoteJWKSet(new URL(jwksUri), { timeoutDuration: httpTimeoutMs });
    jwksCache.set(jwksUri, keySet);
  }
  return keySet;
}

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

/** Only asymmetric algorithms: keys come from the provider's public JWKS, never the client secret. */
const asymmetricAlgorithm = /^(RS|PS|ES)(256|384|512)$|^ES256K$|^(EdDSA|Ed25519)$/;

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

export function createOidcConnector(rawConfig: unknown): SocialConnector {
  const config = parseOidcConfig(rawConfig);
  const { clientId, clientSecret } = config;
  const secretForms = [
    Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64'),
  ];
  const scrub = (text: string): string => redact(text, [clientSecret], secretForms);

  const metadata = async (): Promise<ProviderMetadata> => {
    const { authorizationEndpoint, tokenEndpoint, jwksUri, userinfoEndpoint } = config;
    if (authorizationEndpoint && tokenEndpoint && jwksUri) {
      return { authorizationEndpoint, tokenEndpoint, jwksUri, ...(userinfoEndpoint ? { userinfoEndpoint } : {}) };
    }
    const discovered = await discover(config.issuer);
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
      throw new ConnectorError(
        'connector.invalid_request_parameters',
        'A non-empty state and an absolute redirect URI are required.',
      );
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

  const chooseAuthMethod = (provider: ProviderMetadata): TokenEndpointAuthMethod => {
    if (config.tokenEndpointAuthMethod) return config.tokenEndpointAuthMethod;
    const supported = provider.tokenEndpointAuthMethods;
    // The OAuth default is client_secret_basic; switch to post only when the provider says it must.
    return supported && !supported.includes('client_secret_basic') && supported.includes('client_secret_post')
      ? 'client_secret_post'
      : 'client_secret_basic';
  };

  const exchangeCode = async (provider: ProviderMetadata, params: UserInfoParams) => {
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
    if (chooseAuthMethod(provider) === 'client_secret_basic') {
      // RFC 6749 §2.3.1: both parts are form-encoded before being joined and base64-encoded.
      headers.authorization = `Basic ${secretForms[0]}`;
    } else {
      body.set('client_id', clientId);
      body.set('client_secret', clientSecret);
    }

    let response: Response;
    try {
      response = await fetch(provider.tokenEndpoint, {
        method: 'POST',
        headers,
        body,
        // A redirect would resend the client's credentials to an address nobody configured.
        redirect: 'error',
        signal: AbortSignal.timeout(httpTimeoutMs),
      });
    } catch (error: unknown) {
      const reason = error instanceof Error ? scrub(error.message) : 'unknown error';
      throw new ConnectorError('connector.general', `The OpenID provider's token endpoint could not be reached: ${reason}`);
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
  };

  const verifyIdToken = async (provider: ProviderMetadata, idToken: string, nonce: string | undefined) => {
    const algorithms = provider.idTokenSigningAlgs?.filter((alg) => asymmetricAlgorithm.test(alg));
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(idToken, remoteKeySet(provider.jwksUri), {
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
  };

  const fetchUserinfo = async (endpoint: string, accessToken: string, subject: string) => {
    let response: Response;
    try {
      response = await fetch(endpoint, {
        headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
        redirect: 'error',
        signal: AbortSignal.timeout(httpTimeoutMs),
      });
    } catch (error: unknown) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ConnectorError('connector.general', `The OpenID provider's userinfo endpoint could not be reached: ${reason}`);
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
  };

  const getUserInfo = async (params: UserInfoParams): Promise<SocialUserInfo> => {
    if (!params.code || !isAbsoluteUrl(params.redirectUri)) {
      throw new ConnectorError(
        'connector.invalid_request_parameters',
        'An authorization code and the absolute redirect URI used for it are required.',
      );
    }
    const provider = await metadata();
    const { idToken, accessToken } = await exchangeCode(provider, params);
    const idClaims = await verifyIdToken(provider, idToken, params.nonce);
    const subject = idClaims.sub ?? '';
    const userinfo =
      provider.userinfoEndpoint && accessToken ? await fetchUserinfo(provider.userinfoEndpoint, accessToken, subject) : {};
    // Userinfo wins over the ID token: it is fetched now, directly from the provider, and often
    // carries claims the provider leaves out of ID tokens.
    const claims: Record<string, unknown> = { ...idClaims, ...userinfo };
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
  };

  return { factoryId: oidcFactoryId, type: 'Social', target: config.target, getAuthorizationUri, getUserInfo };
}
