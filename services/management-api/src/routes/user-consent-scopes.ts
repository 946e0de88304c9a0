// The scopes a third-party application asks its users to consent to (Logto's user consent scopes).
import type { Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import {
  ApplicationIdParamsSchema,
  ApplicationUserConsentScopesResponseSchema,
  AssignUserConsentScopesBodySchema,
  UserConsentScopeParamsSchema,
} from '@idp/schemas';
import type { App } from '@idp/server-kit';
import {
  assertThirdPartyApplication,
  assignUserConsentScopes,
  listUserConsentScopes,
  removeUserConsentScope,
} from '../queries/user-consent-scopes.ts';

export function registerUserConsentScopeRoutes(app: App, db: Db): void {
  app.get(
    '/api/applications/:applicationId/user-consent-scopes',
    { schema: { params: ApplicationIdParamsSchema, response: { 200: ApplicationUserConsentScopesResponseSchema } } },
    async (request) => {
      const { tenantId } = request;
      await assertThirdPartyApplication(db, tenantId, request.params.applicationId);
      return listUserConsentScopes(db, tenantId, request.params.applicationId);
    },
  );

  // Organizations do not exist here yet: no organization scope can be found, and organization
  // resource scopes cannot be stored.
  app.post(
    '/api/applications/:applicationId/user-consent-scopes',
    { schema: { params: ApplicationIdParamsSchema, body: AssignUserConsentScopesBodySchema } },
    async (request, reply) => {
      const { tenantId } = request;
      const { applicationId } = request.params;
      const { organizationScopes = [], organizationResourceScopes = [], resourceScopes, userScopes } = request.body;
      await assertThirdPartyApplication(db, tenantId, applicationId);
      if (organizationScopes.length > 0) {
        throw new RequestError('application.user_consent_scopes_not_found', {
          data: { invalidOrganizationScopes: organizationScopes, invalidResourceScopes: [] },
        });
      }
      if (organizationResourceScopes.length > 0) {
        throw new RequestError('guard.invalid_input', { message: 'Organization resource scopes are not supported yet.' });
      }
      await assignUserConsentScopes(db, tenantId, applicationId, { resourceScopes, userScopes });
      return reply.status(201).send();
    },
  );

  app.delete(
    '/api/applications/:applicationId/user-consent-scopes/:scopeType/:scopeId',
    { schema: { params: UserConsentScopeParamsSchema } },
    async (request, reply) => {
      const { tenantId } = request;
      const { applicationId, scopeType, scopeId } = request.params;
      await assertThirdPartyApplication(db, tenantId, applicationId);
      await removeUserConsentScope(db, tenantId, applicationId, scopeType, scopeId);
      return reply.status(204).send();
    },
  );
}
