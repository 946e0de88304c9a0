// The shared verification-code sender against a real node:http SMS receiver on loopback.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { createOutbound, parseAllowList } from '@idp/outbound';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { loopbackContext } from '../test/loopback-connectors.ts';
import { createMessageSender, type StoredConnector } from './index.ts';

let server: Server;
let endpoint: string;
let received: unknown[] = [];
let answerStatus = 204;
let warnings: Array<{ fields: Record<string, unknown>; message: string }> = [];
const log = { warn: (fields: Record<string, unknown>, message: string) => warnings.push({ fields, message }) };

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      response.writeHead(answerStatus).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  received = [];
  warnings = [];
  answerStatus = 204;
});

const senderOf = (rows: StoredConnector[], outbound = loopbackContext.outbound) =>
  createMessageSender({ findConnectors: async () => rows, outbound, log });

describe('createMessageSender', () => {
  it('answers 501 connector.not_found when the tenant has no connector of the kind', async () => {
    const sender = senderOf([{ connectorId: 'http-sms', config: { endpoint } }]);
    const notFound = { code: 'connector.not_found', status: 501, message: 'No email connector is configured.' };
    await expect(sender.send('t', 'Email', { to: 'a@example.com', type: 'SignIn', code: '123456' })).rejects.toMatchObject(notFound);
    await expect(sender.assertConfigured('t', 'Email')).rejects.toMatchObject(notFound);
    await expect(sender.assertConfigured('t', 'Sms')).resolves.toBeUndefined();
    expect(received).toEqual([]);
  });

  it('skips an unusable connector, logging its code only, and sends through the next one', async () => {
    const sender = senderOf([
      { connectorId: 'http-sms', config: { endpoint: 'https://user:hunter22@example.com/sms' } },
      { connectorId: 'http-sms', config: { endpoint } },
    ]);
    await sender.send('t', 'Sms', { to: '15555550123', type: 'Register', code: '123456' });
    expect(received).toEqual([{ to: '15555550123', type: 'Register', payload: { code: '123456' } }]);
    expect(warnings).toEqual([
      { fields: { factoryId: 'http-sms', code: 'connector.invalid_config' }, message: 'connector configuration is unusable' },
    ]);
  });

  it('sends a template type the connectors do not know as Generic', async () => {
    await senderOf([{ connectorId: 'http-sms', config: { endpoint } }]).send('t', 'Sms', { to: '1555', type: 'Nonsense', code: '1' });
    expect(received).toEqual([{ to: '1555', type: 'Generic', payload: { code: '1' } }]);
  });

  it('turns a provider failure into connector.general', async () => {
    answerStatus = 500;
    const sender = senderOf([{ connectorId: 'http-sms', config: { endpoint, authorization: 'Bearer s3cret' } }]);
    await expect(sender.send('t', 'Sms', { to: '1555', type: 'SignIn', code: '1' })).rejects.toMatchObject({
      code: 'connector.general',
      status: 400,
    });
    expect(warnings).toEqual([
      { fields: { factoryId: 'http-sms', code: 'connector.general' }, message: 'sending a verification code failed' },
    ]);
  });

  it('names the refused address when the outbound guard refuses the connector', async () => {
    const sender = senderOf([{ connectorId: 'http-sms', config: { endpoint } }], createOutbound(parseAllowList('')));
    await expect(sender.send('t', 'Sms', { to: '1555', type: 'SignIn', code: '1' })).rejects.toMatchObject({ code: 'connector.general' });
    expect(received).toEqual([]);
    expect(warnings[0]?.fields.reason).toEqual(expect.stringContaining('127.0.0.1'));
  });
});
