// /api/users/:userId/roles: the roles a user holds; they decide the scopes of the user's access
// tokens for API resources.
import type { Db } from '@idp/db';
import {
  AssignUserRolesResponseSchema,
  RoleResponseSchema,
  UserIdParamsSchema,
  UserRoleIdsBodySchema,
  UserRoleParamsSchema,
} from '@idp/schemas';
import type { App } from '@idp/server-kit';
import { Type } from 'typebox';
import { toRoleResponse } from '../../libraries/roles.ts';
import { addUserRoles, listRolesOfUser, removeUserRole, replaceUserRoles } from '../../libraries/user-roles.ts';
import { answerPage, parsePage, SearchListQuery } from '../pagination.ts';
import { keepingAnAdministrator } from '../../libraries/administrators.ts';
import { buildSearch, roleSearchFields, searchParamsOf, withSearchPatterns } from '../../libraries/list-search.ts';

export function registerUserRoleRoutes(app: App, { db }: { db: Db }): void {
  app.get(
    '/api/users/:userId/roles',
    { schema: { params: UserIdParamsSchema, querystring: SearchListQuery, response: { 200: Type.Array(RoleResponseSchema) } } },
    async (request, reply) => {
      const page = parsePage(request.query);
      return answerPage(
        reply,
        await withSearchPatterns(() =>
          listRolesOfUser(db, request.tenantId, request.params.userId, buildSearch(searchParamsOf(request.url), roleSearchFields), page),
        ),
        toRoleResponse,
      );
    },
  );

  app.post(
    '/api/users/:userId/roles',
    { schema: { params: UserIdParamsSchema, body: UserRoleIdsBodySchema, response: { 201: AssignUserRolesResponseSchema } } },
    async (request, reply) => {
      const { roleIds } = request.body;
      const addedRoleIds = await addUserRoles(db, request.tenantId, request.params.userId, roleIds);
      return reply.status(201).send({ roleIds, addedRoleIds });
    },
  );

  app.put(
    '/api/users/:userId/roles',
    {
      schema: {
        params: UserIdParamsSchema,
        body: UserRoleIdsBodySchema,
        response: { 200: Type.Object({ roleIds: Type.Array(Type.String()) }) },
      },
    },
    async (request) => {
      const { roleIds } = request.body;
      await keepingAnAdministrator(db, request.tenantId, (tx) => replaceUserRoles(tx, request.tenantId, request.params.userId, roleIds));
      return { roleIds };
    },
  );

  app.delete('/api/users/:userId/roles/:roleId', { schema: { params: UserRoleParamsSchema } }, async (request, reply) => {
    const { tenantId, params } = request;
    await keepingAnAdministrator(db, tenantId, (tx) => removeUserRole(tx, tenantId, params.userId, params.roleId));
    return reply.status(204).send();
  });
}
