// /api/connector-factories: the kinds of connector this build can make, and
// /api/connectors/:factoryId/test, which tries a factory's config before anything is saved.
import { availableConnectorFactories } from '@idp/connectors';
import type { Db } from '@idp/db';
import { notFound } from '@idp/errors';
import type { Outbound } from '@idp/outbound';
import {
  ConnectorFactoryIdParamsSchema,
  ConnectorFactoryParamsSchema,
  ConnectorFactoryResponseSchema,
  TestConnectorBodySchema,
} from '@idp/schemas';
import type { App } from '@idp/server-kit';
import { Type } from 'typebox';
import { findFactory, toFactoryResponse } from '../libraries/connector-responses.ts';
import { sendTestMessage } from '../libraries/connector-test.ts';

export function registerConnectorFactoryRoutes(app: App, { outbound }: { db: Db; outbound: Outbound }): void {
  app.get('/api/connector-factories', { schema: { response: { 200: Type.Array(ConnectorFactoryResponseSchema) } } }, async () =>
    availableConnectorFactories().map(toFactoryResponse),
  );

  app.get(
    '/api/connector-factories/:id',
    { schema: { params: ConnectorFactoryParamsSchema, response: { 200: ConnectorFactoryResponseSchema } } },
    async (request) => {
      const { id } = request.params;
      const factory = findFactory(id);
      if (!factory) throw notFound(`There is no connector factory with id \`${id}\`.`, { id });
      return toFactoryResponse(factory);
    },
  );

  // Tries a config before it is saved (see sendTestMessage).
  app.post(
    '/api/connectors/:factoryId/test',
    { schema: { params: ConnectorFactoryIdParamsSchema, body: TestConnectorBodySchema } },
    async (request, reply) => {
      await sendTestMessage(request.params.factoryId, request.body, outbound);
      return reply.status(204).send();
    },
  );
}
