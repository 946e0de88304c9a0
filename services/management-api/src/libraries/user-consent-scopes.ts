// The scopes a third-party application asks its users to consent to (Logto's user consent scopes).
// Organizations do not exist here yet: no organization scope can be found, and organization
// resource scopes cannot be stored.
import { managementApiIndicatorOf, type Db } from '@idp/db';
import { notFound, RequestError } from '@idp/errors';
import { userConsentUserScopes, type ApplicationUserConsentScopesResponse, type UserConsentUserScope } from '@idp/schemas';
import { findApplication } from '../queries/applications.ts';
import { findScopesWithIndicator } from '../queries/scopes.ts';
import * as consentQueries from '../queries/user-consent-scopes.ts';

/** The application, which must be a third-party one (first-party apps are consented automatically). */
async function assertThirdPartyApplication(db: Db, tenantId: string, applicationId: string): Promise<void> {
  const application = await findApplication(db, tenantId, applicationId);
  if (!application.isThirdParty) throw new RequestError('application.third_party_application_only', { data: { applicationId } });
}

export async function listUserConsentScopes(
  db: Db,
  tenantId: string,
  applicationId: string,
): Promise<ApplicationUserConsentScopesResponse> {
  await assertThirdPartyApplication(db, tenantId, applicationId);
  const { resourceRows, userScopes } = await consentQueries.findUserConsentScopes(db, tenantId, applicationId);
  const grouped = new Map<string, ApplicationUserConsentScopesResponse['resourceScopes'][number]>();
  for (const { resource, scope } of resourceRows) {
    const group = grouped.get(resource.id) ?? { resource, scopes: [] };
    group.scopes.push(scope);
    grouped.set(resource.id, group);
  }
  const assigned = new Set(userScopes);
  return {
    organizationScopes: [],
    resourceScopes: [...grouped.values()],
    organizationResourceScopes: [],
    // In the order Logto lists user scopes, not the order they were added.
    userScopes: userConsentUserScopes.filter((scope) => assigned.has(scope)),
  };
}

/** Adds the scopes (ones already assigned are kept); every resource scope must exist in the tenant. */
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
  const { organizationScopes = [], organizationResourceScopes = [], resourceScopes = [], userScopes = [] } = body;
  await assertThirdPartyApplication(db, tenantId, applicationId);
  if (organizationScopes.length > 0) {
    throw new RequestError('application.user_consent_scopes_not_found', {
      data: { invalidOrganizationScopes: organizationScopes, invalidResourceScopes: [] },
    });
  }
  if (organizationResourceScopes.length > 0) {
    throw new RequestError('guard.invalid_input', { message: 'Organization resource scopes are not supported yet.' });
  }
  const wanted = [...new Set(resourceScopes)];
  const found = await findScopesWithIndicator(db, tenantId, wanted);
  const invalidResourceScopes = wanted.filter((id) => !found.some((scope) => scope.id === id));
  if (invalidResourceScopes.length > 0) {
    throw new RequestError('application.user_consent_scopes_not_found', { data: { invalidOrganizationScopes: [], invalidResourceScopes } });
  }
  if (found.some(({ indicator }) => indicator === managementApiIndicatorOf(tenantId))) {
    throw new RequestError('application.consent_management_api_scopes_not_allowed');
  }
  await consentQueries.insertUserConsentScopes(db, tenantId, applicationId, wanted, [...new Set(userScopes)]);
}

export async function removeUserConsentScope(
  db: Db,
  tenantId: string,
  applicationId: string,
  scopeType: 'organization-scopes' | 'resource-scopes' | 'organization-resource-scopes' | 'user-scopes',
  scopeId: string,
): Promise<void> {
  await assertThirdPartyApplication(db, tenantId, applicationId);
  const removed =
    scopeType === 'resource-scopes'
      ? await consentQueries.deleteUserConsentResourceScope(db, tenantId, applicationId, scopeId)
      : scopeType === 'user-scopes' &&
        (await consentQueries.deleteUserConsentUserScope(db, tenantId, applicationId, scopeId as UserConsentUserScope));
  if (!removed) throw notFound(`The application has no ${scopeType} \`${scopeId}\` to consent to.`, { scopeType, scopeId });
}
