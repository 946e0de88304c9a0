// /api/connectors: Logto's connector endpoints. The Experience API reads the same rows on every
// request, so a connector saved here is the one the next verification code goes through.
import type { Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import type { Outbound } from '@idp/outbound';
import {
  ConnectorAuthorizationUriBodySchema,
  ConnectorAuthorizationUriResponseSchema,
  ConnectorIdParamsSchema,
  ConnectorListQuerySchema,
  ConnectorResponseSchema,
  CreateConnectorBodySchema,
  IdParamsSchema,
  UpdateConnectorBodySchema,
} from '@idp/schemas';
import type { App } from '@idp/server-kit';
import { Type } from 'typebox';
import { toConnectorRequestError } from '../libraries/connector-errors.ts';
import { toConnectorResponse } from '../libraries/connector-responses.ts';
import { createConnector, deleteConnector, findConnector, listConnectors, updateConnector } from '../libraries/connectors.ts';
import { deriveSocialSecrets, findSocialConnector } from '../libraries/social-link.ts';
import { isWebUrl } from '../libraries/urls.ts';

const answer = ({ row, factory }: Awaited<ReturnType<typeof findConnector>>) => toConnectorResponse(row, factory);

export function registerConnectorRoutes(app: App, { db, outbound }: { db: Db; outbound: Outbound }): void {
  // Not paginated, as in Logto: a tenant has a handful of connectors.
  app.get(
    '/api/connectors',
    { schema: { querystring: ConnectorListQuerySchema, response: { 200: Type.Array(ConnectorResponseSchema) } } },
    async (request) => {
      const all = (await listConnectors(db, request.tenantId)).map(answer);
      const { target } = request.query;
      return target === undefined ? all : all.filter((connector) => connector.target === target);
    },
  );

  app.post(
    '/api/connectors',
    { schema: { body: CreateConnectorBodySchema, response: { 200: ConnectorResponseSchema } } },
    async (request) => answer(await createConnector(db, request.tenantId, request.body)),
  );

  app.get('/api/connectors/:id', { schema: { params: IdParamsSchema, response: { 200: ConnectorResponseSchema } } }, async (request) =>
    answer(await findConnector(db, request.tenantId, request.params.id)),
  );

  app.patch(
    '/api/connectors/:id',
    { schema: { params: IdParamsSchema, body: UpdateConnectorBodySchema, response: { 200: ConnectorResponseSchema } } },
    async (request) => answer(await updateConnector(db, request.tenantId, request.params.id, request.body)),
  );

  app.delete('/api/connectors/:id', { schema: { params: IdParamsSchema } }, async (request, reply) => {
    await deleteConnector(db, request.tenantId, request.params.id);
    return reply.status(204).send();
  });

  // The provider's sign-in page for a social connector, for linking an identity to a user with
  // POST /api/users/:userId/identities once the provider has sent the browser back to `redirectUri`.
  // The PKCE verifier and nonce are derived, not stored (see deriveSocialSecrets).
  app.post(
    '/api/connectors/:connectorId/authorization-uri',
    {
      schema: {
        params: ConnectorIdParamsSchema,
        body: ConnectorAuthorizationUriBodySchema,
        response: { 200: ConnectorAuthorizationUriResponseSchema },
      },
    },
    async (request) => {
      const { tenantId } = request;
      const { connectorId } = request.params;
      const { state, redirectUri } = request.body;
      // The schema checks the scheme; this checks the rest parses as a URL.
      if (!isWebUrl(redirectUri) || new URL(redirectUri).hash) {
        throw new RequestError('guard.invalid_input', {
          message: '`redirectUri` must be an http(s) URL without a fragment.',
          data: { field: 'redirectUri' },
        });
      }
      const connector = await findSocialConnector(db, tenantId, connectorId, outbound);
      const secrets = await deriveSocialSecrets(db, { tenantId, connectorId, state, redirectUri });
      try {
        return { redirectTo: await connector.getAuthorizationUri({ state, redirectUri, ...secrets }) };
      } catch (error) {
        throw toConnectorRequestError(error, 'The provider is not reachable.');
      }
    },
  );
}
