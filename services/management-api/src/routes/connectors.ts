import { connectorFactories, isMessageConnector } from '@idp/connectors';
import type { Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import {
  ConnectorAuthorizationUriBodySchema,
  ConnectorAuthorizationUriResponseSchema,
  ConnectorFactoryIdParamsSchema,
  ConnectorFactoryParamsSchema,
  ConnectorFactoryResponseSchema,
  ConnectorIdParamsSchema,
  ConnectorListQuerySchema,
  ConnectorResponseSchema,
  CreateConnectorBodySchema,
  IdParamsSchema,
  TestConnectorBodySchema,
  UpdateConnectorBodySchema,
} from '@idp/schemas';
import type { App } from '@idp/server-kit';
import { Type } from 'typebox';
import {
  buildConnector,
  createTenantConnector,
  deleteTenantConnector,
  findConnector,
  findFactory,
  listConnectors,
  toConnectorRequestError,
  toConnectorResponse,
  toFactoryResponse,
  updateTenantConnector,
} from '../queries/connectors.ts';
import { deriveSocialSecrets, findSocialConnector } from '../queries/social-link.ts';

// Logto's connector endpoints. The Experience API reads the same rows on every request, so a
// connector saved here is the one the next verification code goes through.
export function registerConnectorRoutes(app: App, db: Db): void {
  app.get(
    '/api/connector-factories',
    { schema: { response: { 200: Type.Array(ConnectorFactoryResponseSchema) } } },
    async () => connectorFactories.map(toFactoryResponse),
  );

  app.get(
    '/api/connector-factories/:id',
    { schema: { params: ConnectorFactoryParamsSchema, response: { 200: ConnectorFactoryResponseSchema } } },
    async (request) => {
      const factory = findFactory(request.params.id);
      if (!factory) {
        throw new RequestError('entity.not_found', { message: `There is no connector factory with id \`${request.params.id}\`.`, data: { id: request.params.id } });
      }
      return toFactoryResponse(factory);
    },
  );

  // Not paginated, as in Logto: a tenant has a handful of connectors.
  app.get(
    '/api/connectors',
    { schema: { querystring: ConnectorListQuerySchema, response: { 200: Type.Array(ConnectorResponseSchema) } } },
    async (request) => {
      const all = (await listConnectors(db, request.tenantId)).map(({ row, factory }) => toConnectorResponse(row, factory));
      const { target } = request.query;
      return target === undefined ? all : all.filter((connector) => connector.target === target);
    },
  );

  app.post(
    '/api/connectors',
    { schema: { body: CreateConnectorBodySchema, response: { 200: ConnectorResponseSchema } } },
    async (request) => {
      const { row, factory } = await createTenantConnector(db, request.tenantId, request.body);
      return toConnectorResponse(row, factory);
    },
  );

  app.get(
    '/api/connectors/:id',
    { schema: { params: IdParamsSchema, response: { 200: ConnectorResponseSchema } } },
    async (request) => {
      const { row, factory } = await findConnector(db, request.tenantId, request.params.id);
      return toConnectorResponse(row, factory);
    },
  );

  app.patch(
    '/api/connectors/:id',
    { schema: { params: IdParamsSchema, body: UpdateConnectorBodySchema, response: { 200: ConnectorResponseSchema } } },
    async (request) => {
      const { row, factory } = await updateTenantConnector(db, request.tenantId, request.params.id, request.body);
      return toConnectorResponse(row, factory);
    },
  );

  app.delete('/api/connectors/:id', { schema: { params: IdParamsSchema } }, async (request, reply) => {
    await deleteTenantConnector(db, request.tenantId, request.params.id);
    return reply.status(204).send();
  });

  // The provider's sign-in page for a social connector, for linking an identity to a user with
  // POST /api/users/:userId/identities once the provider has sent the browser back to `redirectUri`.
  // The PKCE verifier and nonce are derived, not stored (see deriveSocialSecrets).
  app.post(
    '/api/connectors/:connectorId/authorization-uri',
    { schema: { params: ConnectorIdParamsSchema, body: ConnectorAuthorizationUriBodySchema, response: { 200: ConnectorAuthorizationUriResponseSchema } } },
    async (request) => {
      const { tenantId } = request;
      const { connectorId } = request.params;
      const { state, redirectUri } = request.body;
      assertWebUrl(redirectUri);
      const connector = await findSocialConnector(db, tenantId, connectorId);
      const secrets = await deriveSocialSecrets(db, { tenantId, connectorId, state, redirectUri });
      try {
        return { redirectTo: await connector.getAuthorizationUri({ state, redirectUri, ...secrets }) };
      } catch (error) {
        throw toConnectorRequestError(error, 'The provider is not reachable.');
      }
    },
  );

  // Sends a test message through a connector built from the given config (nothing is stored), so
  // an administrator can try a config before saving it. `phone` wins over `email`, as in Logto.
  app.post(
    '/api/connectors/:factoryId/test',
    { schema: { params: ConnectorFactoryIdParamsSchema, body: TestConnectorBodySchema } },
    async (request, reply) => {
      const { factoryId } = request.params;
      const { phone, email, config, locale } = request.body;
      const to = phone ?? email;
      if (to === undefined) {
        throw new RequestError('guard.invalid_input', { message: 'Give `email` or `phone` to send the test message to.' });
      }
      const expectedType = phone === undefined ? 'Email' : 'Sms';
      const factory = findFactory(factoryId);
      if (!factory || factory.type === 'Social') {
        throw new RequestError('connector.not_found', {
          message: `There is no email or SMS connector factory with id \`${factoryId}\`.`,
          data: { factoryId, type: expectedType },
        });
      }
      if (factory.type !== expectedType) {
        throw new RequestError('connector.unexpected_type', {
          message: `The \`${factoryId}\` connector sends ${factory.type === 'Email' ? 'email' : 'SMS'}; give ${factory.type === 'Email' ? '`email`' : '`phone`'}.`,
          data: { factoryId, type: factory.type },
        });
      }
      const connector = buildConnector(factory, config);
      if (!isMessageConnector(connector)) throw new RequestError('connector.unexpected_type', { data: { factoryId } });
      try {
        await connector.send({ to, type: 'Generic', payload: { code: '000000', ...(locale === undefined ? {} : { locale }) } });
      } catch (error) {
        throw toConnectorRequestError(error, 'The test message could not be sent.');
      }
      return reply.status(204).send();
    },
  );
}

/** The schema checks the scheme; this checks the rest parses as a URL. */
function assertWebUrl(value: string): void {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hash) {
    throw new RequestError('guard.invalid_input', { message: '`redirectUri` must be an http(s) URL without a fragment.', data: { field: 'redirectUri' } });
  }
}
