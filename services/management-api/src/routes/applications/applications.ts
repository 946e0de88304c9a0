// /api/applications and /api/applications/:id.
import type { Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import {
  ApplicationDetailsResponseSchema,
  ApplicationResponseSchema,
  ApplicationTypeSchema,
  CreateApplicationBodySchema,
  IdParamsSchema,
  UpdateApplicationBodySchema,
  type ApplicationType,
} from '@idp/schemas';
import type { App } from '@idp/server-kit';
import { Type } from 'typebox';
import { createApplication, findApplicationDetails, toApplicationResponse, updateApplication } from '../../libraries/applications.ts';
import { deleteApplication, listApplications } from '../../queries/applications.ts';
import { answerPage, everyRow, PaginationQuery, SearchParam, parseOptionalPage } from '../pagination.ts';
import { applicationSearchFields, buildSearch, searchParamsOf, withSearchPatterns } from '../../libraries/list-search.ts';

const applicationTypes = new Set<string>(ApplicationTypeSchema.anyOf.map((literal) => String(literal.const)));

// `types` may repeat (`?types=SPA&types=Native`); Fastify's parser then gives an array.
function parseTypes(value: string | string[] | undefined): ApplicationType[] | undefined {
  if (value === undefined) return undefined;
  const types = Array.isArray(value) ? value : [value];
  const unknown = types.filter((type) => !applicationTypes.has(type));
  if (unknown.length > 0) {
    throw new RequestError('guard.invalid_input', {
      message: `Unknown application type: ${unknown.join(', ')}.`,
      data: { types: unknown },
    });
  }
  return types as ApplicationType[];
}

export function registerApplicationCoreRoutes(app: App, { db, protectedAppDomain }: { db: Db; protectedAppDomain: string }): void {
  app.get(
    '/api/applications',
    {
      schema: {
        querystring: Type.Object({
          ...PaginationQuery,
          types: Type.Optional(Type.Union([Type.String(), Type.Array(Type.String())])),
          isThirdParty: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])),
          search: SearchParam,
        }),
        response: { 200: Type.Array(ApplicationResponseSchema) },
      },
    },
    async (request, reply) => {
      const { types, isThirdParty } = request.query;
      const search = buildSearch(searchParamsOf(request.url), applicationSearchFields);
      const filter = { types: parseTypes(types), isThirdParty: isThirdParty === undefined ? undefined : isThirdParty === 'true', search };
      // Paged only when asked to (Logto's optional paging): without page parameters, every app.
      const page = parseOptionalPage(request.query);
      const applications = await withSearchPatterns(() => listApplications(db, request.tenantId, filter, page ?? everyRow));
      return page ? answerPage(reply, applications, toApplicationResponse) : applications.rows.map(toApplicationResponse);
    },
  );

  app.post(
    '/api/applications',
    { schema: { body: CreateApplicationBodySchema, response: { 200: ApplicationResponseSchema } } },
    async (request) => {
      const { application, defaultSecret } = await createApplication(db, request.tenantId, request.body, protectedAppDomain);
      // The one answer that shows the secret a confidential client authenticates with (its
      // `Default secret`, listed under /secrets too); public clients have none.
      return { ...toApplicationResponse(application), ...(defaultSecret === undefined ? {} : { secret: defaultSecret }) };
    },
  );

  app.get(
    '/api/applications/:id',
    { schema: { params: IdParamsSchema, response: { 200: ApplicationDetailsResponseSchema } } },
    async (request) => findApplicationDetails(db, request.tenantId, request.params.id),
  );

  app.patch(
    '/api/applications/:id',
    { schema: { params: IdParamsSchema, body: UpdateApplicationBodySchema, response: { 200: ApplicationResponseSchema } } },
    async (request) => toApplicationResponse(await updateApplication(db, request.tenantId, request.params.id, request.body)),
  );

  app.delete('/api/applications/:id', { schema: { params: IdParamsSchema } }, async (request, reply) => {
    await deleteApplication(db, request.tenantId, request.params.id);
    return reply.status(204).send();
  });
}
