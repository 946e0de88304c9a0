// Where an OpenID provider's endpoints and keys are: its discovery document and key set, cached per
// process and keyed by URL (per outbound guard, so a document one policy allowed is never handed to
// another), because the calling service may build a new connector for every request.
import type { Outbound } from '@idp/outbound';
import { createRemoteJWKSet, customFetch } from 'jose';

import { isRecord } from './config.ts';
import { ConnectorError, networkError } from './types.ts';

export type ProviderMetadata = {
  authorizationEndpoint: string;
  tokenEndpoint: string;
  jwksUri: string;
  userinfoEndpoint?: string;
  tokenEndpointAuthMethods?: string[];
  idTokenSigningAlgs?: string[];
};

export const httpTimeoutMs = 10_000;
const discoveryTtlMs = 60 * 60 * 1000;
type DiscoveryCache = Map<string, { expiresAt: number; metadata: Promise<ProviderMetadata> }>;
type KeySetCache = Map<string, ReturnType<typeof createRemoteJWKSet>>;
let discoveryCaches = new WeakMap<Outbound, DiscoveryCache>();
let jwksCaches = new WeakMap<Outbound, KeySetCache>();

function cacheOf<T>(caches: WeakMap<Outbound, Map<string, T>>, outbound: Outbound): Map<string, T> {
  let cache = caches.get(outbound);
  if (!cache) {
    cache = new Map();
    caches.set(outbound, cache);
  }
  return cache;
}

/** Forgets cached discovery documents and key sets (after a provider's configuration changed). */
export function clearOidcCaches(): void {
  discoveryCaches = new WeakMap();
  jwksCaches = new WeakMap();
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

async function fetchDiscovery(issuer: string, outbound: Outbound): Promise<ProviderMetadata> {
  const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  let response: Response;
  try {
    response = await outbound.fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(httpTimeoutMs) });
  } catch (error: unknown) {
    throw networkError("The OpenID provider's discovery document", error);
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

export async function discover(issuer: string, outbound: Outbound): Promise<ProviderMetadata> {
  const discoveryCache = cacheOf(discoveryCaches, outbound);
  const cached = discoveryCache.get(issuer);
  if (cached && cached.expiresAt > Date.now()) return cached.metadata;
  // Cache the promise, not the result, so concurrent sign-ins share one request; drop it on failure
  // so a provider that was briefly down is retried.
  const metadata = fetchDiscovery(issuer, outbound);
  discoveryCache.set(issuer, { expiresAt: Date.now() + discoveryTtlMs, metadata });
  metadata.catch(() => {
    if (discoveryCache.get(issuer)?.metadata === metadata) discoveryCache.delete(issuer);
  });
  return metadata;
}

export function remoteKeySet(jwksUri: string, outbound: Outbound): ReturnType<typeof createRemoteJWKSet> {
  const jwksCache = cacheOf(jwksCaches, outbound);
  let keySet = jwksCache.get(jwksUri);
  if (!keySet) {
    // jose refetches on an unknown `kid` (rate-limited), which is how provider key rotation is picked up.
    keySet = createRemoteJWKSet(new URL(jwksUri), {
      timeoutDuration: httpTimeoutMs,
      [customFetch]: (url, options) => outbound.fetch(url, options),
    });
    jwksCache.set(jwksUri, keySet);
  }
  return keySet;
}
