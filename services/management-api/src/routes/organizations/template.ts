// The organization template: /api/organization-roles (with the organization scopes and API resource
// scopes each grants) and /api/organization-scopes.
import type { Db } from '@idp/db';
import {
  CreateOrganizationRoleBodySchema,
  CreateOrganizationScopeBodySchema,
  IdParamsSchema,
  OrganizationRoleResourceScopeParamsSchema,
  OrganizationRoleResponseSchema,
  OrganizationRoleScopeParamsSchema,
  OrganizationRoleWithScopesResponseSchema,
  OrganizationScopeIdsBodySchema,
  OrganizationScopeResponseSchema,
  ReplaceOrganizationScopeIdsBodySchema,
  ReplaceResourceScopeIdsBodySchema,
  ResourceScopeIdsBodySchema,
  ScopeResponseSchema,
  UpdateOrganizationRoleBodySchema,
  UpdateOrganizationScopeBodySchema,
} from '@idp/schemas';
import type { App } from '@idp/server-kit';
import { withHookEvent } from '../../libraries/hook-events.ts';
import { Type } from 'typebox';
import {
  addRoleScopes,
  createOrganizationRole,
  listRoleResourceScopes,
  listRoleScopes,
  removeRoleScope,
  replaceRoleScopes,
  withScopes,
} from '../../libraries/organization-template.ts';
import { toScopeResponse } from '../../libraries/resources.ts';
import * as template from '../../queries/organization-template.ts';
import { answerPage, PaginationQuery, parsePage } from '../pagination.ts';

const KeywordListQuery = Type.Object({ ...PaginationQuery, q: Type.Optional(Type.String({ maxLength: 256 })) });
const PageQuery = Type.Object(PaginationQuery);

export function registerOrganizationTemplateRoutes(app: App, { db }: { db: Db }): void {
  // --- Roles ---
  app.get(
    '/api/organization-roles',
    { schema: { querystring: KeywordListQuery, response: { 200: Type.Array(OrganizationRoleWithScopesResponseSchema) } } },
    async (request, reply) => {
      const { tenantId, query } = request;
      const { rows, total } = await template.listOrganizationRoles(db, tenantId, query.q, parsePage(query));
      const roles = await withScopes(db, tenantId, rows);
      return answerPage(reply, { rows: roles, total }, (role) => role);
    },
  );

  app.post(
    '/api/organization-roles',
    { schema: { body: CreateOrganizationRoleBodySchema, response: { 201: OrganizationRoleResponseSchema } } },
    async (request, reply) =>
      reply.status(201).send(
        await withHookEvent(
          db,
          request,
          'OrganizationRole.Created',
          (tx) => createOrganizationRole(tx, request.tenantId, request.body),
          (role) => role,
        ),
      ),
  );

  app.get(
    '/api/organization-roles/:id',
    { schema: { params: IdParamsSchema, response: { 200: OrganizationRoleResponseSchema } } },
    async (request) => template.findOrganizationRole(db, request.tenantId, request.params.id),
  );

  app.patch(
    '/api/organization-roles/:id',
    { schema: { params: IdParamsSchema, body: UpdateOrganizationRoleBodySchema, response: { 200: OrganizationRoleResponseSchema } } },
    async (request) =>
      withHookEvent(
        db,
        request,
        'OrganizationRole.Data.Updated',
        (tx) => template.updateOrganizationRole(tx, request.tenantId, request.params.id, request.body),
        (role) => role,
      ),
  );

  app.delete('/api/organization-roles/:id', { schema: { params: IdParamsSchema } }, async (request, reply) => {
    const { id } = request.params;
    await withHookEvent(
      db,
      request,
      'OrganizationRole.Deleted',
      (tx) => template.deleteOrganizationRole(tx, request.tenantId, id),
      () => ({ id }),
    );
    return reply.status(204).send();
  });

  // --- What a role grants: organization scopes and API resource scopes ---
  app.get(
    '/api/organization-roles/:id/scopes',
    { schema: { params: IdParamsSchema, querystring: PageQuery, response: { 200: Type.Array(OrganizationScopeResponseSchema) } } },
    async (request, reply) =>
      answerPage(reply, await listRoleScopes(db, request.tenantId, request.params.id, parsePage(request.query)), (scope) => scope),
  );

  app.post(
    '/api/organization-roles/:id/scopes',
    { schema: { params: IdParamsSchema, body: OrganizationScopeIdsBodySchema } },
    async (request, reply) => {
      await withHookEvent(
        db,
        request,
        'OrganizationRole.Scopes.Updated',
        (tx) => addRoleScopes(tx, request.tenantId, request.params.id, 'scopes', request.body.organizationScopeIds),
        () => ({ organizationRoleId: request.params.id }),
      );
      return reply.status(201).send();
    },
  );

  app.put(
    '/api/organization-roles/:id/scopes',
    { schema: { params: IdParamsSchema, body: ReplaceOrganizationScopeIdsBodySchema } },
    async (request, reply) => {
      await withHookEvent(
        db,
        request,
        'OrganizationRole.Scopes.Updated',
        (tx) => replaceRoleScopes(tx, request.tenantId, request.params.id, 'scopes', request.body.organizationScopeIds),
        () => ({ organizationRoleId: request.params.id }),
      );
      return reply.status(204).send();
    },
  );

  app.delete(
    '/api/organization-roles/:id/scopes/:organizationScopeId',
    { schema: { params: OrganizationRoleScopeParamsSchema } },
    async (request, reply) => {
      await withHookEvent(
        db,
        request,
        'OrganizationRole.Scopes.Updated',
        (tx) => removeRoleScope(tx, request.tenantId, request.params.id, 'scopes', request.params.organizationScopeId),
        () => ({ organizationRoleId: request.params.id }),
      );
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/organization-roles/:id/resource-scopes',
    { schema: { params: IdParamsSchema, querystring: PageQuery, response: { 200: Type.Array(ScopeResponseSchema) } } },
    async (request, reply) =>
      answerPage(reply, await listRoleResourceScopes(db, request.tenantId, request.params.id, parsePage(request.query)), toScopeResponse),
  );

  app.post(
    '/api/organization-roles/:id/resource-scopes',
    { schema: { params: IdParamsSchema, body: ResourceScopeIdsBodySchema } },
    async (request, reply) => {
      await withHookEvent(
        db,
        request,
        'OrganizationRole.Scopes.Updated',
        (tx) => addRoleScopes(tx, request.tenantId, request.params.id, 'resource-scopes', request.body.scopeIds),
        () => ({ organizationRoleId: request.params.id }),
      );
      return reply.status(201).send();
    },
  );

  app.put(
    '/api/organization-roles/:id/resource-scopes',
    { schema: { params: IdParamsSchema, body: ReplaceResourceScopeIdsBodySchema } },
    async (request, reply) => {
      await withHookEvent(
        db,
        request,
        'OrganizationRole.Scopes.Updated',
        (tx) => replaceRoleScopes(tx, request.tenantId, request.params.id, 'resource-scopes', request.body.scopeIds),
        () => ({ organizationRoleId: request.params.id }),
      );
      return reply.status(204).send();
    },
  );

  app.delete(
    '/api/organization-roles/:id/resource-scopes/:scopeId',
    { schema: { params: OrganizationRoleResourceScopeParamsSchema } },
    async (request, reply) => {
      await withHookEvent(
        db,
        request,
        'OrganizationRole.Scopes.Updated',
        (tx) => removeRoleScope(tx, request.tenantId, request.params.id, 'resource-scopes', request.params.scopeId),
        () => ({ organizationRoleId: request.params.id }),
      );
      return reply.status(204).send();
    },
  );

  // --- Scopes ---
  app.get(
    '/api/organization-scopes',
    { schema: { querystring: KeywordListQuery, response: { 200: Type.Array(OrganizationScopeResponseSchema) } } },
    async (request, reply) =>
      answerPage(
        reply,
        await template.listOrganizationScopes(db, request.tenantId, request.query.q, parsePage(request.query)),
        (scope) => scope,
      ),
  );

  app.post(
    '/api/organization-scopes',
    { schema: { body: CreateOrganizationScopeBodySchema, response: { 201: OrganizationScopeResponseSchema } } },
    async (request, reply) =>
      reply.status(201).send(
        await withHookEvent(
          db,
          request,
          'OrganizationScope.Created',
          (tx) => template.insertOrganizationScope(tx, request.tenantId, request.body),
          (scope) => scope,
        ),
      ),
  );

  app.get(
    '/api/organization-scopes/:id',
    { schema: { params: IdParamsSchema, response: { 200: OrganizationScopeResponseSchema } } },
    async (request) => template.findOrganizationScope(db, request.tenantId, request.params.id),
  );

  app.patch(
    '/api/organization-scopes/:id',
    { schema: { params: IdParamsSchema, body: UpdateOrganizationScopeBodySchema, response: { 200: OrganizationScopeResponseSchema } } },
    async (request) =>
      withHookEvent(
        db,
        request,
        'OrganizationScope.Data.Updated',
        (tx) => template.updateOrganizationScope(tx, request.tenantId, request.params.id, request.body),
        (scope) => scope,
      ),
  );

  app.delete('/api/organization-scopes/:id', { schema: { params: IdParamsSchema } }, async (request, reply) => {
    const { id } = request.params;
    await withHookEvent(
      db,
      request,
      'OrganizationScope.Deleted',
      (tx) => template.deleteOrganizationScope(tx, request.tenantId, id),
      () => ({ id }),
    );
    return reply.status(204).send();
  });
}
