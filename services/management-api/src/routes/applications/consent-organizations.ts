// /api/applications/:id/users/:userId/consent-organizations: the organizations a user let a
// third-party application into (Logto's user consent organizations).
import type { Db } from '@idp/db';
import {
  ConsentOrganizationParamsSchema,
  ConsentOrganizationsParamsSchema,
  ConsentOrganizationsResponseSchema,
  GrantConsentOrganizationsBodySchema,
  ReplaceConsentOrganizationsBodySchema,
} from '@idp/schemas';
import type { App } from '@idp/server-kit';
import { Type } from 'typebox';
import {
  grantConsentOrganizations,
  listConsentOrganizations,
  replaceConsentOrganizations,
  revokeConsentOrganization,
} from '../../libraries/consent-organizations.ts';
import { PaginationQuery, parsePage, setPageHeaders } from '../pagination.ts';

const path = '/api/applications/:id/users/:userId/consent-organizations';

export function registerConsentOrganizationRoutes(app: App, { db }: { db: Db }): void {
  const partiesOf = (request: { tenantId: string; params: { id: string; userId: string } }) => ({
    tenantId: request.tenantId,
    applicationId: request.params.id,
    userId: request.params.userId,
  });

  // Always paged (20 by default), as in Logto.
  app.get(
    path,
    {
      schema: {
        params: ConsentOrganizationsParamsSchema,
        querystring: Type.Object(PaginationQuery),
        response: { 200: ConsentOrganizationsResponseSchema },
      },
    },
    async (request, reply) => {
      const { body, total } = await listConsentOrganizations(db, partiesOf(request), parsePage(request.query));
      setPageHeaders(reply, total);
      return body;
    },
  );

  app.post(
    path,
    { schema: { params: ConsentOrganizationsParamsSchema, body: GrantConsentOrganizationsBodySchema } },
    async (request, reply) => {
      await grantConsentOrganizations(db, partiesOf(request), request.body.organizationIds);
      return reply.status(201).send();
    },
  );

  app.put(
    path,
    { schema: { params: ConsentOrganizationsParamsSchema, body: ReplaceConsentOrganizationsBodySchema } },
    async (request, reply) => {
      await replaceConsentOrganizations(db, partiesOf(request), request.body.organizationIds);
      return reply.status(204).send();
    },
  );

  app.delete(`${path}/:organizationId`, { schema: { params: ConsentOrganizationParamsSchema } }, async (request, reply) => {
    await revokeConsentOrganization(db, partiesOf(request), request.params.organizationId);
    return reply.status(204).send();
  });
}
