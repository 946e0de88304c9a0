// /api/applications/:applicationId/roles: the roles a machine-to-machine application holds; they
// decide the scopes of its client-credentials tokens.
import type { Db } from '@idp/db';
import {
  ApplicationIdParamsSchema,
  ApplicationRoleIdsBodySchema,
  ApplicationRoleParamsSchema,
  AssignApplicationRolesResponseSchema,
  RoleResponseSchema,
} from '@idp/schemas';
import type { App } from '@idp/server-kit';
import { Type } from 'typebox';
import {
  addApplicationRoles,
  listRolesOfApplication,
  removeRoleFromApplication,
  replaceApplicationRoles,
} from '../../libraries/application-roles.ts';
import { toRoleResponse } from '../../libraries/roles.ts';
import { answerPage, parsePage, SearchListQuery } from '../pagination.ts';
import { buildSearch, roleSearchFields, searchParamsOf, withSearchPatterns } from '../../libraries/list-search.ts';

export function registerApplicationRoleRoutes(app: App, { db }: { db: Db }): void {
  app.get(
    '/api/applications/:applicationId/roles',
    { schema: { params: ApplicationIdParamsSchema, querystring: SearchListQuery, response: { 200: Type.Array(RoleResponseSchema) } } },
    async (request, reply) => {
      const page = parsePage(request.query);
      const search = buildSearch(searchParamsOf(request.url), roleSearchFields);
      const roles = await withSearchPatterns(() =>
        listRolesOfApplication(db, request.tenantId, request.params.applicationId, search, page),
      );
      return answerPage(reply, roles, toRoleResponse);
    },
  );

  app.post(
    '/api/applications/:applicationId/roles',
    {
      schema: {
        params: ApplicationIdParamsSchema,
        body: ApplicationRoleIdsBodySchema,
        response: { 201: AssignApplicationRolesResponseSchema },
      },
    },
    async (request, reply) => {
      const { roleIds } = request.body;
      const addedRoleIds = await addApplicationRoles(db, request.tenantId, request.params.applicationId, roleIds);
      return reply.status(201).send({ roleIds, addedRoleIds });
    },
  );

  app.put(
    '/api/applications/:applicationId/roles',
    { schema: { params: ApplicationIdParamsSchema, body: ApplicationRoleIdsBodySchema } },
    async (request, reply) => {
      await replaceApplicationRoles(db, request.tenantId, request.params.applicationId, request.body.roleIds);
      return reply.status(200).send();
    },
  );

  app.delete(
    '/api/applications/:applicationId/roles/:roleId',
    { schema: { params: ApplicationRoleParamsSchema } },
    async (request, reply) => {
      await removeRoleFromApplication(db, request.tenantId, request.params.applicationId, request.params.roleId);
      return reply.status(204).send();
    },
  );
}
