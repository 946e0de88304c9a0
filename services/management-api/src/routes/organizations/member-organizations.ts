// The organizations seen from a member: /api/users/:userId/organizations and
// /api/applications/:id/organizations, each organization with the roles the member holds there.
import type { Db } from '@idp/db';
import { IdParamsSchema, OrganizationWithRolesResponseSchema, UserIdParamsSchema } from '@idp/schemas';
import type { App } from '@idp/server-kit';
import { Type } from 'typebox';
import { toOrganizationResponse } from '../../libraries/organizations.ts';
import { findApplication } from '../../queries/applications.ts';
import { listMemberOrganizations } from '../../queries/organizations.ts';
import { findUser } from '../../queries/users.ts';
import { answerPage, PaginationQuery, parseOptionalPage } from '../pagination.ts';

const PageQuery = Type.Object(PaginationQuery);
const response = { 200: Type.Array(OrganizationWithRolesResponseSchema) };

export function registerMemberOrganizationRoutes(app: App, { db }: { db: Db }): void {
  // Both lists are paged only when asked to (`page` or `page_size`), as in Logto.
  const answer = (reply: Parameters<typeof answerPage>[0], { rows, total }: Awaited<ReturnType<typeof listMemberOrganizations>>) => {
    const organizations = rows.map(({ organization, organizationRoles }) => ({
      ...toOrganizationResponse(organization),
      organizationRoles,
    }));
    return total === undefined ? organizations : answerPage(reply, { rows: organizations, total }, (organization) => organization);
  };

  app.get(
    '/api/users/:userId/organizations',
    { schema: { params: UserIdParamsSchema, querystring: PageQuery, response } },
    async (request, reply) => {
      const { tenantId, params } = request;
      const page = parseOptionalPage(request.query);
      await findUser(db, tenantId, params.userId);
      return answer(reply, await listMemberOrganizations(db, tenantId, { userId: params.userId }, page));
    },
  );

  app.get(
    '/api/applications/:id/organizations',
    { schema: { params: IdParamsSchema, querystring: PageQuery, response } },
    async (request, reply) => {
      const { tenantId, params } = request;
      const page = parseOptionalPage(request.query);
      await findApplication(db, tenantId, params.id);
      return answer(reply, await listMemberOrganizations(db, tenantId, { applicationId: params.id }, page));
    },
  );
}
