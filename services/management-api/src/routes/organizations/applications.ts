// /api/organizations/:id/applications: machine-to-machine apps as members of an organization, and
// the organization roles they hold.
import type { Db } from '@idp/db';
import {
  IdParamsSchema,
  OrganizationApplicationIdsBodySchema,
  OrganizationApplicationParamsSchema,
  OrganizationApplicationResponseSchema,
  OrganizationApplicationRoleParamsSchema,
  OrganizationApplicationsRolesBodySchema,
  OrganizationRoleIdsBodySchema,
  OrganizationRoleResponseSchema,
  ReplaceOrganizationApplicationIdsBodySchema,
  ReplaceOrganizationRoleIdsBodySchema,
} from '@idp/schemas';
import type { App } from '@idp/server-kit';
import { Type } from 'typebox';
import {
  addApplicationRoles,
  addOrganizationApplications,
  addRolesToApplications,
  assertApplicationMembership,
  removeApplicationRole,
  removeOrganizationApplication,
  replaceApplicationRoles,
  replaceOrganizationApplications,
  toOrganizationApplicationResponse,
} from '../../libraries/organizations.ts';
import { listMemberRoles, listOrganizationApplications } from '../../queries/organization-members.ts';
import { findOrganization } from '../../queries/organizations.ts';
import { answerPage, PaginationQuery, parsePage } from '../pagination.ts';

const KeywordListQuery = Type.Object({ ...PaginationQuery, q: Type.Optional(Type.String({ maxLength: 256 })) });

export function registerOrganizationApplicationRoutes(app: App, { db }: { db: Db }): void {
  app.get(
    '/api/organizations/:id/applications',
    {
      schema: {
        params: IdParamsSchema,
        querystring: KeywordListQuery,
        response: { 200: Type.Array(OrganizationApplicationResponseSchema) },
      },
    },
    async (request, reply) => {
      const { tenantId, params, query } = request;
      const page = parsePage(query);
      await findOrganization(db, tenantId, params.id);
      return answerPage(
        reply,
        await listOrganizationApplications(db, tenantId, params.id, query.q, page),
        ({ application, organizationRoles }) => toOrganizationApplicationResponse(application, organizationRoles),
      );
    },
  );

  app.post(
    '/api/organizations/:id/applications',
    { schema: { params: IdParamsSchema, body: OrganizationApplicationIdsBodySchema } },
    async (request, reply) => {
      await addOrganizationApplications(db, request.tenantId, request.params.id, request.body.applicationIds);
      return reply.status(201).send();
    },
  );

  app.put(
    '/api/organizations/:id/applications',
    { schema: { params: IdParamsSchema, body: ReplaceOrganizationApplicationIdsBodySchema } },
    async (request, reply) => {
      await replaceOrganizationApplications(db, request.tenantId, request.params.id, request.body.applicationIds);
      return reply.status(204).send();
    },
  );

  app.delete(
    '/api/organizations/:id/applications/:applicationId',
    { schema: { params: OrganizationApplicationParamsSchema } },
    async (request, reply) => {
      await removeOrganizationApplication(db, request.tenantId, request.params.id, request.params.applicationId);
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/organizations/:id/applications/roles',
    { schema: { params: IdParamsSchema, body: OrganizationApplicationsRolesBodySchema } },
    async (request, reply) => {
      const { applicationIds, organizationRoleIds } = request.body;
      await addRolesToApplications(db, request.tenantId, request.params.id, applicationIds, organizationRoleIds);
      return reply.status(201).send();
    },
  );

  app.get(
    '/api/organizations/:id/applications/:applicationId/roles',
    {
      schema: {
        params: OrganizationApplicationParamsSchema,
        querystring: Type.Object(PaginationQuery),
        response: { 200: Type.Array(OrganizationRoleResponseSchema) },
      },
    },
    async (request, reply) => {
      const { tenantId, params } = request;
      const page = parsePage(request.query);
      await assertApplicationMembership(db, tenantId, params.id, params.applicationId);
      return answerPage(
        reply,
        await listMemberRoles(db, tenantId, params.id, { applicationId: params.applicationId }, page),
        ({ role }) => role,
      );
    },
  );

  app.post(
    '/api/organizations/:id/applications/:applicationId/roles',
    { schema: { params: OrganizationApplicationParamsSchema, body: OrganizationRoleIdsBodySchema } },
    async (request, reply) => {
      const { id, applicationId } = request.params;
      await addApplicationRoles(db, request.tenantId, id, applicationId, request.body.organizationRoleIds);
      return reply.status(201).send();
    },
  );

  app.put(
    '/api/organizations/:id/applications/:applicationId/roles',
    { schema: { params: OrganizationApplicationParamsSchema, body: ReplaceOrganizationRoleIdsBodySchema } },
    async (request, reply) => {
      const { id, applicationId } = request.params;
      await replaceApplicationRoles(db, request.tenantId, id, applicationId, request.body.organizationRoleIds);
      return reply.status(204).send();
    },
  );

  app.delete(
    '/api/organizations/:id/applications/:applicationId/roles/:organizationRoleId',
    { schema: { params: OrganizationApplicationRoleParamsSchema } },
    async (request, reply) => {
      const { id, applicationId, organizationRoleId } = request.params;
      await removeApplicationRole(db, request.tenantId, id, applicationId, organizationRoleId);
      return reply.status(204).send();
    },
  );
}
