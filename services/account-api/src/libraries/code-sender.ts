// Sends a verification code through the tenant's email or SMS connector (the first usable one), as
// the Experience API does. Connector configs hold secrets: failures are logged by code only.
import { ConnectorError, createConnector, isOutboundRefusal, type MessageConnector, type MessageType } from '@idp/connectors';
import type { Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import type { Outbound } from '@idp/outbound';
import { connectors } from '@idp/schemas';
import { eq } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';

export type CodeSender = (
  tenantId: string,
  kind: 'Email' | 'Sms',
  message: { to: string; type: MessageType; code: string },
) => Promise<void>;

export function createCodeSender(db: Db, log: FastifyBaseLogger, outbound: Outbound): CodeSender {
  const find = async (tenantId: string, kind: 'Email' | 'Sms'): Promise<MessageConnector> => {
    const rows = await db.select().from(connectors).where(eq(connectors.tenantId, tenantId));
    for (const row of rows) {
      try {
        const connector = createConnector(row.connectorId, row.config, { outbound });
        if ('send' in connector && connector.type === kind) return connector;
      } catch (error) {
        log.warn({ factoryId: row.connectorId, code: error instanceof ConnectorError ? error.code : 'unknown' }, 'connector unusable');
      }
    }
    throw new RequestError('connector.not_found', { message: `No ${kind === 'Email' ? 'email' : 'SMS'} connector is configured.` });
  };

  return async (tenantId, kind, { to, type, code }) => {
    const connector = await find(tenantId, kind);
    try {
      await connector.send({ to, type, payload: { code } });
    } catch (error) {
      log.warn(
        {
          factoryId: connector.factoryId,
          code: error instanceof ConnectorError ? error.code : 'unknown',
          ...(isOutboundRefusal(error) ? { reason: (error as Error).message } : {}),
        },
        'sending a verification code failed',
      );
      throw new RequestError('connector.general', { message: 'The verification code could not be sent.' });
    }
  };
}
