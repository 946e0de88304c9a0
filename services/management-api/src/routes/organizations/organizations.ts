// /api/organizations and /api/organizations/:id.
import type { Db } from '@idp/db';
import { generateId } from '@idp/db';
import {
  CreateOrganizationBodySchema,
  IdParamsSchema,
  OrganizationListQuerySchema,
  OrganizationResponseSchema,
  OrganizationWithFeaturedResponseSchema,
  UpdateOrganizationBodySchema,
} from '@idp/schemas';
import type { App } from '@idp/server-kit';
import { Type } from 'typebox';
import { toOrganizationResponse, withFeaturedMembers } from '../../libraries/organizations.ts';
import * as organizationQueries from '../../queries/organizations.ts';
import { parsePage, setPageHeaders } from '../pagination.ts';

// Logto's `showFeatured` is a "yes"-like flag.
const isYes = (value: string | undefined) => value !== undefined && ['1', 'true', 'y', 'yes'].includes(value.toLowerCase());

// Logto's organization ids are 12 characters long.
const organizationIdLength = 12;

export function registerOrganizationCoreRoutes(app: App, { db }: { db: Db }): void {
  app.get(
    '/api/organizations',
    { schema: { querystring: OrganizationListQuerySchema, response: { 200: Type.Array(OrganizationWithFeaturedResponseSchema) } } },
    async (request, reply) => {
      const { tenantId, query } = request;
      const { rows, total } = await organizationQueries.listOrganizations(db, tenantId, query.q, parsePage(query));
      setPageHeaders(reply, total);
      return isYes(query.showFeatured) ? withFeaturedMembers(db, tenantId, rows) : rows.map(toOrganizationResponse);
    },
  );

  app.post(
    '/api/organizations',
    { schema: { body: CreateOrganizationBodySchema, response: { 201: OrganizationResponseSchema } } },
    async (request, reply) => {
      const organization = await organizationQueries.insertOrganization(db, {
        ...request.body,
        tenantId: request.tenantId,
        id: generateId().slice(0, organizationIdLength),
      });
      return reply.status(201).send(toOrganizationResponse(organization));
    },
  );

  app.get(
    '/api/organizations/:id',
    { schema: { params: IdParamsSchema, response: { 200: OrganizationResponseSchema } } },
    async (request) => toOrganizationResponse(await organizationQueries.findOrganization(db, request.tenantId, request.params.id)),
  );

  app.patch(
    '/api/organizations/:id',
    { schema: { params: IdParamsSchema, body: UpdateOrganizationBodySchema, response: { 200: OrganizationResponseSchema } } },
    async (request) =>
      toOrganizationResponse(await organizationQueries.updateOrganization(db, request.tenantId, request.params.id, request.body)),
  );

  app.delete('/api/organizations/:id', { schema: { params: IdParamsSchema } }, async (request, reply) => {
    await organizationQueries.deleteOrganization(db, request.tenantId, request.params.id);
    return reply.status(204).send();
  });
}
