import type { Db } from '@idp/db';
import { RequestError } from '@idp/errors';
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
import { Type } from 'typebox';
import {
  deleteResource,
  deleteScope,
  findResource,
  insertResource,
  insertScope,
  isManagementApi,
  listResources,
  listScopes,
  scopesByResource,
  setDefaultResource,
  toResourceResponse,
  toScopeResponse,
  updateResource,
  updateScope,
} from '../queries/resources.ts';
import { PaginationQuery, parsePage, setTotal } from './pagination.ts';

// Logto reads `includeScopes` as a yes/no flag in any of these spellings.
const isTruthy = (value: string | undefined) => value !== undefined && ['true', '1', 'yes'].includes(value.toLowerCase());

// An indicator is what clients send as `resource` (RFC 8707): an absolute URI without a fragment.
function assertIndicator(indicator: string): void {
  let url: URL | undefined;
  try {
    url = new URL(indicator);
  } catch {
    url = undefined;
  }
  if (!url || url.hash || indicator.includes('#')) {
    throw new RequestError('guard.invalid_input', { message: '`indicator` must be an absolute URI without a fragment.', data: { indicator } });
  }
  // Management API indicators are the platform's: a tenant's own copy could never be changed or deleted.
  if (isManagementApi(indicator)) {
    throw new RequestError('guard.invalid_input', { message: 'This indicator is reserved for the Logto Management API.', data: { indicator } });
  }
}

export function registerResourceRoutes(app: App, db: Db): void {
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
      const { rows, total } = await listResources(db, tenantId, parsePage(request.query));
      setTotal(reply, total);
      if (!isTruthy(request.query.includeScopes)) return rows.map(toResourceResponse);
      const scopes = await scopesByResource(db, tenantId, rows.map(({ id }) => id));
      return rows.map((row) => ({ ...toResourceResponse(row), scopes: (scopes.get(row.id) ?? []).map(toScopeResponse) }));
    },
  );

  app.post(
    '/api/resources',
    { schema: { body: CreateResourceBodySchema, response: { 201: ResourceWithScopesResponseSchema } } },
    async (request, reply) => {
      assertIndicator(request.body.indicator);
      const created = await insertResource(db, { ...request.body, tenantId: request.tenantId });
      return reply.status(201).send({ ...toResourceResponse(created), scopes: [] });
    },
  );

  app.get(
    '/api/resources/:id',
    { schema: { params: IdParamsSchema, response: { 200: ResourceResponseSchema } } },
    async (request) => toResourceResponse(await findResource(db, request.tenantId, request.params.id)),
  );

  app.patch(
    '/api/resources/:id',
    { schema: { params: IdParamsSchema, body: UpdateResourceBodySchema, response: { 200: ResourceResponseSchema } } },
    async (request) => toResourceResponse(await updateResource(db, request.tenantId, request.params.id, request.body)),
  );

  app.patch(
    '/api/resources/:id/is-default',
    { schema: { params: IdParamsSchema, body: UpdateResourceIsDefaultBodySchema, response: { 200: ResourceResponseSchema } } },
    async (request) => toResourceResponse(await setDefaultResource(db, request.tenantId, request.params.id, request.body.isDefault)),
  );

  app.delete('/api/resources/:id', { schema: { params: IdParamsSchema } }, async (request, reply) => {
    await deleteResource(db, request.tenantId, request.params.id);
    return reply.status(204).send();
  });

  app.get(
    '/api/resources/:resourceId/scopes',
    {
      schema: {
        params: ResourceIdParamsSchema,
        querystring: Type.Object({ ...PaginationQuery, search: Type.Optional(Type.String({ maxLength: 256 })) }),
        response: { 200: Type.Array(ScopeResponseSchema) },
      },
    },
    async (request, reply) => {
      const { tenantId } = request;
      const { resourceId } = request.params;
      const page = parsePage(request.query);
      // Another tenant's (or no) resource is a 404, not an empty list.
      await findResource(db, tenantId, resourceId);
      const { rows, total } = await listScopes(db, tenantId, resourceId, request.query.search, page);
      setTotal(reply, total);
      return rows.map(toScopeResponse);
    },
  );

  app.post(
    '/api/resources/:resourceId/scopes',
    { schema: { params: ResourceIdParamsSchema, body: CreateScopeBodySchema, response: { 201: ScopeResponseSchema } } },
    async (request, reply) => {
      const created = await insertScope(db, request.tenantId, request.params.resourceId, request.body);
      return reply.status(201).send(toScopeResponse(created));
    },
  );

  app.patch(
    '/api/resources/:resourceId/scopes/:scopeId',
    { schema: { params: ResourceScopeParamsSchema, body: UpdateScopeBodySchema, response: { 200: ScopeResponseSchema } } },
    async (request) => {
      const { resourceId, scopeId } = request.params;
      return toScopeResponse(await updateScope(db, request.tenantId, resourceId, scopeId, request.body));
    },
  );

  app.delete('/api/resources/:resourceId/scopes/:scopeId', { schema: { params: ResourceScopeParamsSchema } }, async (request, reply) => {
    await deleteScope(db, request.tenantId, request.params.resourceId, request.params.scopeId);
    return reply.status(204).send();
  });
}
