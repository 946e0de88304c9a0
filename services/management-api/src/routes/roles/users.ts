// /api/roles/:id/users: the users holding a role (the same links as /api/users/:userId/roles).
import type { Db } from '@idp/db';
import { IdParamsSchema, RoleUserIdsBodySchema, RoleUserParamsSchema, RoleUserResponseSchema } from '@idp/schemas';
import type { App } from '@idp/server-kit';
import { Type } from 'typebox';
import { assignRoleUsers, listUsersOfRole, removeRoleUser } from '../../libraries/user-roles.ts';
import { answerPage, parsePage, SearchListQuery } from '../pagination.ts';
import { keepingAnAdministrator } from '../../libraries/administrators.ts';
import { buildUserSearch, searchParamsOf, withSearchPatterns } from '../../libraries/list-search.ts';

export function registerRoleUserRoutes(app: App, { db }: { db: Db }): void {
  app.get(
    '/api/roles/:id/users',
    { schema: { params: IdParamsSchema, querystring: SearchListQuery, response: { 200: Type.Array(RoleUserResponseSchema) } } },
    async (request, reply) => {
      const page = parsePage(request.query);
      const search = buildUserSearch(searchParamsOf(request.url));
      const users = await withSearchPatterns(() => listUsersOfRole(db, request.tenantId, request.params.id, search, page));
      return answerPage(reply, users, (user) => user);
    },
  );

  app.post('/api/roles/:id/users', { schema: { params: IdParamsSchema, body: RoleUserIdsBodySchema } }, async (request, reply) => {
    await assignRoleUsers(db, request.tenantId, request.params.id, request.body.userIds);
    return reply.status(201).send();
  });

  app.delete('/api/roles/:id/users/:userId', { schema: { params: RoleUserParamsSchema } }, async (request, reply) => {
    const { tenantId, params } = request;
    await keepingAnAdministrator(db, tenantId, (tx) => removeRoleUser(tx, tenantId, params.id, params.userId));
    return reply.status(204).send();
  });
}
