// /api/roles/:id/scopes: the scopes a role grants.
import type { Db } from '@idp/db';
import { IdParamsSchema, RoleScopeIdsBodySchema, RoleScopeParamsSchema, RoleScopeResponseSchema, ScopeResponseSchema } from '@idp/schemas';
import type { App } from '@idp/server-kit';
import { withHookEvent } from '../../libraries/hook-events.ts';
import { Type } from 'typebox';
import { assignRoleScopes, listScopesOfRole, removeRoleScope } from '../../libraries/roles.ts';
import { answerPage, parsePage, SearchListQuery } from '../pagination.ts';
import { buildSearch, scopeSearchFields, searchParamsOf, withSearchPatterns } from '../../libraries/list-search.ts';

export function registerRoleScopeRoutes(app: App, { db }: { db: Db }): void {
  app.get(
    '/api/roles/:id/scopes',
    { schema: { params: IdParamsSchema, querystring: SearchListQuery, response: { 200: Type.Array(RoleScopeResponseSchema) } } },
    async (request, reply) => {
      const page = parsePage(request.query);
      return answerPage(
        reply,
        await withSearchPatterns(() =>
          listScopesOfRole(db, request.tenantId, request.params.id, buildSearch(searchParamsOf(request.url), scopeSearchFields), page),
        ),
        (scope) => scope,
      );
    },
  );

  app.post(
    '/api/roles/:id/scopes',
    { schema: { params: IdParamsSchema, body: RoleScopeIdsBodySchema, response: { 201: Type.Array(ScopeResponseSchema) } } },
    async (request, reply) =>
      reply.status(201).send(
        await withHookEvent(
          db,
          request,
          'Role.Scopes.Updated',
          (tx) => assignRoleScopes(tx, request.tenantId, request.params.id, request.body.scopeIds),
          (scopes) => ({ roleId: request.params.id, scopes }),
        ),
      ),
  );

  app.delete('/api/roles/:id/scopes/:scopeId', { schema: { params: RoleScopeParamsSchema } }, async (request, reply) => {
    const { id, scopeId } = request.params;
    await withHookEvent(
      db,
      request,
      'Role.Scopes.Updated',
      (tx) => removeRoleScope(tx, request.tenantId, id, scopeId),
      () => ({ roleId: id, removedScopeId: scopeId }),
    );
    return reply.status(204).send();
  });
}
