// Sends a verification code through a tenant's email or SMS connector (the first usable one of the
// kind), for every service that sends codes (Experience API, Account API). The services read the
// tenant's connector rows and keep their own rate limits; this file picks the connector, sends, and
// maps failures to Logto's codes. Connector configs hold secrets: failures are logged by code only.
import { RequestError } from '@idp/errors';
import type { Outbound } from '@idp/outbound';

import { createConnector } from './registry.ts';
import { ConnectorError, isOutboundRefusal, messageTypes, type MessageConnector, type MessageType } from './types.ts';

export type MessageKind = 'Email' | 'Sms';

/** A row of the connectors table, as far as sending needs it. */
export type StoredConnector = { connectorId: string; config: unknown };

/** The part of a (pino) logger the sender writes to. */
export type MessageSenderLog = { warn(fields: Record<string, unknown>, message: string): void };

export type MessageSender = {
  /** `type` is Logto's template type; one the connectors do not know is sent as `Generic`. */
  send(tenantId: string, kind: MessageKind, message: OutgoingMessage): Promise<void>;
  /** Fails as `send` would when the tenant has no connector of the kind, without sending anything. */
  assertConfigured(tenantId: string, kind: MessageKind): Promise<void>;
};

/**
 * `payload` carries a template's other variables (an invitation's `link`, ...); `code` wins over a
 * `code` in it. Only string values reach the connector.
 */
export type OutgoingMessage = { to: string; type: string; code: string; payload?: Readonly<Record<string, unknown>> };

export type MessageSenderDeps = {
  findConnectors: (tenantId: string) => Promise<readonly StoredConnector[]>;
  outbound: Outbound;
  log: MessageSenderLog;
};

const errorCode = (error: unknown) => (error instanceof ConnectorError ? error.code : 'unknown');

export function createMessageSender({ findConnectors, outbound, log }: MessageSenderDeps): MessageSender {
  const find = async (tenantId: string, kind: MessageKind): Promise<MessageConnector> => {
    for (const row of await findConnectors(tenantId)) {
      try {
        const connector = createConnector(row.connectorId, row.config, { outbound });
        if ('send' in connector && connector.type === kind) return connector;
      } catch (error) {
        log.warn({ factoryId: row.connectorId, code: errorCode(error) }, 'connector configuration is unusable');
      }
    }
    // 501, as Logto answers a code that cannot be sent for want of a connector.
    throw new RequestError('connector.not_found', {
      message: `No ${kind === 'Email' ? 'email' : 'SMS'} connector is configured.`,
      status: 501,
    });
  };

  return {
    async assertConfigured(tenantId, kind) {
      await find(tenantId, kind);
    },
    async send(tenantId, kind, { to, type, code, payload = {} }) {
      const connector = await find(tenantId, kind);
      const messageType = (messageTypes as readonly string[]).includes(type) ? (type as MessageType) : 'Generic';
      try {
        const strings = Object.fromEntries(
          Object.entries(payload).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
        );
        await connector.send({ to, type: messageType, payload: { ...strings, code } });
      } catch (error) {
        log.warn(
          {
            factoryId: connector.factoryId,
            code: errorCode(error),
            // Names only the refused address and the setting, for the operator who has to fix it.
            ...(isOutboundRefusal(error) ? { reason: (error as Error).message } : {}),
          },
          'sending a verification code failed',
        );
        throw new RequestError('connector.general', { message: 'The verification code could not be sent.' });
      }
    },
  };
}
