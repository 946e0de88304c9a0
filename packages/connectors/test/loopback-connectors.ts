// The connector tests run their SMTP server, OP and SMS receiver on loopback, which the outbound
// guard refuses by default: these tests build connectors with an allow-list for loopback, as a
// local deployment would set in OUTBOUND_ALLOW_HOSTS.
import { createOutbound, parseAllowList } from '@idp/outbound';

import { createConnector as create, type Connector, type ConnectorContext, type ConnectorFactoryId } from '../src/index.ts';

export const loopbackContext: ConnectorContext = { outbound: createOutbound(parseAllowList('127.0.0.0/8,::1,localhost')) };

export function createConnector<F extends ConnectorFactoryId>(factoryId: F, config: unknown): ReturnType<typeof create<F>>;
export function createConnector(factoryId: string, config: unknown): Connector;
export function createConnector(factoryId: string, config: unknown): Connector {
  return create(factoryId, config, loopbackContext);
}
