// What the Management API says about connector factories (from @idp/connectors' catalogue) and about
// a tenant's connectors: the factory's entry with the connector's own metadata laid over it.
import {
  availableConnectorFactories,
  connectorCatalogue,
  createConnector,
  isSocialConnector,
  type ConnectorFactory,
} from '@idp/connectors';
import type { Connector as ConnectorRow, ConnectorFactoryResponse, ConnectorMetadata, ConnectorResponse, JsonObject } from '@idp/schemas';
import { configCheckOnly } from './connector-errors.ts';

/** The factory of this id, if this process offers it (mock ones only while mock connectors are on). */
export const findFactory = (id: string): ConnectorFactory | undefined => availableConnectorFactories().find((factory) => factory.id === id);

export const isStandardFactory = (factory: ConnectorFactory) => connectorCatalogue[factory.id].isStandard === true;

export function toFactoryResponse(factory: ConnectorFactory): ConnectorFactoryResponse {
  const { isStandard = false, ...entry } = connectorCatalogue[factory.id];
  return {
    ...entry,
    id: factory.id,
    type: factory.type,
    logoDark: null,
    platform: factory.type === 'Social' ? 'Universal' : null,
    isStandard,
    isDemo: false,
    isTokenStorageSupported: false,
    isDevelopment: factory.development,
  };
}

export function readMetadata(value: JsonObject): ConnectorMetadata {
  const metadata: ConnectorMetadata = {};
  if (typeof value.target === 'string') metadata.target = value.target;
  if (typeof value.logo === 'string') metadata.logo = value.logo;
  if (typeof value.logoDark === 'string' || value.logoDark === null) metadata.logoDark = value.logoDark;
  if (typeof value.name === 'object' && value.name !== null && !Array.isArray(value.name)) {
    metadata.name = Object.fromEntries(
      Object.entries(value.name).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    );
  }
  return metadata;
}

/** The identity namespace of a social connector, from its config (the one the Experience API uses). */
export function socialTarget(row: ConnectorRow, factory: ConnectorFactory): string {
  try {
    const connector = createConnector(factory.id, row.config, configCheckOnly);
    if (isSocialConnector(connector)) return connector.target;
  } catch {
    // A stored config that no longer validates: fall back to what the row's metadata says.
  }
  const { target } = readMetadata(row.metadata);
  return target ?? connectorCatalogue[factory.id].target;
}

export const targetOf = (row: ConnectorRow, factory: ConnectorFactory) =>
  factory.type === 'Social' ? socialTarget(row, factory) : connectorCatalogue[factory.id].target;

export function toConnectorResponse(row: ConnectorRow, factory: ConnectorFactory): ConnectorResponse {
  const base = toFactoryResponse(factory);
  const metadata = readMetadata(row.metadata);
  return {
    ...base,
    id: row.id,
    connectorId: row.connectorId,
    target: targetOf(row, factory),
    name: metadata.name ? { ...base.name, ...metadata.name } : base.name,
    logo: metadata.logo ?? base.logo,
    logoDark: metadata.logoDark === undefined ? base.logoDark : metadata.logoDark,
    syncProfile: row.syncProfile,
    enableTokenStorage: false,
    config: row.config,
    metadata,
  };
}
