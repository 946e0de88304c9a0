// /api/organizations/:id/users: the members of an organization and the organization roles they hold.
import type { Db } from '@idp/db';
import {
  IdParamsSchema,
  MemberRoleIdsOrNamesBodySchema,
  OrganizationRoleResponseSchema,
  OrganizationScopeResponseSchema,
  OrganizationUserIdsBodySchema,
  OrganizationUserParamsSchema,
  OrganizationUserResponseSchema,
  OrganizationUserRoleParamsSchema,
  OrganizationUsersRolesBodySchema,
  ReplaceOrganizationUserIdsBodySchema,
} from '@idp/schemas';
import type { App } from '@idp/server-kit';
import { withHookEvent } from '../../libraries/hook-events.ts';
import { Type } from 'typebox';
import {
  addMemberRoles,
  addOrganizationUsers,
  addRolesToMembers,
  assertUserMembership,
  removeMemberRole,
  removeOrganizationUser,
  replaceMemberRoles,
  replaceOrganizationUsers,
  resolveRoleIds,
  toOrganizationUserResponse,
} from '../../libraries/organizations.ts';
import { findMemberScopes, listMemberRoles, listOrganizationUsers } from '../../queries/organization-members.ts';
import { findOrganization } from '../../queries/organizations.ts';
import { answerPage, PaginationQuery, parsePage } from '../pagination.ts';

const KeywordListQuery = Type.Object({ ...PaginationQuery, q: Type.Optional(Type.String({ maxLength: 256 })) });

export function registerOrganizationUserRoutes(app: App, { db }: { db: Db }): void {
  app.get(
    '/api/organizations/:id/users',
    { schema: { params: IdParamsSchema, querystring: KeywordListQuery, response: { 200: Type.Array(OrganizationUserResponseSchema) } } },
    async (request, reply) => {
      const { tenantId, params, query } = request;
      const page = parsePage(query);
      await findOrganization(db, tenantId, params.id);
      return answerPage(reply, await listOrganizationUsers(db, tenantId, params.id, query.q, page), ({ user, organizationRoles }) =>
        toOrganizationUserResponse(user, organizationRoles),
      );
    },
  );

  app.post(
    '/api/organizations/:id/users',
    { schema: { params: IdParamsSchema, body: OrganizationUserIdsBodySchema } },
    async (request, reply) => {
      await withHookEvent(
        db,
        request,
        'Organization.Membership.Updated',
        (tx) => addOrganizationUsers(tx, request.tenantId, request.params.id, request.body.userIds),
        () => ({ organizationId: request.params.id }),
      );
      return reply.status(201).send();
    },
  );

  app.put(
    '/api/organizations/:id/users',
    { schema: { params: IdParamsSchema, body: ReplaceOrganizationUserIdsBodySchema } },
    async (request, reply) => {
      await withHookEvent(
        db,
        request,
        'Organization.Membership.Updated',
        (tx) => replaceOrganizationUsers(tx, request.tenantId, request.params.id, request.body.userIds),
        () => ({ organizationId: request.params.id }),
      );
      return reply.status(204).send();
    },
  );

  app.delete('/api/organizations/:id/users/:userId', { schema: { params: OrganizationUserParamsSchema } }, async (request, reply) => {
    await withHookEvent(
      db,
      request,
      'Organization.Membership.Updated',
      (tx) => removeOrganizationUser(tx, request.tenantId, request.params.id, request.params.userId),
      () => ({ organizationId: request.params.id }),
    );
    return reply.status(204).send();
  });

  app.post(
    '/api/organizations/:id/users/roles',
    { schema: { params: IdParamsSchema, body: OrganizationUsersRolesBodySchema } },
    async (request, reply) => {
      const { userIds, organizationRoleIds } = request.body;
      await addRolesToMembers(db, request.tenantId, request.params.id, userIds, organizationRoleIds);
      return reply.status(201).send();
    },
  );

  app.get(
    '/api/organizations/:id/users/:userId/roles',
    {
      schema: {
        params: OrganizationUserParamsSchema,
        querystring: Type.Object(PaginationQuery),
        response: { 200: Type.Array(OrganizationRoleResponseSchema) },
      },
    },
    async (request, reply) => {
      const { tenantId, params } = request;
      const page = parsePage(request.query);
      await assertUserMembership(db, tenantId, params.id, params.userId);
      return answerPage(reply, await listMemberRoles(db, tenantId, params.id, { userId: params.userId }, page), ({ role }) => role);
    },
  );

  app.post(
    '/api/organizations/:id/users/:userId/roles',
    { schema: { params: OrganizationUserParamsSchema, body: MemberRoleIdsOrNamesBodySchema } },
    async (request, reply) => {
      const { id, userId } = request.params;
      await assertUserMembership(db, request.tenantId, id, userId);
      await addMemberRoles(db, request.tenantId, id, userId, await resolveRoleIds(db, request.tenantId, request.body));
      return reply.status(201).send();
    },
  );

  app.put(
    '/api/organizations/:id/users/:userId/roles',
    { schema: { params: OrganizationUserParamsSchema, body: MemberRoleIdsOrNamesBodySchema } },
    async (request, reply) => {
      const { id, userId } = request.params;
      await assertUserMembership(db, request.tenantId, id, userId);
      await replaceMemberRoles(db, request.tenantId, id, userId, await resolveRoleIds(db, request.tenantId, request.body));
      return reply.status(204).send();
    },
  );

  app.delete(
    '/api/organizations/:id/users/:userId/roles/:organizationRoleId',
    { schema: { params: OrganizationUserRoleParamsSchema } },
    async (request, reply) => {
      const { id, userId, organizationRoleId } = request.params;
      await removeMemberRole(db, request.tenantId, id, userId, organizationRoleId);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/organizations/:id/users/:userId/scopes',
    { schema: { params: OrganizationUserParamsSchema, response: { 200: Type.Array(OrganizationScopeResponseSchema) } } },
    async (request) => {
      const { tenantId, params } = request;
      await assertUserMembership(db, tenantId, params.id, params.userId);
      return findMemberScopes(db, tenantId, params.id, params.userId);
    },
  );
}
