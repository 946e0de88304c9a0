// What a role links to: its scopes, the users and the (machine-to-machine) apps holding it.
import type { Db } from '@idp/db';
import {
  ApplicationResponseSchema,
  IdParamsSchema,
  RoleApplicationIdsBodySchema,
  RoleApplicationParamsSchema,
  RoleScopeIdsBodySchema,
  RoleScopeParamsSchema,
  RoleScopeResponseSchema,
  RoleUserIdsBodySchema,
  RoleUserParamsSchema,
  RoleUserResponseSchema,
  ScopeResponseSchema,
} from '@idp/schemas';
import type { App } from '@idp/server-kit';
import { Type } from 'typebox';
import { toApplicationResponse } from '../queries/applications.ts';
import {
  assignRoleApplications,
  assignRoleScopes,
  assignRoleUsers,
  findRole,
  listRoleApplications,
  listRoleScopes,
  listRoleUsers,
  removeApplicationRole,
  removeRoleScope,
  removeRoleUser,
} from '../queries/roles.ts';
import { PaginationQuery, parsePage, setTotal } from './pagination.ts';

const ListQuery = Type.Object({ ...PaginationQuery, search: Type.Optional(Type.String({ maxLength: 256 })) });

export function registerRoleRelationRoutes(app: App, db: Db): void {
  app.get(
    '/api/roles/:id/scopes',
    { schema: { params: IdParamsSchema, querystring: ListQuery, response: { 200: Type.Array(RoleScopeResponseSchema) } } },
    async (request, reply) => {
      const { tenantId } = request;
      const page = parsePage(request.query);
      await findRole(db, tenantId, request.params.id);
      const { rows, total } = await listRoleScopes(db, tenantId, request.params.id, request.query.search, page);
      setTotal(reply, total);
      return rows;
    },
  );

  app.post(
    '/api/roles/:id/scopes',
    { schema: { params: IdParamsSchema, body: RoleScopeIdsBodySchema, response: { 201: Type.Array(ScopeResponseSchema) } } },
    async (request, reply) => reply.status(201).send(await assignRoleScopes(db, request.tenantId, request.params.id, request.body.scopeIds)),
  );

  app.delete('/api/roles/:id/scopes/:scopeId', { schema: { params: RoleScopeParamsSchema } }, async (request, reply) => {
    await removeRoleScope(db, request.tenantId, request.params.id, request.params.scopeId);
    return reply.status(204).send();
  });

  app.get(
    '/api/roles/:id/users',
    { schema: { params: IdParamsSchema, querystring: ListQuery, response: { 200: Type.Array(RoleUserResponseSchema) } } },
    async (request, reply) => {
      const { rows, total } = await listRoleUsers(db, request.tenantId, request.params.id, request.query.search, parsePage(request.query));
      setTotal(reply, total);
      return rows;
    },
  );

  app.post('/api/roles/:id/users', { schema: { params: IdParamsSchema, body: RoleUserIdsBodySchema } }, async (request, reply) => {
    await assignRoleUsers(db, request.tenantId, request.params.id, request.body.userIds);
    return reply.status(201).send();
  });

  app.delete('/api/roles/:id/users/:userId', { schema: { params: RoleUserParamsSchema } }, async (request, reply) => {
    await removeRoleUser(db, request.tenantId, request.params.id, request.params.userId);
    return reply.status(204).send();
  });

  app.get(
    '/api/roles/:id/applications',
    { schema: { params: IdParamsSchema, querystring: ListQuery, response: { 200: Type.Array(ApplicationResponseSchema) } } },
    async (request, reply) => {
      const page = parsePage(request.query);
      const { rows, total } = await listRoleApplications(db, request.tenantId, request.params.id, request.query.search, page);
      setTotal(reply, total);
      return rows.map(toApplicationResponse);
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
    await findRole(db, request.tenantId, request.params.id);
    await removeApplicationRole(db, request.tenantId, request.params.applicationId, request.params.id);
    return reply.status(204).send();
  });
}
