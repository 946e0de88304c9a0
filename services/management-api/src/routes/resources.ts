import type { Db } from '@idp/db';
import {
  CreateResourceBodySchema,
  CreateScopeBodySchema,
  IdParamsSchema,
  ResourceIdParamsSchema,
  ResourceResponseSchema,
  ResourceScopeParamsSchema,
  ResourceWithScopesResponseSchema,
  ScopeResponseSchema,
  UpdateResourceBodySchema,
  UpdateResourceIsDefaultBodySchema,
  UpdateScopeBodySchema,
} from '@idp/schemas';
import type { App } from '@idp/server-kit';
import { withHookEvent } from '../libraries/hook-events.ts';
import { Type } from 'typebox';
import {
  createResource,
  createScope,
  deleteResource,
  deleteScope,
  resolveResourceId,
  setDefaultResource,
  toResourceResponse,
  toScopeResponse,
  updateResource,
  updateScope,
} from '../libraries/resources.ts';
import { findResource, listResources } from '../queries/resources.ts';
import { listScopes, scopesByResource } from '../queries/scopes.ts';
import { answerPage, everyRow, PaginationQuery, parseOptionalPage, parsePage, SearchListQuery } from './pagination.ts';
import { buildSearch, scopeSearchFields, searchParamsOf, withSearchPatterns } from '../libraries/list-search.ts';

// Logto reads `includeScopes` as a yes/no flag in any of these spellings.
const isTruthy = (value: string | undefined) =>
  value !== undefined && ['1', 'true', 'y', 'yes', 'yep', 'yeah'].includes(value.toLowerCase());

// /api/resources: API resources and their scopes.
export function registerResourceRoutes(app: App, { db }: { db: Db }): void {
  // Every path that names a resource also takes Logto's fixed id of the Management API.
  const resourceIdOf = (request: { tenantId: string; params: { id: string } | { resourceId: string } }) =>
    resolveResourceId(db, request.tenantId, 'id' in request.params ? request.params.id : request.params.resourceId);

  app.get(
    '/api/resources',
    {
      schema: {
        querystring: Type.Object({ ...PaginationQuery, includeScopes: Type.Optional(Type.String({ maxLength: 8 })) }),
        response: { 200: Type.Array(ResourceWithScopesResponseSchema) },
      },
    },
    async (request, reply) => {
      const { tenantId } = request;
      // Paged only when asked to (Logto's optional paging): without page parameters, every resource.
      const page = parseOptionalPage(request.query);
      const resources = await listResources(db, tenantId, page ?? everyRow);
      const scopes = isTruthy(request.query.includeScopes)
        ? await scopesByResource(
            db,
            tenantId,
            resources.rows.map(({ id }) => id),
          )
        : undefined;
      const toResponse = (row: (typeof resources.rows)[number]) =>
        scopes ? { ...toResourceResponse(row), scopes: (scopes.get(row.id) ?? []).map(toScopeResponse) } : toResourceResponse(row);
      return page ? answerPage(reply, resources, toResponse) : resources.rows.map(toResponse);
    },
  );

  app.post(
    '/api/resources',
    { schema: { body: CreateResourceBodySchema, response: { 201: ResourceWithScopesResponseSchema } } },
    async (request, reply) => {
      const created = await createResource(db, { ...request.body, tenantId: request.tenantId });
      return reply.status(201).send({ ...toResourceResponse(created), scopes: [] });
    },
  );

  app.get('/api/resources/:id', { schema: { params: IdParamsSchema, response: { 200: ResourceResponseSchema } } }, async (request) =>
    toResourceResponse(await findResource(db, request.tenantId, await resourceIdOf(request))),
  );

  app.patch(
    '/api/resources/:id',
    { schema: { params: IdParamsSchema, body: UpdateResourceBodySchema, response: { 200: ResourceResponseSchema } } },
    async (request) => toResourceResponse(await updateResource(db, request.tenantId, await resourceIdOf(request), request.body)),
  );

  app.patch(
    '/api/resources/:id/is-default',
    { schema: { params: IdParamsSchema, body: UpdateResourceIsDefaultBodySchema, response: { 200: ResourceResponseSchema } } },
    async (request) =>
      toResourceResponse(await setDefaultResource(db, request.tenantId, await resourceIdOf(request), request.body.isDefault)),
  );

  app.delete('/api/resources/:id', { schema: { params: IdParamsSchema } }, async (request, reply) => {
    await deleteResource(db, request.tenantId, await resourceIdOf(request));
    return reply.status(204).send();
  });

  app.get(
    '/api/resources/:resourceId/scopes',
    {
      schema: {
        params: ResourceIdParamsSchema,
        querystring: SearchListQuery,
        response: { 200: Type.Array(ScopeResponseSchema) },
      },
    },
    async (request, reply) => {
      const { tenantId } = request;
      const resourceId = await resourceIdOf(request);
      const page = parsePage(request.query);
      // Another tenant's (or no) resource is a 404, not an empty list.
      await findResource(db, tenantId, resourceId);
      const search = buildSearch(searchParamsOf(request.url), scopeSearchFields);
      return answerPage(reply, await withSearchPatterns(() => listScopes(db, tenantId, resourceId, search, page)), toScopeResponse);
    },
  );

  app.post(
    '/api/resources/:resourceId/scopes',
    { schema: { params: ResourceIdParamsSchema, body: CreateScopeBodySchema, response: { 201: ScopeResponseSchema } } },
    async (request, reply) => {
      const resourceId = await resourceIdOf(request);
      const created = await withHookEvent(
        db,
        request,
        'Scope.Created',
        (tx) => createScope(tx, request.tenantId, resourceId, request.body),
        toScopeResponse,
      );
      return reply.status(201).send(toScopeResponse(created));
    },
  );

  app.patch(
    '/api/resources/:resourceId/scopes/:scopeId',
    { schema: { params: ResourceScopeParamsSchema, body: UpdateScopeBodySchema, response: { 200: ScopeResponseSchema } } },
    async (request) => {
      const { scopeId } = request.params;
      const resourceId = await resourceIdOf(request);
      const change = (tx: Db) => updateScope(tx, request.tenantId, resourceId, scopeId, request.body);
      return toScopeResponse(await withHookEvent(db, request, 'Scope.Data.Updated', change, toScopeResponse));
    },
  );

  app.delete('/api/resources/:resourceId/scopes/:scopeId', { schema: { params: ResourceScopeParamsSchema } }, async (request, reply) => {
    const resourceId = await resourceIdOf(request);
    const { scopeId } = request.params;
    await withHookEvent(
      db,
      request,
      'Scope.Deleted',
      (tx) => deleteScope(tx, request.tenantId, resourceId, scopeId),
      () => ({ id: scopeId, resourceId }),
    );
    return reply.status(204).send();
  });
}
