// The roles a machine-to-machine application holds: they decide the scopes of its client-credentials
// tokens.
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
  assertRoleHolderApplication,
  listRoles,
  removeApplicationRole,
  replaceApplicationRoles,
  toRoleResponse,
} from '../queries/roles.ts';
import { PaginationQuery, parsePage, setTotal } from './pagination.ts';

export function registerApplicationRoleRoutes(app: App, db: Db): void {
  app.get(
    '/api/applications/:applicationId/roles',
    {
      schema: {
        params: ApplicationIdParamsSchema,
        querystring: Type.Object({ ...PaginationQuery, search: Type.Optional(Type.String({ maxLength: 256 })) }),
        response: { 200: Type.Array(RoleResponseSchema) },
      },
    },
    async (request, reply) => {
      const { tenantId } = request;
      const { applicationId } = request.params;
      const page = parsePage(request.query);
      await assertRoleHolderApplication(db, tenantId, applicationId);
      const { rows, total } = await listRoles(db, tenantId, { applicationId, type: 'MachineToMachine', search: request.query.search }, page);
      setTotal(reply, total);
      return rows.map(toRoleResponse);
    },
  );

  app.post(
    '/api/applications/:applicationId/roles',
    { schema: { params: ApplicationIdParamsSchema, body: ApplicationRoleIdsBodySchema, response: { 201: AssignApplicationRolesResponseSchema } } },
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

  app.delete('/api/applications/:applicationId/roles/:roleId', { schema: { params: ApplicationRoleParamsSchema } }, async (request, reply) => {
    const { applicationId, roleId } = request.params;
    await assertRoleHolderApplication(db, request.tenantId, applicationId);
    await removeApplicationRole(db, request.tenantId, applicationId, roleId);
    return reply.status(204).send();
  });
}
