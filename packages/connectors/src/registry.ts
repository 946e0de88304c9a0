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

/**
 * Whether the development factories (Logto's mock connectors) may be used: only when the process
 * runs with `MOCK_CONNECTORS=true` (or `1`). The launcher sets it from its own MOCK_CONNECTORS
 * (on by default, for local development); a deployment that sets nothing has no mock connectors,
 * as Logto's images have none. Read at each call, so a test can switch it.
 */
export function mockConnectorsEnabled(): boolean {
  const value = process.env.MOCK_CONNECTORS?.trim().toLowerCase();
  return value === 'true' || value === '1';
}

/** The factories this process offers: every one, but the development ones only when enabled. */
export function availableConnectorFactories(): readonly ConnectorFactory[] {
  return mockConnectorsEnabled() ? connectorFactories : connectorFactories.filter((factory) => !factory.development);
}

export function isConnectorFactoryId(value: string): value is ConnectorFactoryId {
  return (connectorFactoryIds as readonly string[]).includes(value);
}

/**
 * Builds the connector for a factory id from its stored config. Throws `connector.not_found` for an
 * unknown factory id (or a mock one while mock connectors are off) and `connector.invalid_config` (listing every problem, never a value) for a
 * config the factory rejects.
 */
export function createConnector<F extends ConnectorFactoryId>(factoryId: F, config: unknown, context: ConnectorContext): FactoryTable[F];
export function createConnector(factoryId: string, config: unknown, context: ConnectorContext): Connector;
export function createConnector(factoryId: string, config: unknown, context: ConnectorContext): Connector {
  const factory = availableConnectorFactories().find((candidate) => candidate.id === factoryId);
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
