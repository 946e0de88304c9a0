// /api/roles/:id/applications: the machine-to-machine apps holding a role (the same links as
// /api/applications/:applicationId/roles).
import type { Db } from '@idp/db';
import { ApplicationResponseSchema, IdParamsSchema, RoleApplicationIdsBodySchema, RoleApplicationParamsSchema } from '@idp/schemas';
import type { App } from '@idp/server-kit';
import { Type } from 'typebox';
import { assignRoleApplications, listApplicationsOfRole, removeRoleApplication } from '../../libraries/application-roles.ts';
import { toApplicationResponse } from '../../libraries/applications.ts';
import { answerPage, parsePage, SearchListQuery } from '../pagination.ts';
import { applicationSearchFields, buildSearch, searchParamsOf, withSearchPatterns } from '../../libraries/list-search.ts';

export function registerRoleApplicationRoutes(app: App, { db }: { db: Db }): void {
  app.get(
    '/api/roles/:id/applications',
    { schema: { params: IdParamsSchema, querystring: SearchListQuery, response: { 200: Type.Array(ApplicationResponseSchema) } } },
    async (request, reply) => {
      const page = parsePage(request.query);
      const search = buildSearch(searchParamsOf(request.url), applicationSearchFields);
      const applications = await withSearchPatterns(() => listApplicationsOfRole(db, request.tenantId, request.params.id, search, page));
      return answerPage(reply, applications, toApplicationResponse);
    },
  );

  app.post(
    '/api/roles/:id/applications',
    { schema: { params: IdParamsSchema, body: RoleApplicationIdsBodySchema } },
    async (request, reply) => {
      await assignRoleApplications(db, request.tenantId, request.params.id, request.body.applicationIds);
      return reply.status(201).send();
    },
  );

  app.delete('/api/roles/:id/applications/:applicationId', { schema: { params: RoleApplicationParamsSchema } }, async (request, reply) => {
    await removeRoleApplication(db, request.tenantId, request.params.id, request.params.applicationId);
    return reply.status(204).send();
  });
}
