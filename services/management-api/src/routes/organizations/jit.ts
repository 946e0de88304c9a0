// /api/organizations/:id/jit: just-in-time provisioning. Users with a verified email in one of the
// organization's domains join it on sign-up, with its default (JIT) roles.
import type { Db } from '@idp/db';
import { notFound } from '@idp/errors';
import {
  IdParamsSchema,
  OrganizationEmailDomainBodySchema,
  OrganizationEmailDomainParamsSchema,
  OrganizationJitEmailDomainResponseSchema,
  OrganizationJitRoleParamsSchema,
  OrganizationRoleIdsBodySchema,
  OrganizationRoleResponseSchema,
  ReplaceOrganizationEmailDomainsBodySchema,
  ReplaceOrganizationRoleIdsBodySchema,
} from '@idp/schemas';
import type { App } from '@idp/server-kit';
import { Type } from 'typebox';
import { assertRolesOfType, writeLinks } from '../../libraries/organizations.ts';
import {
  insertJitEmailDomain,
  jitEmailDomainLinks,
  jitRoleLinks,
  listJitEmailDomains,
  listJitRoles,
} from '../../queries/organization-members.ts';
import { findOrganization } from '../../queries/organizations.ts';
import { answerPage, PaginationQuery, parseOptionalPage, parsePage } from '../pagination.ts';

// Domains compare without case, as email domains do.
const normalise = (domain: string) => domain.trim().toLowerCase();

export function registerOrganizationJitRoutes(app: App, { db }: { db: Db }): void {
  app.get(
    '/api/organizations/:id/jit/email-domains',
    {
      schema: {
        params: IdParamsSchema,
        querystring: Type.Object(PaginationQuery),
        response: { 200: Type.Array(OrganizationJitEmailDomainResponseSchema) },
      },
    },
    async (request, reply) => {
      const page = parsePage(request.query);
      await findOrganization(db, request.tenantId, request.params.id);
      return answerPage(reply, await listJitEmailDomains(db, request.tenantId, request.params.id, page), (row) => row);
    },
  );

  app.post(
    '/api/organizations/:id/jit/email-domains',
    {
      schema: {
        params: IdParamsSchema,
        body: OrganizationEmailDomainBodySchema,
        response: { 201: OrganizationJitEmailDomainResponseSchema },
      },
    },
    async (request, reply) => {
      const { tenantId, params } = request;
      const emailDomain = normalise(request.body.emailDomain);
      // Unlike the other links, a domain already there is a conflict (422), as in Logto.
      await writeLinks(() => insertJitEmailDomain(db, tenantId, params.id, emailDomain));
      return reply.status(201).send({ tenantId, organizationId: params.id, emailDomain });
    },
  );

  app.put(
    '/api/organizations/:id/jit/email-domains',
    { schema: { params: IdParamsSchema, body: ReplaceOrganizationEmailDomainsBodySchema } },
    async (request, reply) => {
      const { tenantId, params } = request;
      await findOrganization(db, tenantId, params.id);
      const domains = [...new Set(request.body.emailDomains.map(normalise))];
      await writeLinks(() => jitEmailDomainLinks.replace(db, tenantId, { organizationId: params.id }, domains));
      return reply.status(204).send();
    },
  );

  app.delete(
    '/api/organizations/:id/jit/email-domains/:emailDomain',
    { schema: { params: OrganizationEmailDomainParamsSchema } },
    async (request, reply) => {
      const { tenantId, params } = request;
      if (!(await jitEmailDomainLinks.delete(db, tenantId, { organizationId: params.id }, normalise(params.emailDomain)))) {
        throw notFound('The organization has no such just-in-time email domain.', { emailDomain: params.emailDomain });
      }
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/organizations/:id/jit/roles',
    {
      schema: {
        params: IdParamsSchema,
        querystring: Type.Object(PaginationQuery),
        response: { 200: Type.Array(OrganizationRoleResponseSchema) },
      },
    },
    async (request, reply) => {
      // Logto pages this list only when asked to.
      const page = parseOptionalPage(request.query);
      await findOrganization(db, request.tenantId, request.params.id);
      const { rows, total } = await listJitRoles(db, request.tenantId, request.params.id, page);
      const roles = rows.map(({ role }) => role);
      return total === undefined ? roles : answerPage(reply, { rows: roles, total }, (role) => role);
    },
  );

  app.post(
    '/api/organizations/:id/jit/roles',
    { schema: { params: IdParamsSchema, body: OrganizationRoleIdsBodySchema } },
    async (request, reply) => {
      const { tenantId, params, body } = request;
      await assertRolesOfType(db, tenantId, body.organizationRoleIds, 'User');
      await writeLinks(() => jitRoleLinks.insert(db, tenantId, { organizationId: params.id }, body.organizationRoleIds));
      return reply.status(201).send();
    },
  );

  app.put(
    '/api/organizations/:id/jit/roles',
    { schema: { params: IdParamsSchema, body: ReplaceOrganizationRoleIdsBodySchema } },
    async (request, reply) => {
      const { tenantId, params, body } = request;
      await assertRolesOfType(db, tenantId, body.organizationRoleIds, 'User');
      const ids = [...new Set(body.organizationRoleIds)];
      await writeLinks(() => jitRoleLinks.replace(db, tenantId, { organizationId: params.id }, ids));
      return reply.status(204).send();
    },
  );

  app.delete(
    '/api/organizations/:id/jit/roles/:organizationRoleId',
    { schema: { params: OrganizationJitRoleParamsSchema } },
    async (request, reply) => {
      const { tenantId, params } = request;
      if (!(await jitRoleLinks.delete(db, tenantId, { organizationId: params.id }, params.organizationRoleId))) {
        throw notFound('The organization has no such just-in-time role.', { organizationRoleId: params.organizationRoleId });
      }
      return reply.status(204).send();
    },
  );
}
