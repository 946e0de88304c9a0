// The hot paths `pnpm bench` drives, each with its target and the ceiling it is bound by, and the
// tokens they present (minted once, before the first path runs).
import { defaultTenantId, managementApiIndicator } from '@idp/db';
import { internalSecretHeader, tenantHeader } from '@idp/server-kit';
import { basicAuth, signInInternally, tokenRequest } from './flows.ts';
import type { CeilingName, Target } from './report.ts';
import type { Job } from './runner.ts';
import { benchOrganizationScope, benchPassword, benchResource, benchScope, type Seeded } from './seed.ts';
import { loadShape, settings } from './settings.ts';

export type PathSpec = { id: string; label: string; target?: Target; ceiling: CeilingName; job: (connections: number) => Job };

export function pathSpecs(base: string, oidcDirect: string, internalSecret: string, seeded: Seeded, tokens: MintedTokens): PathSpec[] {
  const form = 'application/x-www-form-urlencoded';
  const http =
    (name: string, url: string, extra: Partial<Extract<Job, { kind: 'http' }>> = {}) =>
    (connections: number): Job => ({
      kind: 'http',
      name,
      url,
      ...loadShape(connections),
      ...extra,
    });
  const discoveryPath = '/oidc/.well-known/openid-configuration';
  // What the gateway adds to a request it passes on; the direct rows send it themselves.
  const asFromGateway = {
    [tenantHeader]: defaultTenantId,
    [internalSecretHeader]: internalSecret,
    'x-forwarded-host': new URL(base).host,
    'x-forwarded-proto': 'http',
  };
  const usernames = Array.from({ length: 5000 }, () => seeded.username(1 + Math.floor(Math.random() * seeded.userCount)));
  return [
    {
      id: 'discovery',
      label: `GET ${discoveryPath}`,
      target: { rps: 40_000, p99: 2 },
      ceiling: 'Fastify',
      job: http('discovery', `${base}${discoveryPath}`),
    },
    {
      id: 'discovery-direct',
      label: 'same, direct to oidc (no gateway)',
      ceiling: 'Fastify',
      job: http('discovery-direct', `${oidcDirect}${discoveryPath}`, { headers: asFromGateway }),
    },
    { id: 'jwks', label: 'GET /oidc/jwks', target: { rps: 40_000, p99: 2 }, ceiling: 'Fastify', job: http('jwks', `${base}/oidc/jwks`) },
    {
      id: 'client-credentials',
      label: 'POST /oidc/token client_credentials',
      target: { rps: 2000, p99: 10 },
      ceiling: 'ES256',
      job: http('client-credentials', `${base}/oidc/token`, {
        method: 'POST',
        headers: { authorization: basicAuth(seeded.m2mClient), 'content-type': form },
        body: new URLSearchParams({ grant_type: 'client_credentials', resource: benchResource, scope: benchScope }).toString(),
      }),
    },
    {
      // No rotation and no stored grant: the organization token's own cost (membership and the
      // role's scopes, read on every request) on top of a client-credentials token.
      id: 'organization-client-credentials',
      label: 'POST /oidc/token client_credentials organization_id',
      target: { rps: 1000, p99: 20 },
      ceiling: 'ES256',
      job: http('organization-client-credentials', `${base}/oidc/token`, {
        method: 'POST',
        headers: { authorization: basicAuth(seeded.organizationClient), 'content-type': form },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          organization_id: seeded.organizationId,
          scope: benchOrganizationScope,
        }).toString(),
      }),
    },
    {
      id: 'refresh',
      label: 'POST /oidc/token refresh_token (rotation)',
      target: { rps: 1000, p99: 15 },
      ceiling: 'ES256',
      job: (connections) => ({
        kind: 'refresh',
        name: 'refresh',
        url: `${base}/oidc/token`,
        authorization: basicAuth(seeded.webClient),
        refreshTokens: tokens.refreshTokens,
        ...loadShape(connections),
      }),
    },
    {
      id: 'organization-token',
      label: 'POST /oidc/token refresh_token organization_id (rotation)',
      target: { rps: 1000, p99: 20 },
      ceiling: 'ES256',
      job: (connections) => ({
        kind: 'refresh',
        name: 'organization-token',
        url: `${base}/oidc/token`,
        authorization: basicAuth(seeded.webClient),
        refreshTokens: tokens.organizationRefreshTokens,
        parameters: { organization_id: seeded.organizationId },
        ...loadShape(connections),
      }),
    },
    {
      id: 'introspection',
      label: 'POST /oidc/token/introspection',
      target: { rps: 4000, p99: 5 },
      ceiling: 'Fastify',
      job: http('introspection', `${base}/oidc/token/introspection`, {
        method: 'POST',
        headers: { authorization: basicAuth(seeded.webClient), 'content-type': form },
        body: new URLSearchParams({ token: tokens.accessToken }).toString(),
      }),
    },
    {
      id: 'userinfo',
      label: 'GET /oidc/me',
      target: { rps: 4000, p99: 5 },
      ceiling: 'Fastify',
      job: http('userinfo', `${base}/oidc/me`, { headers: { authorization: `Bearer ${tokens.accessToken}` } }),
    },
    {
      id: 'userinfo-direct',
      label: 'same, direct to oidc (no gateway)',
      ceiling: 'Fastify',
      job: http('userinfo-direct', `${oidcDirect}/oidc/me`, {
        headers: { ...asFromGateway, authorization: `Bearer ${tokens.accessToken}` },
      }),
    },
    {
      id: 'users-page',
      label: `GET /api/users?page=N (${seeded.userCount.toLocaleString('en-US')} users)`,
      target: { rps: 1000, p99: 25 },
      ceiling: 'Fastify',
      job: http('users-page', `${base}/api/users?page={page}&page_size=20`, {
        headers: { authorization: `Bearer ${tokens.managementToken}` },
        pages: Math.max(1, Math.ceil(seeded.userCount / 20)),
      }),
    },
    {
      id: 'password-sign-in',
      label: 'password sign-in (code + PKCE, Experience API)',
      target: { ceilingShare: 0.8 },
      ceiling: 'argon2id',
      job: () => ({
        kind: 'sign-in',
        name: 'password-sign-in',
        baseUrl: base,
        client: seeded.webClient,
        usernames,
        password: benchPassword,
        ...loadShape(settings.signInConcurrency),
      }),
    },
  ];
}

export type MintedTokens = { managementToken: string; accessToken: string; refreshTokens: string[]; organizationRefreshTokens: string[] };

export async function mintTokens(base: string, oidcDirect: string, internalSecret: string, seeded: Seeded): Promise<MintedTokens> {
  const { access_token: managementToken } = await tokenRequest(base, seeded.managementClient, {
    grant_type: 'client_credentials',
    resource: managementApiIndicator,
    scope: 'all',
  });
  // Fails the run early, with the service's reason, if the organization seed grants nothing.
  const organizationToken = await tokenRequest(base, seeded.organizationClient, {
    grant_type: 'client_credentials',
    organization_id: seeded.organizationId,
    scope: benchOrganizationScope,
  });
  if (organizationToken.scope !== benchOrganizationScope) throw new Error(`organization token scope: ${organizationToken.scope}`);
  const internal = { url: oidcDirect, secret: internalSecret, tenantId: defaultTenantId };
  // One grant per chain; twice the connections so that a chain is always free.
  const chains = Math.max(4, settings.connections * 2);
  const mintChains = async (request?: Parameters<typeof signInInternally>[4]) => {
    const grants: Awaited<ReturnType<typeof signInInternally>>[] = [];
    for (let batch = 0; batch < chains; batch += 4) {
      grants.push(
        ...(await Promise.all(
          Array.from({ length: Math.min(4, chains - batch) }, (_, index) =>
            signInInternally(base, internal, seeded.webClient, seeded.userId(1 + batch + index), request),
          ),
        )),
      );
    }
    const tokens = grants.map((grant) => grant.refresh_token).filter((token): token is string => Boolean(token));
    if (tokens.length !== chains) throw new Error('the code flow returned no refresh token');
    return tokens;
  };
  const refreshTokens = await mintChains();
  if (chains > seeded.organizationMembers) throw new Error(`${chains} chains, but only ${seeded.organizationMembers} organization members`);
  // As an SDK configured for organizations signs in: Logto's organizations scope, the organization
  // scopes, and the reserved organizations resource, so that the grant holds them.
  const organizationRefreshTokens = await mintChains({
    scope: `openid offline_access urn:logto:scope:organizations ${benchOrganizationScope}`,
    resource: 'urn:logto:resource:organizations',
  });
  const probe = await tokenRequest(base, seeded.webClient, {
    grant_type: 'refresh_token',
    refresh_token: organizationRefreshTokens[0]!,
    organization_id: seeded.organizationId,
  });
  if (probe.scope !== benchOrganizationScope || !probe.refresh_token) throw new Error(`organization token scope: ${probe.scope}`);
  organizationRefreshTokens[0] = probe.refresh_token;
  const { access_token: accessToken } = await signInInternally(base, internal, seeded.webClient, seeded.userId(seeded.userCount));
  return { managementToken, accessToken, refreshTokens, organizationRefreshTokens };
}
