import type { Db } from '@idp/db';
import { errors, type AsymmetricSigningAlgorithm, type KoaContextWithOIDC, type ResourceServer } from 'oidc-provider';
import { findOrganizationScopeNames } from '../queries/organizations.ts';
import { findResourceScopesOfApplication, findResourceScopesOfUser } from '../queries/resources.ts';
import type { TenantAuthorization } from './authorization.ts';
import { organizationsResource, organizationTokenTtl } from './organization-tokens.ts';

type ResourceServerContext = { db: Db; tenantId: string };

/** The account a token request or authorization is for, when one is known yet. */
function subjectOf(ctx: KoaContextWithOIDC): string | undefined {
  const { entities, session } = ctx.oidc;
  return (
    entities.AccessToken?.accountId ??
    entities.AuthorizationCode?.accountId ??
    entities.RefreshToken?.accountId ??
    entities.Grant?.accountId ??
    session?.accountId
  );
}

/** The scopes of a resource that the subject's roles grant (for an app: the app's roles). */
export async function grantedResourceScopes(
  { db, tenantId }: ResourceServerContext,
  resourceId: string,
  subject: { accountId: string } | { applicationId: string },
): Promise<string[]> {
  return 'accountId' in subject
    ? findResourceScopesOfUser(db, tenantId, resourceId, subject.accountId)
    : findResourceScopesOfApplication(db, tenantId, resourceId, subject.applicationId);
}

// An API resource registered in the tenant, as oidc-provider's resource server: its access tokens
// are JWTs for that audience, with the resource's own lifetime, carrying only the scopes the
// subject's roles grant (before sign-in, when nobody is known yet, every scope may be asked for;
// the grant made at consent narrows it).
export function createGetResourceServerInfo(context: {
  db: Db;
  tenantId: string;
  authorization: TenantAuthorization;
  signingAlg: AsymmetricSigningAlgorithm;
}) {
  const { authorization } = context;
  return async (
    ctx: KoaContextWithOIDC,
    indicator: string,
    client: { clientId: string; grantTypeAllowed(type: string): boolean },
  ): Promise<ResourceServer> => {
    if (indicator === organizationsResource) return organizationsResourceServer(ctx, context);
    const resource = await authorization.resource(indicator);
    if (!resource) {
      throw new errors.InvalidTarget('resource indicator is not registered');
    }
    const isClientCredentials = ctx.oidc.route === 'token' && ctx.oidc.params?.grant_type === 'client_credentials';
    const accountId = subjectOf(ctx);
    let scopes: string[] | undefined;
    if (isClientCredentials) {
      scopes = await authorization.grantedScopes(resource.id, { applicationId: client.clientId });
    } else if (accountId) {
      scopes = await authorization.grantedScopes(resource.id, { accountId });
    }
    const scope = scopes ?? resource.scopeNames;
    return {
      scope: scope.join(' '),
      audience: indicator,
      accessTokenTTL: resource.accessTokenTtl,
      accessTokenFormat: 'jwt',
      jwt: { sign: { alg: context.signingAlg } },
    };
  };
}

// Logto's reserved organizations resource: every organization scope of the tenant may be asked for
// (not cached: read from the table on each request); the consent grants those the user asked for,
// and organization tokens carry no more than that. An app by client credentials gets none of
// them: its organization scopes come with `organization_id` alone.
async function organizationsResourceServer(
  ctx: KoaContextWithOIDC,
  { db, tenantId, signingAlg }: { db: Db; tenantId: string; signingAlg: AsymmetricSigningAlgorithm },
): Promise<ResourceServer> {
  const isClientCredentials = ctx.oidc.route === 'token' && ctx.oidc.params?.grant_type === 'client_credentials';
  const scopes = isClientCredentials ? [] : await findOrganizationScopeNames(db, tenantId);
  return {
    scope: scopes.join(' '),
    audience: organizationsResource,
    accessTokenTTL: organizationTokenTtl,
    accessTokenFormat: 'jwt',
    jwt: { sign: { alg: signingAlg } },
  };
}
