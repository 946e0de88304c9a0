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
  type OidcClientMetadata,
} from '@idp/schemas';
import type { App } from '@idp/server-kit';
import { Type } from 'typebox';
import {
  deleteApplication,
  findApplication,
  insertApplication,
  insertProtectedApplication,
  isManagementApiAdmin,
  listApplications,
  setManagementApiAdmin,
  toApplicationResponse,
  updateApplication,
} from '../queries/applications.ts';
import { PaginationQuery, parsePage, setTotal } from './pagination.ts';
import { assertPageRules, buildProtectedApp, protectedAppOrigin } from './protected-apps.ts';

const applicationTypes = new Set<string>(ApplicationTypeSchema.anyOf.map((literal) => String(literal.const)));

// `types` may repeat (`?types=SPA&types=Native`); Fastify's parser then gives an array.
function parseTypes(value: string | string[] | undefined): ApplicationType[] | undefined {
  if (value === undefined) return undefined;
  const types = Array.isArray(value) ? value : [value];
  const unknown = types.filter((type) => !applicationTypes.has(type));
  if (unknown.length > 0) {
    throw new RequestError('guard.invalid_input', { message: `Unknown application type: ${unknown.join(', ')}.`, data: { types: unknown } });
  }
  return types as ApplicationType[];
}

// Redirect URIs must be absolute URLs without a fragment; web apps only over http(s), native apps
// may use their own scheme.
function assertValidUris(type: ApplicationType, metadata: Partial<OidcClientMetadata> | undefined): void {
  if (!metadata) return;
  const check = (field: string, uri: string, allowCustomScheme: boolean) => {
    let url: URL;
    try {
      url = new URL(uri);
    } catch {
      throw new RequestError('guard.invalid_input', { message: `\`${field}\` holds an invalid URI: ${uri}`, data: { field, uri } });
    }
    const web = url.protocol === 'http:' || url.protocol === 'https:';
    if (url.hash || (!web && !allowCustomScheme)) {
      throw new RequestError('guard.invalid_input', { message: `\`${field}\` holds a URI this app type cannot use: ${uri}`, data: { field, uri } });
    }
  };
  const native = type === 'Native';
  for (const uri of metadata.redirectUris ?? []) check('redirectUris', uri, native);
  for (const uri of metadata.postLogoutRedirectUris ?? []) check('postLogoutRedirectUris', uri, native);
  if (metadata.backchannelLogoutUri) check('backchannelLogoutUri', metadata.backchannelLogoutUri, false);
  if (metadata.logoUri) check('logoUri', metadata.logoUri, false);
}

export function registerApplicationRoutes(app: App, db: Db, options: { protectedAppDomain: string }): void {
  app.get(
    '/api/applications',
    {
      schema: {
        querystring: Type.Object({
          ...PaginationQuery,
          types: Type.Optional(Type.Union([Type.String(), Type.Array(Type.String())])),
          isThirdParty: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])),
          search: Type.Optional(Type.String({ maxLength: 256 })),
        }),
        response: { 200: Type.Array(ApplicationResponseSchema) },
      },
    },
    async (request, reply) => {
      const { types, isThirdParty, search } = request.query;
      const { rows, total } = await listApplications(
        db,
        request.tenantId,
        { types: parseTypes(types), isThirdParty: isThirdParty === undefined ? undefined : isThirdParty === 'true', search },
        parsePage(request.query),
      );
      setTotal(reply, total);
      return rows.map(toApplicationResponse);
    },
  );

  app.post(
    '/api/applications',
    { schema: { body: CreateApplicationBodySchema, response: { 200: ApplicationResponseSchema } } },
    async (request) => {
      const { oidcClientMetadata, protectedAppMetadata, ...rest } = request.body;
      if (rest.type === 'SAML') {
        throw new RequestError('guard.invalid_input', { message: 'Creating SAML applications is not supported yet.' });
      }
      if (rest.isThirdParty && rest.type !== 'Traditional') throw new RequestError('application.invalid_third_party_application_type');
      if (rest.type === 'Protected') {
        if (!protectedAppMetadata) throw new RequestError('application.protected_app_metadata_is_required');
        if (oidcClientMetadata) {
          throw new RequestError('guard.invalid_input', {
            message: "A protected app's redirect URIs follow from its host: leave `oidcClientMetadata` out.",
            data: { field: 'oidcClientMetadata' },
          });
        }
        const created = await insertProtectedApplication(db, {
          ...rest,
          tenantId: request.tenantId,
          ...buildProtectedApp(protectedAppMetadata, options.protectedAppDomain),
        });
        return toApplicationResponse(created);
      }
      if (protectedAppMetadata) throw new RequestError('application.protected_application_only', { data: { field: 'protectedAppMetadata' } });
      assertValidUris(rest.type, oidcClientMetadata);
      const created = await insertApplication(db, {
        ...rest,
        tenantId: request.tenantId,
        oidcClientMetadata: oidcClientMetadata ?? { redirectUris: [], postLogoutRedirectUris: [] },
      });
      return toApplicationResponse(created);
    },
  );

  app.get(
    '/api/applications/:id',
    { schema: { params: IdParamsSchema, response: { 200: ApplicationDetailsResponseSchema } } },
    async (request) => {
      const [application, isAdmin] = await Promise.all([
        findApplication(db, request.tenantId, request.params.id),
        isManagementApiAdmin(db, request.tenantId, request.params.id),
      ]);
      return { ...toApplicationResponse(application), isAdmin };
    },
  );

  app.patch(
    '/api/applications/:id',
    { schema: { params: IdParamsSchema, body: UpdateApplicationBodySchema, response: { 200: ApplicationResponseSchema } } },
    async (request) => {
      const { tenantId } = request;
      const { id } = request.params;
      const { isAdmin, oidcClientMetadata, customClientMetadata, protectedAppMetadata, ...rest } = request.body;
      const existing = await findApplication(db, tenantId, id);
      assertValidUris(existing.type, oidcClientMetadata);
      // `null` changes nothing, as in Logto; an object is merged into the stored metadata.
      let protectedAppUpdate = {};
      if (protectedAppMetadata) {
        if (existing.type !== 'Protected') throw new RequestError('application.protected_application_only', { data: { field: 'protectedAppMetadata' } });
        if (!existing.protectedAppMetadata) throw new RequestError('application.protected_application_misconfigured', { data: { id } });
        const { origin, pageRules, ...others } = protectedAppMetadata;
        if (pageRules) assertPageRules(pageRules);
        protectedAppUpdate = {
          protectedAppMetadata: {
            ...existing.protectedAppMetadata,
            ...others,
            ...(pageRules ? { pageRules } : {}),
            ...(origin === undefined ? {} : { origin: protectedAppOrigin(origin) }),
          },
        };
      }
      if (isAdmin !== undefined) {
        if (existing.type !== 'MachineToMachine') {
          throw new RequestError('guard.invalid_input', { message: 'Only machine-to-machine apps can be Management API admins.' });
        }
        await setManagementApiAdmin(db, tenantId, id, isAdmin);
      }
      const updated = await updateApplication(db, tenantId, id, {
        ...rest,
        ...protectedAppUpdate,
        ...(oidcClientMetadata ? { oidcClientMetadata: { ...existing.oidcClientMetadata, ...oidcClientMetadata } } : {}),
        ...(customClientMetadata ? { customClientMetadata: { ...existing.customClientMetadata, ...customClientMetadata } } : {}),
      });
      return toApplicationResponse(updated);
    },
  );

  app.delete('/api/applications/:id', { schema: { params: IdParamsSchema } }, async (request, reply) => {
    await deleteApplication(db, request.tenantId, request.params.id);
    return reply.status(204).send();
  });
}
