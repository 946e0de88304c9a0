// /api/applications/:applicationId/user-consent-scopes: the scopes a third-party application asks
// its users to consent to (Logto's user consent scopes).
import type { Db } from '@idp/db';
import {
  ApplicationIdParamsSchema,
  ApplicationUserConsentScopesResponseSchema,
  AssignUserConsentScopesBodySchema,
  UserConsentScopeParamsSchema,
} from '@idp/schemas';
import type { App } from '@idp/server-kit';
import { assignUserConsentScopes, listUserConsentScopes, removeUserConsentScope } from '../../libraries/user-consent-scopes.ts';

export function registerUserConsentScopeRoutes(app: App, { db }: { db: Db }): void {
  app.get(
    '/api/applications/:applicationId/user-consent-scopes',
    { schema: { params: ApplicationIdParamsSchema, response: { 200: ApplicationUserConsentScopesResponseSchema } } },
    async (request) => listUserConsentScopes(db, request.tenantId, request.params.applicationId),
  );

  app.post(
    '/api/applications/:applicationId/user-consent-scopes',
    { schema: { params: ApplicationIdParamsSchema, body: AssignUserConsentScopesBodySchema } },
    async (request, reply) => {
      await assignUserConsentScopes(db, request.tenantId, request.params.applicationId, request.body);
      return reply.status(201).send();
    },
  );

  app.delete(
    '/api/applications/:applicationId/user-consent-scopes/:scopeType/:scopeId',
    { schema: { params: UserConsentScopeParamsSchema } },
    async (request, reply) => {
      const { applicationId, scopeType, scopeId } = request.params;
      await removeUserConsentScope(db, request.tenantId, applicationId, scopeType, scopeId);
      return reply.status(204).send();
    },
  );
}
