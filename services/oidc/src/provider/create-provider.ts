import type { Db, LogWriter } from '@idp/db';
import type { Outbound } from '@idp/outbound';
import { isDatabaseUnavailable, isInputRefusedByDatabase } from '@idp/server-kit';
import type { FastifyBaseLogger } from 'fastify';
import type Provider from 'oidc-provider';
import { errors, interactionPolicy, type AsymmetricSigningAlgorithm, type ClientMetadata, type Configuration } from 'oidc-provider';
import { createAdapterFactory, flushRequestWrites } from '../adapter/postgres-adapter.ts';
import { createFindAccount } from './account.ts';
import type { TenantAuthorization } from './authorization.ts';
import {
  clientSettingsProperty,
  extraCorsOrigins,
  idTokenTtl,
  issueRefreshToken,
  refreshTokenTtl,
  rotateRefreshToken,
} from './client-settings.ts';
import { logTokenExchanges } from './token-exchange-log.ts';
import { acceptNamedClientSecrets, additionalSecretsProperty, thirdPartyProperty } from './clients.ts';
import { cookieNames, interactionUrl } from './interaction-url.ts';
import { deviceCodeTtl, deviceFlowFeature, useShortVerificationUri } from './device-flow.ts';
import { useLogtoWire } from './logto-wire.ts';
import { enforceMaxAllowedGrants } from './max-allowed-grants.ts';
import { logoutSource, postLogoutSuccessSource, presetPageHeaders, renderError } from './pages.ts';
import { createGetResourceServerInfo } from './resource-servers.ts';
import { claimsConfiguration, userScopes } from './scopes-and-claims.ts';
import { registerTokenExchange } from './token-exchange.ts';
import { enableOrganizationTokens, organizationTokenClaims, TenantProvider } from './organization-tokens.ts';
import { externalSigningFeature, localSigningKeys } from './local-signing-keys.ts';

const missingClientAuthentication = 'no client authentication mechanism provided';

// A database that is down or does not answer in time is a temporary condition (OAuth's
// temporarily_unavailable), not a server bug: clients may retry.
function answerUnavailable(ctx: { status: number; body: unknown }) {
  ctx.status = 503;
  ctx.body = { error: 'temporarily_unavailable', error_description: 'The service is not available right now; try again shortly.' };
}

export type TenantProviderOptions = {
  db: Db;
  tenantId: string;
  /** `<tenant endpoint>/oidc`. */
  issuer: string;
  /** Private JWKs, the default signing key first. */
  jwks: { keys: Array<Record<string, unknown>> };
  cookieKeys: string[];
  findClient(clientId: string): Promise<ClientMetadata | undefined>;
  /** The tenant's resources and role grants (cached). */
  authorization: TenantAuthorization;
  /** The deployment's guarded way to reach other hosts (see OUTBOUND_ALLOW_HOSTS). */
  outbound: Outbound;
  log: FastifyBaseLogger;
  /** The audit log (token requests). */
  auditLog: LogWriter;
};

const day = 24 * 60 * 60;

// First-party native apps are consented like any other first-party app: the check that forces a
// consent screen on every native authorization is dropped. A session whose user has since been
// deleted or suspended (findAccount answers undefined) asks for a new login instead of failing.
function createInteractionPolicy() {
  const policy = interactionPolicy.base();
  policy.get('consent')?.checks.remove('native_client_prompt');
  policy
    .get('login')
    ?.checks.add(
      new interactionPolicy.Check('account_unavailable', 'The signed-in account is no longer available', (ctx) =>
        ctx.oidc.session?.accountId && !ctx.oidc.account
          ? interactionPolicy.Check.REQUEST_PROMPT
          : interactionPolicy.Check.NO_NEED_TO_PROMPT,
      ),
      0,
    );
  return policy;
}

const originOf = (uri: string) => {
  try {
    return new URL(uri).origin;
  } catch {
    return undefined;
  }
};

export function createTenantProvider(options: TenantProviderOptions): Provider {
  const issuerOrigin = originOf(options.issuer);
  const { db, tenantId } = options;
  const defaultAlg = (options.jwks.keys[0]?.alg ?? 'ES256') as AsymmetricSigningAlgorithm;
  const getResourceServerInfo = createGetResourceServerInfo({ db, tenantId, authorization: options.authorization, signingAlg: defaultAlg });
  const configuration: Configuration = {
    adapter: createAdapterFactory({ db, tenantId, findClient: options.findClient }),
    jwks: { keys: localSigningKeys(options.jwks.keys) } as unknown as Configuration['jwks'],
    cookies: {
      keys: options.cookieKeys,
      long: { httpOnly: true, sameSite: 'lax', signed: true },
      // Path `/`: the experience API, under /api/experience, reads the interaction cookie too.
      short: { httpOnly: true, sameSite: 'lax', signed: true, path: '/' },
      // Names: Logto's for the user endpoint, suffixed for other tenants (see cookieNames).
      // `Secure` follows the request's scheme (X-Forwarded-Proto, which the gateway believes only
      // from a TRUST_PROXY). No `__Host-` prefix: it demands `Secure`, and the same provider also
      // answers plain-http requests (local use, tests, a deployment without TLS), where the
      // cookies would be refused; the resume cookie is scoped to `/oidc/auth/<uid>`, which the
      // prefix forbids; and the names would then differ by scheme for the experience API too.
      names: cookieNames(tenantId),
    },
    claims: claimsConfiguration,
    scopes: Object.keys(userScopes),
    conformIdTokenClaims: false,
    responseTypes: ['code'],
    extraClientMetadata: { properties: [additionalSecretsProperty, thirdPartyProperty, clientSettingsProperty] },
    clientDefaults: {
      grant_types: ['authorization_code', 'refresh_token'],
      id_token_signed_response_alg: defaultAlg,
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
    enabledJWA: {
      idTokenSigningAlgValues: ['ES256', 'ES384', 'RS256', 'EdDSA'],
      userinfoSigningAlgValues: ['ES256', 'ES384', 'RS256', 'EdDSA'],
      introspectionSigningAlgValues: ['ES256', 'ES384', 'RS256', 'EdDSA'],
      authorizationSigningAlgValues: ['ES256', 'ES384', 'RS256', 'EdDSA'],
    },
    // Logto's `organization_id` claim in organization-level API resource tokens.
    extraTokenClaims: organizationTokenClaims,
    extraParams: ['first_screen', 'interaction_mode', 'direct_sign_in', 'organization_id', 'identifier'],
    // Browsers may call the token, userinfo and revocation endpoints from the OP's own origin, from
    // the origins of the app's registered redirect URIs and from those it lists (corsAllowedOrigins,
    // as in Logto); from nowhere else.
    clientBasedCORS: (_ctx, origin, client) =>
      origin === issuerOrigin ||
      extraCorsOrigins(client).includes(origin) ||
      [...(client.redirectUris ?? []), ...(client.postLogoutRedirectUris ?? [])].some((uri) => originOf(uri) === origin),
    features: {
      devInteractions: { enabled: false },
      // The keys sign with node:crypto in place of WebCrypto (see local-signing-keys.ts).
      externalSigningSupport: externalSigningFeature,
      clientCredentials: { enabled: true },
      deviceFlow: deviceFlowFeature(tenantId),
      // Confidential clients (resource servers) may introspect any token of the tenant; a public
      // client only its own, since anyone can act as it.
      introspection: {
        enabled: true,
        allowedPolicy: async (_ctx, caller, token) => caller.clientAuthMethod !== 'none' || token.clientId === caller.clientId,
      },
      // Only the client a token was issued to may revoke it; other clients' tokens are left alone
      // without saying whether they exist.
      revocation: { enabled: true, allowedPolicy: async (_ctx, caller, token) => token.clientId === caller.clientId },
      backchannelLogout: { enabled: true },
      userinfo: { enabled: true },
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
      resourceIndicators: {
        enabled: true,
        defaultResource: async (_ctx, _client, oneOf) => oneOf,
        useGrantedResource: async () => false,
        getResourceServerInfo,
      },
    },
    interactions: { policy: createInteractionPolicy(), url: (ctx, interaction) => interactionUrl(ctx, interaction, tenantId) },
    // Refresh token rotation, lifetimes and `alwaysIssueRefreshToken` follow the app's settings as in
    // Logto (client-settings.ts): a public client's token rotates on every use, so a stolen one used
    // twice revokes the whole grant.
    rotateRefreshToken,
    issueRefreshToken,
    renderError,
    // Back-channel logout goes through the same guard as every other outbound request. oidc-provider
    // passes a dispatcher of its own that refuses special-use addresses with no allow-list; the
    // guard's fetch uses its own dispatcher instead, which applies OUTBOUND_ALLOW_HOSTS.
    fetch: (url, init) => options.outbound.fetch(url instanceof Request ? url.url : url, init),
    ttl: {
      // A token for an API resource lives as long as that resource says.
      AccessToken: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? 3600,
      AuthorizationCode: 600,
      DeviceCode: deviceCodeTtl,
      ClientCredentials: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? 3600,
      IdToken: idTokenTtl,
      Interaction: 3600,
      RefreshToken: refreshTokenTtl,
      Session: 14 * day,
      Grant: 14 * day,
    },
  };

  const findAccount = createFindAccount(db, tenantId, options.authorization);
  configuration.findAccount = findAccount;
  // A Provider that also issues organization tokens (see organization-tokens.ts for why a subclass).
  const provider = new TenantProvider(options.issuer, configuration);
  enableOrganizationTokens(provider, {
    db,
    tenantId,
    signingAlg: defaultAlg,
    findAccount,
    authorization: options.authorization,
    getResourceServerInfo,
  });
  // Behind the gateway: public host and scheme come from X-Forwarded-Host / X-Forwarded-Proto.
  provider.proxy = true;
  provider.use(presetPageHeaders);
  useLogtoWire(provider);
  useShortVerificationUri(provider);
  registerTokenExchange(provider, getResourceServerInfo);
  acceptNamedClientSecrets(provider);
  enforceMaxAllowedGrants(provider, db, tenantId, options.log);
  logTokenExchanges(provider, options.auditLog, tenantId);
  provider.on('server_error', (ctx, error) => {
    if (isDatabaseUnavailable(error)) ctx.state.databaseUnavailable = true;
    else if (isInputRefusedByDatabase(error)) ctx.state.inputRefused = true;
    else options.log.error({ err: error, tenantId }, 'oidc-provider error');
  });
  provider.on('backchannel.error', (_ctx, error, client) =>
    options.log.warn({ err: error, tenantId, clientId: client.clientId }, 'back-channel logout not delivered'),
  );
  provider.use(async (ctx, next) => {
    await next();
    // The database down or not answering in time is temporary: 503, as every other service says.
    if (ctx.status === 500 && ctx.state.databaseUnavailable) answerUnavailable(ctx);
    // A parameter the database cannot take (a NUL character in a client id or a token): the
    // client's mistake, answered as the protocol's invalid_request.
    if (ctx.status === 500 && ctx.state.inputRefused) {
      ctx.status = 400;
      ctx.body = { error: 'invalid_request', error_description: 'a parameter holds characters that are not allowed' };
    }
    // Discovery and keys change only with configuration or a key rotation: let clients and proxies
    // keep them for a few minutes (rotation keeps old keys published far longer than that).
    if (ctx.status === 200 && (ctx.oidc?.route === 'discovery' || ctx.oidc?.route === 'jwks')) {
      ctx.set('cache-control', 'public, max-age=300');
    }
    // A token, introspection or revocation request with no client authentication at all: the
    // library says 400 invalid_request; RFC 6749 section 5.2 (and Logto) say 401 invalid_client. The
    // library marks this case by its description only.
    if (
      ctx.status === 400 &&
      (ctx.body as { error_description?: unknown } | undefined)?.error_description === missingClientAuthentication
    ) {
      ctx.status = 401;
      ctx.body = { error: 'invalid_client', error_description: 'client authentication is required' };
    }
    // A path the provider has no route for gets the protocol's JSON error, not Koa's plain-text 404,
    // naming the method and path as Logto's does.
    if (ctx.status === 404 && ctx.body === undefined) {
      ctx.status = 404;
      ctx.body = { error: 'invalid_request', error_description: `unrecognized route or not allowed method (${ctx.method} on ${ctx.path})` };
    }
  });
  // What a request issued and redeemed is written in one statement once its answer is ready and
  // before it is sent (see adapter/request-scope.ts): a client never holds a token the database does
  // not. A redemption that lost its race answers invalid_grant; a failed write, a server error.
  provider.use(async (ctx, next) => {
    try {
      await next();
    } finally {
      try {
        await flushRequestWrites(ctx);
      } catch (error) {
        ctx.remove('location');
        if (error instanceof errors.OIDCProviderError && error.statusCode < 500) {
          ctx.status = error.statusCode;
          ctx.body = { error: error.error, error_description: error.error_description };
        } else if (isDatabaseUnavailable(error)) {
          answerUnavailable(ctx);
        } else {
          options.log.error({ err: error, tenantId }, 'oidc-provider error: what the request issued was not stored');
          ctx.status = 500;
          ctx.body = { error: 'server_error', error_description: 'oops! something went wrong' };
        }
      }
    }
  });
  return provider;
}
