// Logto's organization tokens: `grant_type=refresh_token` (a user) or `client_credentials` (a
// machine-to-machine app) with `organization_id` gives a JWT for the audience
// `urn:logto:organization:<id>` carrying the organization scopes that the member's organization
// roles grant there. Membership and roles are read on every request, never cached: a change shows
// in the next token, and a removed member gets none.
//
// Why a Provider subclass: oidc-provider drops every token parameter the grant was not registered
// with, so `organization_id` only reaches the built-in grants when they are registered again with
// it, and registering replaces the built-in handler, which the library does not expose. The
// constructor registers its built-in grants through the public `registerGrantType`; overriding that
// method sees each built-in handler as it is registered and wraps it, so requests without
// `organization_id` keep running the library's own handler, untouched, and no internal module is
// imported. If a later version stopped registering through that method, `enableOrganizationTokens`
// refuses to start instead of silently issuing ordinary tokens.
import type { Db } from '@idp/db';
import Provider, {
  errors,
  type AsymmetricSigningAlgorithm,
  type FindAccount,
  type KoaContextWithOIDC,
  type CanBePromise,
  type ResourceServer,
  type TokenEndpointGrantContext,
  type UnknownObject,
} from 'oidc-provider';
import { findOrganizationScopesOfApplication, findOrganizationScopesOfUser } from '../queries/organizations.ts';
import { rotateRefreshToken } from './client-settings.ts';

export const organizationsScope = 'urn:logto:scope:organizations';
export const organizationUrn = (organizationId: string) => `urn:logto:organization:${organizationId}`;
/** Logto's lifetime of an organization token (its reserved resource has no setting of its own). */
const organizationTokenTtl = 3600;

export type OrganizationTokenContext = {
  db: Db;
  tenantId: string;
  signingAlg: AsymmetricSigningAlgorithm;
  findAccount: FindAccount;
};

type ParameterList = string | readonly string[] | ReadonlySet<string> | undefined;
type OrganizationGrant = (ctx: KoaContextWithOIDC, organizationId: string, context: OrganizationTokenContext) => Promise<void>;

const contexts = new WeakMap<Provider, OrganizationTokenContext>();
const wrappedGrants = new WeakMap<Provider, Set<string>>();
const organizationGrants: Record<string, OrganizationGrant> = {
  refresh_token: issueForUser,
  client_credentials: issueForApplication,
};

const asList = (parameters: ParameterList): string[] =>
  parameters === undefined ? [] : typeof parameters === 'string' ? [parameters] : [...parameters];

export class TenantProvider extends Provider {
  override registerGrantType<Params extends object = UnknownObject>(
    name: string,
    handler: (ctx: TokenEndpointGrantContext<Params>) => CanBePromise<void>,
    parameters?: ParameterList,
    duplicates?: ParameterList,
  ): void {
    const issue = organizationGrants[name];
    if (!issue) {
      super.registerGrantType(name, handler, parameters, duplicates);
      return;
    }
    // Runs while the base constructor registers its grants: `this` is only read per request.
    const wrapped: typeof handler = async (ctx) => {
      const organizationId = ctx.oidc.params?.organization_id;
      if (!organizationId) return handler(ctx);
      const context = contexts.get(this);
      if (!context) throw new Error('organization tokens are not enabled on this provider');
      await issue(ctx, String(organizationId), context);
    };
    super.registerGrantType(name, wrapped, [...asList(parameters), 'organization_id'], duplicates);
    const wrappedHere = wrappedGrants.get(this) ?? new Set<string>();
    wrappedGrants.set(this, wrappedHere.add(name));
  }
}

export function enableOrganizationTokens(provider: Provider, context: OrganizationTokenContext): void {
  const wrapped = wrappedGrants.get(provider);
  for (const name of Object.keys(organizationGrants)) {
    if (!wrapped?.has(name))
      throw new Error(`the ${name} grant was not registered through registerGrantType; organization tokens cannot be issued`);
  }
  contexts.set(provider, context);
}

function organizationResourceServer(organizationId: string, heldScopes: string[], signingAlg: AsymmetricSigningAlgorithm): ResourceServer {
  return {
    audience: organizationUrn(organizationId),
    scope: heldScopes.join(' '),
    accessTokenTTL: organizationTokenTtl,
    accessTokenFormat: 'jwt',
    jwt: { sign: { alg: signingAlg } },
  };
}

// Logto answers these refusals with 403 access_denied.
function accessDenied(description: string): errors.AccessDenied {
  const error = new errors.AccessDenied(description);
  error.statusCode = 403;
  error.status = 403;
  return error;
}

/** A token's grant-type history ends with this grant, as the library records it. */
const withRefreshGty = (gty: string | undefined) => (!gty ? 'refresh_token' : gty.endsWith('refresh_token') ? gty : `${gty} refresh_token`);

const requestedScopes = (ctx: KoaContextWithOIDC): Set<string> | undefined => {
  const scope = ctx.oidc.params?.scope;
  return typeof scope === 'string' && scope ? new Set(scope.split(' ')) : undefined;
};

// The refresh token is checked as the library checks it (owner, expiry, grant, account, reuse),
// then membership, then the organizations scope; rotation follows the app's settings, as for any
// refresh. The response holds no ID token: it is an access token for the organization only.
async function issueForUser(ctx: KoaContextWithOIDC, organizationId: string, context: OrganizationTokenContext): Promise<void> {
  const { provider } = ctx.oidc;
  const client = ctx.oidc.client!;
  if (ctx.oidc.params?.resource) {
    throw new errors.InvalidTarget('organization-level API resources are not supported with organization_id yet');
  }
  const value = ctx.oidc.params?.refresh_token;
  if (typeof value !== 'string' || !value) throw new errors.InvalidRequest("missing required parameter 'refresh_token'");

  let refreshToken = await provider.RefreshToken.find(value, { ignoreExpiration: true });
  if (!refreshToken) throw new errors.InvalidGrant('refresh token not found');
  if (refreshToken.clientId !== client.clientId) throw new errors.InvalidGrant('client mismatch');
  if (refreshToken.isExpired) throw new errors.InvalidGrant('refresh token is expired');
  // Sender-constrained tokens are not issued here (neither DPoP nor mTLS is enabled); one that is
  // bound could not be checked, so it is refused rather than honoured unbound.
  if (refreshToken.isSenderConstrained()) throw new errors.InvalidGrant('sender-constrained refresh tokens cannot be used here');
  const { grantId, accountId } = refreshToken;
  const grant = grantId ? await provider.Grant.find(grantId) : undefined;
  if (!grantId || !grant || grant.clientId !== client.clientId || grant.accountId !== accountId) {
    throw new errors.InvalidGrant('grant not found');
  }
  ctx.oidc.entity('RefreshToken', refreshToken);
  ctx.oidc.entity('Grant', grant);
  const account = await context.findAccount(ctx, accountId, refreshToken);
  if (!account || account.accountId !== accountId) {
    throw new errors.InvalidGrant('refresh token invalid (referenced account not found)');
  }
  ctx.oidc.entity('Account', account);
  if (refreshToken.consumed) {
    // A rotated-out token used again: someone else may hold it, so the whole grant goes.
    await Promise.all([
      refreshToken.destroy(),
      provider.AccessToken.revokeByGrantId(grantId),
      provider.RefreshToken.revokeByGrantId(grantId),
      provider.AuthorizationCode.revokeByGrantId(grantId),
      grant.destroy(),
    ]);
    provider.emit('grant.revoked', ctx, grantId);
    throw new errors.InvalidGrant('refresh token already used');
  }

  const heldScopes = await findOrganizationScopesOfUser(context.db, context.tenantId, organizationId, accountId);
  if (!heldScopes) throw accessDenied('user is not a member of the organization');
  if (!refreshToken.scopes.has(organizationsScope)) {
    throw new errors.InsufficientScope('refresh token missing required scope', organizationsScope);
  }

  let refreshTokenValue = value;
  if (rotateRefreshToken(ctx)) {
    await refreshToken.consume();
    ctx.oidc.entity('RotatedRefreshToken', refreshToken);
    const previous = refreshToken;
    refreshToken = new provider.RefreshToken({
      accountId,
      acr: previous.acr,
      amr: previous.amr,
      authTime: previous.authTime,
      claims: previous.claims,
      client,
      expiresWithSession: previous.expiresWithSession,
      iiat: previous.iiat,
      grantId,
      gty: withRefreshGty(previous.gty),
      nonce: previous.nonce,
      resource: previous.resource,
      rotations: (previous.rotations ?? 0) + 1,
      scope: previous.scope ?? '',
      sessionUid: previous.sessionUid,
      sid: previous.sid,
    });
    ctx.oidc.entity('RefreshToken', refreshToken);
    refreshTokenValue = await refreshToken.save();
  }

  const requested = requestedScopes(ctx);
  const token = new provider.AccessToken({
    accountId,
    client,
    grantId,
    gty: withRefreshGty(refreshToken.gty),
    expiresWithSession: refreshToken.expiresWithSession,
    sessionUid: refreshToken.sessionUid,
    sid: refreshToken.sid,
  });
  token.resourceServer = new provider.ResourceServer(
    organizationUrn(organizationId),
    organizationResourceServer(organizationId, heldScopes, context.signingAlg),
  );
  token.scope = heldScopes.filter((scope) => !requested || requested.has(scope)).join(' ');
  ctx.oidc.entity('AccessToken', token);
  const accessToken = await token.save();
  ctx.body = {
    access_token: accessToken,
    expires_in: token.expiration,
    token_type: 'Bearer',
    scope: token.scope,
    refresh_token: refreshTokenValue,
  };
}

// An app that is a member of the organization gets the organization scopes its organization roles
// grant, of those it asks for (none when it asks for none, as in Logto).
async function issueForApplication(ctx: KoaContextWithOIDC, organizationId: string, context: OrganizationTokenContext): Promise<void> {
  const { provider } = ctx.oidc;
  const client = ctx.oidc.client!;
  if (ctx.oidc.params?.resource) {
    throw new errors.InvalidTarget('organization-level API resources are not supported with organization_id yet');
  }
  const heldScopes = await findOrganizationScopesOfApplication(context.db, context.tenantId, organizationId, client.clientId);
  if (!heldScopes) throw accessDenied('app has not associated with the organization');
  const requested = requestedScopes(ctx) ?? new Set<string>();
  const token = new provider.ClientCredentials({ client, scope: '' });
  token.resourceServer = new provider.ResourceServer(
    organizationUrn(organizationId),
    organizationResourceServer(organizationId, heldScopes, context.signingAlg),
  );
  token.scope = heldScopes.filter((scope) => requested.has(scope)).join(' ');
  ctx.oidc.entity('ClientCredentials', token);
  const accessToken = await token.save();
  ctx.body = { access_token: accessToken, expires_in: token.expiration, token_type: 'Bearer', scope: token.scope };
}
