// The signed webhook request against a real HTTP server on loopback (allow-listed, as a private
// receiver must be): what the receiver sees, and what the sender keeps of the answer.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOutbound, parseAllowList } from '@idp/outbound';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventIdHeader, hookUserAgent, sendHookRequest, signatureHeader } from './send.ts';

type Seen = { headers: IncomingHttpHeaders; rawBody: string };
let server: Server;
let base: string;
const seen: Seen[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      seen.push({ headers: request.headers, rawBody: Buffer.concat(chunks).toString('utf8') });
      if (request.url === '/redirect') {
        response.writeHead(302, { location: '/elsewhere' }).end();
      } else if (request.url === '/large') {
        response.writeHead(500).end('x'.repeat(100_000));
      } else if (request.url === '/slow') {
        setTimeout(() => response.writeHead(200).end('late'), 2_000);
      } else {
        response.writeHead(200).end('ok');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const allowed = createOutbound(parseAllowList('127.0.0.1'));
const options = { timeoutMs: 1_000, bodyLimit: 64 };

describe('sendHookRequest', () => {
  it('posts the JSON body signed with the hook key, with Logto’s headers and the event id', async () => {
    const body = { event: 'PostSignIn', createdAt: '2026-12-02T00:00:00.000Z', nested: { ü: 'ß' } };
    const answer = await sendHookRequest(
      allowed,
      {
        url: `${base}/hook`,
        signingKey: 'key-1',
        body,
        eventId: 'event-1',
        headers: { 'X-Custom': 'yes', 'Logto-Signature-Sha-256': 'forged' },
      },
      options,
    );
    expect(answer).toEqual({ status: 200, body: 'ok' });
    const { headers, rawBody } = seen.at(-1)!;
    expect(JSON.parse(rawBody)).toEqual(body);
    expect(headers[signatureHeader]).toBe(createHmac('sha256', 'key-1').update(rawBody).digest('hex'));
    expect(headers['user-agent']).toBe(hookUserAgent);
    expect(headers['content-type']).toBe('application/json');
    expect(headers[eventIdHeader]).toBe('event-1');
    expect(headers['x-custom']).toBe('yes');
  });

  it('answers a redirect as it is, never following it, and keeps only the first bytes of a body', async () => {
    const before = seen.length;
    expect(await sendHookRequest(allowed, { url: `${base}/redirect`, signingKey: 'k', body: {} }, options)).toMatchObject({ status: 302 });
    expect(seen.length).toBe(before + 1);
    const large = await sendHookRequest(allowed, { url: `${base}/large`, signingKey: 'k', body: {} }, options);
    expect(large.status).toBe(500);
    expect(large.body.length).toBeLessThanOrEqual(options.bodyLimit);
  });

  it('rejects at the deadline, and refuses a loopback receiver that is not allow-listed', async () => {
    await expect(
      sendHookRequest(allowed, { url: `${base}/slow`, signingKey: 'k', body: {} }, { ...options, timeoutMs: 200 }),
    ).rejects.toThrow();
    const guarded = createOutbound(parseAllowList(undefined));
    const before = seen.length;
    await expect(sendHookRequest(guarded, { url: `${base}/hook`, signingKey: 'k', body: {} }, options)).rejects.toThrow();
    expect(seen.length).toBe(before);
  });
});
