import { ConnectorError, createConnector, isOutboundRefusal, messageTypes, type MessageConnector, type MessageType } from '@idp/connectors';
import type { Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import type { Outbound } from '@idp/outbound';
import { connectors } from '@idp/schemas';
import { eq } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';

export type MessageSender = {
  send(tenantId: string, kind: 'Email' | 'Sms', message: { to: string; type: string; code: string }): Promise<void>;
  /** Fails as `send` would when the tenant has no connector of the kind, without sending anything. */
  assertConfigured(tenantId: string, kind: 'Email' | 'Sms'): Promise<void>;
};

// Sends verification codes through the tenant's email or SMS connector (the first one configured).
// Connector configs hold secrets: errors are logged by code only.
export function createMessageSender(db: Db, log: FastifyBaseLogger, outbound: Outbound): MessageSender {
  const find = async (tenantId: string, kind: 'Email' | 'Sms'): Promise<MessageConnector> => {
    const rows = await db.select().from(connectors).where(eq(connectors.tenantId, tenantId));
    for (const row of rows) {
      const connector = tryCreate(row.connectorId, row.config);
      if (connector && 'send' in connector && connector.type === kind) return connector;
    }
    // 501, as Logto answers a code that cannot be sent for want of a connector.
    throw new RequestError('connector.not_found', {
      message: `No ${kind === 'Email' ? 'email' : 'SMS'} connector is configured.`,
      status: 501,
    });
  };

  const tryCreate = (factoryId: string, config: unknown) => {
    try {
      return createConnector(factoryId, config, { outbound });
    } catch (error) {
      log.warn({ factoryId, code: error instanceof ConnectorError ? error.code : 'unknown' }, 'connector configuration is unusable');
      return undefined;
    }
  };

  return {
    async assertConfigured(tenantId, kind) {
      await find(tenantId, kind);
    },
    async send(tenantId, kind, { to, type, code }) {
      const connector = await find(tenantId, kind);
      try {
        const messageType = (messageTypes as readonly string[]).includes(type) ? (type as MessageType) : 'Generic';
        await connector.send({ to, type: messageType, payload: { code } });
      } catch (error) {
        log.warn(
          {
            factoryId: connector.factoryId,
            code: error instanceof ConnectorError ? error.code : 'unknown',
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
