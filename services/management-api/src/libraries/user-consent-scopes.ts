// The scopes a third-party application asks its users to consent to (Logto's user consent scopes):
// organization scopes, API resource scopes for the user, API resource scopes in an organization's
// context, and user (profile) scopes.
import { managementApiIndicatorOf, type Db } from '@idp/db';
import { notFound, RequestError } from '@idp/errors';
import { userConsentUserScopes, type ApplicationUserConsentScopesResponse, type UserConsentUserScope } from '@idp/schemas';
import { findApplication } from '../queries/applications.ts';
import { findScopesWithIndicator } from '../queries/scopes.ts';
import * as consentQueries from '../queries/user-consent-scopes.ts';

/** The application, which must be a third-party one (first-party apps are consented automatically). */
export async function assertThirdPartyApplication(db: Db, tenantId: string, applicationId: string): Promise<void> {
  const application = await findApplication(db, tenantId, applicationId);
  if (!application.isThirdParty) throw new RequestError('application.third_party_application_only', { data: { applicationId } });
}

type ResourceScopes = ApplicationUserConsentScopesResponse['resourceScopes'];
type ResourceScopeRow = { resource: ResourceScopes[number]['resource']; scope: ResourceScopes[number]['scopes'][number] };

/** Rows sorted by resource, as the queries answer them, grouped into one entry per resource. */
function groupByResource(rows: ResourceScopeRow[]): ResourceScopes {
  const grouped = new Map<string, ResourceScopes[number]>();
  for (const { resource, scope } of rows) {
    const group = grouped.get(resource.id) ?? { resource, scopes: [] };
    group.scopes.push(scope);
    grouped.set(resource.id, group);
  }
  return [...grouped.values()];
}

export async function listUserConsentScopes(
  db: Db,
  tenantId: string,
  applicationId: string,
): Promise<ApplicationUserConsentScopesResponse> {
  await assertThirdPartyApplication(db, tenantId, applicationId);
  const found = await consentQueries.findUserConsentScopes(db, tenantId, applicationId);
  const assigned = new Set(found.userScopes);
  return {
    organizationScopes: found.organizationScopes,
    resourceScopes: groupByResource(found.resourceRows),
    organizationResourceScopes: groupByResource(found.organizationResourceRows),
    // In the order Logto lists user scopes, not the order they were added.
    userScopes: userConsentUserScopes.filter((scope) => assigned.has(scope)),
  };
}

/**
 * Adds the scopes (ones already assigned are kept). Every id must name a scope of the tenant, else
 * nothing is stored and Logto's 422 lists the unknown ids of each kind; API resource scopes of the
 * Management API are never offered to a third party.
 */
export async function assignUserConsentScopes(
  db: Db,
  tenantId: string,
  applicationId: string,
  body: {
    organizationScopes?: string[];
    organizationResourceScopes?: string[];
    resourceScopes?: string[];
    userScopes?: UserConsentUserScope[];
  },
): Promise<void> {
  const unique = <T>(values: T[] = []) => [...new Set(values)];
  const wanted: consentQueries.UserConsentScopeIds = {
    organizationScopes: unique(body.organizationScopes),
    resourceScopes: unique(body.resourceScopes),
    organizationResourceScopes: unique(body.organizationResourceScopes),
    userScopes: unique(body.userScopes),
  };
  await assertThirdPartyApplication(db, tenantId, applicationId);
  const [organizationScopeIds, resourceScopes, organizationResourceScopes] = await Promise.all([
    consentQueries.findOrganizationScopeIds(db, tenantId, wanted.organizationScopes),
    findScopesWithIndicator(db, tenantId, wanted.resourceScopes),
    findScopesWithIndicator(db, tenantId, wanted.organizationResourceScopes),
  ]);
  const missing = (ids: string[], found: string[]) => ids.filter((id) => !found.includes(id));
  const invalid = {
    invalidOrganizationScopes: missing(wanted.organizationScopes, organizationScopeIds),
    invalidResourceScopes: missing(
      wanted.resourceScopes,
      resourceScopes.map(({ id }) => id),
    ),
    invalidOrganizationResourceScopes: missing(
      wanted.organizationResourceScopes,
      organizationResourceScopes.map(({ id }) => id),
    ),
  };
  if (Object.values(invalid).some((ids) => ids.length > 0)) {
    throw new RequestError('application.user_consent_scopes_not_found', { data: invalid });
  }
  const managementApi = managementApiIndicatorOf(tenantId);
  if ([...resourceScopes, ...organizationResourceScopes].some(({ indicator }) => indicator === managementApi)) {
    throw new RequestError('application.consent_management_api_scopes_not_allowed');
  }
  await consentQueries.insertUserConsentScopes(db, tenantId, applicationId, wanted);
}

export type UserConsentScopeType = 'organization-scopes' | 'resource-scopes' | 'organization-resource-scopes' | 'user-scopes';

const removers: Record<UserConsentScopeType, (db: Db, tenantId: string, applicationId: string, scopeId: string) => Promise<boolean>> = {
  'organization-scopes': consentQueries.deleteUserConsentOrganizationScope,
  'resource-scopes': (db, tenantId, applicationId, scopeId) =>
    consentQueries.deleteUserConsentResourceScope(db, tenantId, applicationId, scopeId),
  'organization-resource-scopes': (db, tenantId, applicationId, scopeId) =>
    consentQueries.deleteUserConsentResourceScope(db, tenantId, applicationId, scopeId, true),
  'user-scopes': (db, tenantId, applicationId, scopeId) =>
    // A name that is no user scope cannot have been assigned.
    (userConsentUserScopes as readonly string[]).includes(scopeId)
      ? consentQueries.deleteUserConsentUserScope(db, tenantId, applicationId, scopeId as UserConsentUserScope)
      : Promise.resolve(false),
};

export async function removeUserConsentScope(
  db: Db,
  tenantId: string,
  applicationId: string,
  scopeType: UserConsentScopeType,
  scopeId: string,
): Promise<void> {
  await assertThirdPartyApplication(db, tenantId, applicationId);
  if (!(await removers[scopeType](db, tenantId, applicationId, scopeId))) {
    throw notFound(`The application has no ${scopeType} \`${scopeId}\` to consent to.`, { scopeType, scopeId });
  }
}
