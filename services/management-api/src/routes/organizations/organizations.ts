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
import { withHookEvent } from '../../libraries/hook-events.ts';
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
      const values = { ...request.body, tenantId: request.tenantId, id: generateId().slice(0, organizationIdLength) };
      const insert = (tx: Db) => organizationQueries.insertOrganization(tx, values);
      const organization = await withHookEvent(db, request, 'Organization.Created', insert, toOrganizationResponse);
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
      toOrganizationResponse(
        await withHookEvent(
          db,
          request,
          'Organization.Data.Updated',
          (tx) => organizationQueries.updateOrganization(tx, request.tenantId, request.params.id, request.body),
          toOrganizationResponse,
        ),
      ),
  );

  app.delete('/api/organizations/:id', { schema: { params: IdParamsSchema } }, async (request, reply) => {
    const { tenantId } = request;
    const remove = async (tx: Db) => {
      const organization = await organizationQueries.findOrganization(tx, tenantId, request.params.id);
      await organizationQueries.deleteOrganization(tx, tenantId, organization.id);
      return organization;
    };
    await withHookEvent(db, request, 'Organization.Deleted', remove, toOrganizationResponse);
    return reply.status(204).send();
  });
}
