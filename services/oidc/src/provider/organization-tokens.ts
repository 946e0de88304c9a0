// Logto's organization tokens: `grant_type=refresh_token` (a user) or `client_credentials` (a
// machine-to-machine app) with `organization_id` gives a JWT for the audience
// `urn:logto:organization:<id>` carrying the organization scopes that the member's organization
// roles grant there (for a user, of those consented to for `urn:logto:resource:organizations`). Membership and roles are read on every request, never cached: a change shows
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
import { findMemberScopes } from '../queries/organizations.ts';
import { findConsentedOrganizationIds, findConsentOrganizationResourceScopeNames } from '../queries/third-party-organizations.ts';
import type { TenantAuthorization } from './authorization.ts';
import { rotateRefreshToken } from './client-settings.ts';
import { isFirstPartyClient } from './clients.ts';
import type { createGetResourceServerInfo } from './resource-servers.ts';

export const organizationsScope = 'urn:logto:scope:organizations';
export const organizationUrn = (organizationId: string) => `urn:logto:organization:${organizationId}`;
/**
 * Logto's reserved resource whose scopes are the tenant's organization scopes: an SDK configured
 * with the organizations scope names it at sign-in, and what the consent grants for it bounds every
 * organization token of that grant.
 */
export const organizationsResource = 'urn:logto:resource:organizations';
/** Logto's lifetime of an organization token (its reserved resource has no setting of its own). */
export const organizationTokenTtl = 3600;

export type OrganizationTokenContext = {
  db: Db;
  tenantId: string;
  signingAlg: AsymmetricSigningAlgorithm;
  findAccount: FindAccount;
  authorization: TenantAuthorization;
  getResourceServerInfo: ReturnType<typeof createGetResourceServerInfo>;
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

/** Access tokens for an API resource issued for an organization, with that organization's id. */
const organizationOfToken = new WeakMap<object, string>();

/** `extraTokenClaims`: Logto's `organization_id` claim in organization-level API resource tokens. */
export async function organizationTokenClaims(_ctx: unknown, token: object): Promise<{ organization_id: string } | undefined> {
  const organizationId = organizationOfToken.get(token);
  return organizationId ? { organization_id: organizationId } : undefined;
}

const singleResource = (ctx: KoaContextWithOIDC): string | undefined => {
  const resource = ctx.oidc.params?.resource;
  if (resource === undefined || resource === '') return undefined;
  if (Array.isArray(resource)) {
    if (resource.length !== 1) throw new errors.InvalidTarget('only a single resource indicator value is supported with organization_id');
    return String(resource[0]);
  }
  return String(resource);
};

/**
 * What the token is for: the organization itself (audience `urn:logto:organization:<id>`, its
 * organization scopes), or, with `resource`, an organization-level API resource (the registered
 * resource's audience and lifetime, the resource scopes the member's organization roles grant there;
 * for a user also those of their own roles, as in Logto). Refuses non-members, and members without
 * MFA of an organization that requires it, with 403.
 */
async function organizationTarget(
  ctx: KoaContextWithOIDC,
  context: OrganizationTokenContext,
  organizationId: string,
  member: { userId: string } | { applicationId: string },
  thirdParty = false,
): Promise<{ audience: string; info: ResourceServer; held: string[] }> {
  const notMember = () =>
    accessDenied('userId' in member ? 'user is not a member of the organization' : 'app has not associated with the organization');
  const mfaRequired = () => accessDenied('organization requires MFA but user has no MFA configured');
  const indicator = singleResource(ctx);
  if (!indicator) {
    const found = await findMemberScopes(context.db, context.tenantId, organizationId, member);
    if (!found) throw notMember();
    if (found.mfaMissing) throw mfaRequired();
    const held = found.scopes;
    return { audience: organizationUrn(organizationId), info: organizationResourceServer(organizationId, held, context.signingAlg), held };
  }
  const info = await context.getResourceServerInfo(ctx, indicator, ctx.oidc.client!);
  const resource = await context.authorization.resource(indicator);
  if (!resource) throw new errors.InvalidTarget('resource indicator is not registered');
  const fromOrganization = await findMemberScopes(context.db, context.tenantId, organizationId, member, resource.id);
  if (!fromOrganization) throw notMember();
  if (fromOrganization.mfaMissing) throw mfaRequired();
  const own = 'userId' in member ? info.scope.split(' ').filter(Boolean) : [];
  let fromRoles = fromOrganization.scopes;
  if (thirdParty) {
    // Of what the organization roles grant, a third-party app gets what its consent settings name.
    const consentable = new Set(
      await findConsentOrganizationResourceScopeNames(context.db, context.tenantId, ctx.oidc.client!.clientId, resource.id),
    );
    fromRoles = fromRoles.filter((scope) => consentable.has(scope));
  }
  const held = [...new Set([...own, ...fromRoles])];
  return { audience: indicator, info: { ...info, scope: held.join(' ') }, held };
}

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

  // A third-party app acts only for the organizations the user picked for it on the consent page.
  const thirdParty = !isFirstPartyClient(client);
  if (thirdParty && !(await findConsentedOrganizationIds(context.db, context.tenantId, client.clientId, accountId)).has(organizationId)) {
    throw accessDenied('organization access is not granted to the application');
  }
  const target = await organizationTarget(ctx, context, organizationId, { userId: accountId }, thirdParty);
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
  // As in Logto, an organization token carries only organization scopes the user consented to at
  // sign-in (granted for the reserved organizations resource), whatever their roles hold.
  const isOrganizationToken = target.audience === organizationUrn(organizationId);
  const consented = new Set((grant.getResourceScope(organizationsResource) ?? '').split(' '));
  const token = new provider.AccessToken({
    accountId,
    client,
    grantId,
    gty: withRefreshGty(refreshToken.gty),
    expiresWithSession: refreshToken.expiresWithSession,
    sessionUid: refreshToken.sessionUid,
    sid: refreshToken.sid,
  });
  token.resourceServer = new provider.ResourceServer(target.audience, target.info);
  token.scope = target.held
    .filter((scope) => (!requested || requested.has(scope)) && (!isOrganizationToken || consented.has(scope)))
    .join(' ');
  if (!isOrganizationToken) organizationOfToken.set(token, organizationId);
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
  const target = await organizationTarget(ctx, context, organizationId, { applicationId: client.clientId });
  const requested = requestedScopes(ctx) ?? new Set<string>();
  const token = new provider.ClientCredentials({ client, scope: '' });
  token.resourceServer = new provider.ResourceServer(target.audience, target.info);
  token.scope = target.held.filter((scope) => requested.has(scope)).join(' ');
  if (target.audience !== organizationUrn(organizationId)) organizationOfToken.set(token, organizationId);
  ctx.oidc.entity('ClientCredentials', token);
  const accessToken = await token.save();
  ctx.body = { access_token: accessToken, expires_in: token.expiration, token_type: 'Bearer', scope: token.scope };
}
