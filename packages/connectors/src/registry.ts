// Maps a factory id (the `connector_id` column of the connectors table) to the code that builds a
// connector from that row's config. Adding a connector means adding one entry here.
import { createHttpSmsConnector, httpSmsFactoryId } from './http-sms.ts';
import {
  createMockEmailAlternativeConnector,
  createMockEmailConnector,
  createMockSmsConnector,
  createMockSocialConnector,
  mockEmailAlternativeFactoryId,
  mockEmailFactoryId,
  mockSmsFactoryId,
  mockSocialFactoryId,
} from './mock.ts';
import { createOidcConnector, oidcFactoryId } from './oidc.ts';
import { createSmtpConnector, smtpFactoryId } from './smtp.ts';
import { ConnectorError, type Connector, type ConnectorContext, type MessageConnector, type SocialConnector } from './types.ts';

type FactoryTable = {
  [smtpFactoryId]: MessageConnector;
  [httpSmsFactoryId]: MessageConnector;
  [mockEmailFactoryId]: MessageConnector;
  [mockSmsFactoryId]: MessageConnector;
  [oidcFactoryId]: SocialConnector;
  [mockEmailAlternativeFactoryId]: MessageConnector;
  [mockSocialFactoryId]: SocialConnector;
};
export type ConnectorFactoryId = keyof FactoryTable;

export type ConnectorFactory = {
  id: ConnectorFactoryId;
  /** Logto's connector type: which kind of connector the factory builds. */
  type: 'Email' | 'Sms' | 'Social';
  /** Whether the factory is meant only for local development and tests. */
  development: boolean;
  create: (config: unknown, context: ConnectorContext) => Connector;
};

export const connectorFactories: readonly ConnectorFactory[] = [
  { id: smtpFactoryId, type: 'Email', development: false, create: createSmtpConnector },
  { id: httpSmsFactoryId, type: 'Sms', development: false, create: createHttpSmsConnector },
  { id: mockEmailFactoryId, type: 'Email', development: true, create: createMockEmailConnector },
  { id: mockSmsFactoryId, type: 'Sms', development: true, create: createMockSmsConnector },
  { id: oidcFactoryId, type: 'Social', development: false, create: createOidcConnector },
  { id: mockEmailAlternativeFactoryId, type: 'Email', development: true, create: createMockEmailAlternativeConnector },
  { id: mockSocialFactoryId, type: 'Social', development: true, create: createMockSocialConnector },
];

export const connectorFactoryIds: readonly ConnectorFactoryId[] = connectorFactories.map((factory) => factory.id);

export function isConnectorFactoryId(value: string): value is ConnectorFactoryId {
  return (connectorFactoryIds as readonly string[]).includes(value);
}

/**
 * Builds the connector for a factory id from its stored config. Throws `connector.not_found` for an
 * unknown factory id and `connector.invalid_config` (listing every problem, never a value) for a
 * config the factory rejects.
 */
export function createConnector<F extends ConnectorFactoryId>(factoryId: F, config: unknown, context: ConnectorContext): FactoryTable[F];
export function createConnector(factoryId: string, config: unknown, context: ConnectorContext): Connector;
export function createConnector(factoryId: string, config: unknown, context: ConnectorContext): Connector {
  const factory = connectorFactories.find((candidate) => candidate.id === factoryId);
  if (!factory) {
    throw new ConnectorError('connector.not_found', `There is no connector factory with id "${factoryId}".`, {
      data: { factoryId },
    });
  }
  return factory.create(config, context);
}

export function isMessageConnector(connector: Connector): connector is MessageConnector {
  return connector.type !== 'Social';
}

export function isSocialConnector(connector: Connector): connector is SocialConnector {
  return connector.type === 'Social';
}
