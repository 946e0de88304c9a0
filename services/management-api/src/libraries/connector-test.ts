import { isMessageConnector } from '@idp/connectors';
import { RequestError } from '@idp/errors';
import type { Outbound } from '@idp/outbound';
import type { TestConnectorBody } from '@idp/schemas';
import { buildConnector, toConnectorRequestError } from './connector-errors.ts';
import { findFactory } from './connector-responses.ts';

/**
 * Sends a test message through a connector built from the given config (nothing is stored), so an
 * administrator can try a config before saving it. `phone` wins over `email`, as in Logto.
 */
export async function sendTestMessage(factoryId: string, body: TestConnectorBody, outbound: Outbound): Promise<void> {
  const { phone, email, config, locale } = body;
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
  const connector = buildConnector(factory, config, { outbound });
  if (!isMessageConnector(connector)) throw new RequestError('connector.unexpected_type', { data: { factoryId } });
  try {
    await connector.send({ to, type: 'Generic', payload: { code: '000000', ...(locale === undefined ? {} : { locale }) } });
  } catch (error) {
    throw toConnectorRequestError(error, 'The test message could not be sent.');
  }
}
