// /api/applications/:id/protected-app-metadata/custom-domains: domains a protected app is also to
// be served at (see libraries/protected-app-custom-domains.ts for what "served" means here).
import type { Db } from '@idp/db';
import {
  CreateProtectedAppCustomDomainBodySchema,
  IdParamsSchema,
  ProtectedAppCustomDomainListResponseSchema,
  ProtectedAppCustomDomainParamsSchema,
} from '@idp/schemas';
import type { App } from '@idp/server-kit';
import { addCustomDomain, deleteCustomDomain, listCustomDomains } from '../../libraries/protected-app-custom-domains.ts';

export function registerProtectedAppCustomDomainRoutes(app: App, { db, protectedAppDomain }: { db: Db; protectedAppDomain: string }): void {
  app.get(
    '/api/applications/:id/protected-app-metadata/custom-domains',
    { schema: { params: IdParamsSchema, response: { 200: ProtectedAppCustomDomainListResponseSchema } } },
    async (request) => listCustomDomains(db, request.tenantId, request.params.id),
  );

  app.post(
    '/api/applications/:id/protected-app-metadata/custom-domains',
    { schema: { params: IdParamsSchema, body: CreateProtectedAppCustomDomainBodySchema } },
    async (request, reply) => {
      await addCustomDomain(db, request.tenantId, request.params.id, request.body.domain, protectedAppDomain);
      return reply.status(201).send();
    },
  );

  app.delete(
    '/api/applications/:id/protected-app-metadata/custom-domains/:domain',
    { schema: { params: ProtectedAppCustomDomainParamsSchema } },
    async (request, reply) => {
      await deleteCustomDomain(db, request.tenantId, request.params.id, request.params.domain);
      return reply.status(204).send();
    },
  );
}
