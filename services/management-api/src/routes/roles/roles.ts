// /api/roles and /api/roles/:id.
import type { Db } from '@idp/db';
import {
  CreateRoleBodySchema,
  IdParamsSchema,
  PathIdSchema,
  RoleResponseSchema,
  RoleTypeSchema,
  RoleWithHoldersResponseSchema,
  UpdateRoleBodySchema,
} from '@idp/schemas';
import type { App } from '@idp/server-kit';
import { Type } from 'typebox';
import { createRole, toRoleResponse, updateRole, withHolders } from '../../libraries/roles.ts';
import { withHookEvent } from '../../libraries/hook-events.ts';
import { deleteRole, findRole, listRoles } from '../../queries/roles.ts';
import { PaginationQuery, SearchParam, parsePage, setPageHeaders } from '../pagination.ts';
import { buildSearch, roleSearchFields, searchParamsOf, withSearchPatterns } from '../../libraries/list-search.ts';
import { keepingAnAdministrator } from '../../libraries/administrators.ts';

export function registerRoleCoreRoutes(app: App, { db }: { db: Db }): void {
  app.get(
    '/api/roles',
    {
      schema: {
        querystring: Type.Object({
          ...PaginationQuery,
          type: Type.Optional(RoleTypeSchema),
          search: SearchParam,
          excludeUserId: Type.Optional(PathIdSchema),
          excludeApplicationId: Type.Optional(PathIdSchema),
        }),
        response: { 200: Type.Array(RoleWithHoldersResponseSchema) },
      },
    },
    async (request, reply) => {
      const { tenantId } = request;
      const { type, excludeUserId, excludeApplicationId } = request.query;
      const search = buildSearch(searchParamsOf(request.url), roleSearchFields);
      const filter = { type, search, excludeUserId, excludeApplicationId };
      const { rows, total } = await withSearchPatterns(() => listRoles(db, tenantId, filter, parsePage(request.query)));
      setPageHeaders(reply, total);
      return withHolders(db, tenantId, rows);
    },
  );

  app.post('/api/roles', { schema: { body: CreateRoleBodySchema, response: { 200: RoleResponseSchema } } }, async (request) =>
    toRoleResponse(
      await withHookEvent(db, request, 'Role.Created', (tx) => createRole(tx, request.tenantId, request.body), toRoleResponse),
    ),
  );

  app.get('/api/roles/:id', { schema: { params: IdParamsSchema, response: { 200: RoleResponseSchema } } }, async (request) =>
    toRoleResponse(await findRole(db, request.tenantId, request.params.id)),
  );

  app.patch(
    '/api/roles/:id',
    { schema: { params: IdParamsSchema, body: UpdateRoleBodySchema, response: { 200: RoleResponseSchema } } },
    async (request) =>
      toRoleResponse(
        await withHookEvent(
          db,
          request,
          'Role.Data.Updated',
          (tx) => updateRole(tx, request.tenantId, request.params.id, request.body),
          toRoleResponse,
        ),
      ),
  );

  app.delete('/api/roles/:id', { schema: { params: IdParamsSchema } }, async (request, reply) => {
    const { tenantId } = request;
    const remove = async (tx: Db) => {
      const role = await findRole(tx, tenantId, request.params.id);
      await deleteRole(tx, tenantId, role.id);
      return role;
    };
    await withHookEvent(db, request, 'Role.Deleted', (tx) => keepingAnAdministrator(tx, tenantId, remove), toRoleResponse);
    return reply.status(204).send();
  });
}
