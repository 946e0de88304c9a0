// Posts to a real node:http receiver on loopback and checks what it received.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { createConnector } from '../test/loopback-connectors.ts';
import { ConnectorError } from './index.ts';

type Received = { method: string; url: string; headers: IncomingHttpHeaders; body: string };

let server: Server;
let baseUrl: string;
let received: Received[] = [];
// The status the receiver answers with; a test changes it to simulate a failing provider.
let answerStatus = 204;

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      response.writeHead(answerStatus, { 'content-type': 'application/json' });
      response.end(answerStatus === 204 ? undefined : JSON.stringify({ error: 'provider exploded' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  received = [];
  answerStatus = 204;
});

describe('http-sms connector', () => {
  it('POSTs { to, type, payload } as JSON with the configured Authorization header', async () => {
    const connector = createConnector('http-sms', { endpoint: `${baseUrl}/sms?route=otp`, authorization: 'Bearer sms-t0ken' });
    expect(connector).toMatchObject({ factoryId: 'http-sms', type: 'Sms' });
    await connector.send({ to: '+15555550123', type: 'Register', payload: { code: '987654', locale: 'fr' } });

    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/sms?route=otp');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers.authorization).toBe('Bearer sms-t0ken');
    expect(JSON.parse(request?.body ?? '')).toEqual({
      to: '+15555550123',
      type: 'Register',
      payload: { code: '987654', locale: 'fr' },
    });
  });

  it('sends no Authorization header when none is configured', async () => {
    await createConnector('http-sms', { endpoint: `${baseUrl}/sms` }).send({
      to: '+15555550124',
      type: 'SignIn',
      payload: { code: '1' },
    });
    expect(received[0]?.headers.authorization).toBeUndefined();
  });

  it('turns a non-2xx answer into a ConnectorError carrying the status, without the credential', async () => {
    answerStatus = 500;
    const connector = createConnector('http-sms', { endpoint: `${baseUrl}/sms`, authorization: 'Bearer sms-t0ken' });
    const error: unknown = await connector.send({ to: '+15555550125', type: 'SignIn', payload: { code: '2' } }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ code: 'connector.general', data: { status: 500 } });
    expect((error as ConnectorError).message).toContain('HTTP 500');
    expect(JSON.stringify(error) + (error as Error).message).not.toContain('sms-t0ken');
  });

  it('reports an unreachable endpoint as a ConnectorError', async () => {
    // Bind a port, then free it, so nothing listens there.
    const spare = createServer();
    await new Promise<void>((resolve) => spare.listen(0, '127.0.0.1', resolve));
    const { port } = spare.address() as AddressInfo;
    await new Promise<void>((resolve) => spare.close(() => resolve()));

    await expect(
      createConnector('http-sms', { endpoint: `http://127.0.0.1:${port}/sms` }).send({
        to: '+15555550126',
        type: 'SignIn',
        payload: { code: '3' },
      }),
    ).rejects.toMatchObject({ name: 'ConnectorError', code: 'connector.general' });
  });

  it('rejects configs without a usable endpoint', () => {
    expect(() => createConnector('http-sms', {})).toThrowError(/endpoint is required/);
    expect(() => createConnector('http-sms', { endpoint: 'ftp://example.com' })).toThrowError(/absolute http\(s\) URL/);
    expect(() => createConnector('http-sms', { endpoint: 'https://user:hunter22@example.com/sms' })).toThrow(
      expect.objectContaining({ code: 'connector.invalid_config', message: expect.not.stringContaining('hunter22') }),
    );
  });
});
