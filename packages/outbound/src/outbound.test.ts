import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { OutboundRefusedError, parseAllowList, publicOnly } from './address-policy.ts';
import { createOutbound, type Lookup } from './outbound.ts';

// A loopback server that counts the requests reaching it: a refused request must never arrive.
let server: Server;
let port: number;
let hits = 0;

beforeAll(async () => {
  server = createServer((request, response) => {
    hits += 1;
    if (request.url === '/redirect') {
      response.writeHead(302, { location: `http://127.0.0.1:${port}/` }).end();
      return;
    }
    response.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '::', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

// A "public" name that resolves to loopback, without a DNS server.
const rebinding: Lookup = (_hostname, _options, callback) => callback(null, [{ address: '127.0.0.1', family: 4 }]);

describe('outbound fetch', () => {
  it.each([
    'http://127.0.0.1',
    'http://localhost',
    'http://[::1]',
    'http://2130706433',
    'http://0x7f.1',
    'http://017700000001',
    'http://[::ffff:127.0.0.1]',
    'http://127.1',
  ])('refuses %s before connecting', async (base) => {
    const before = hits;
    await expect(createOutbound(publicOnly).fetch(`${base}:${port}/`)).rejects.toThrow(OutboundRefusedError);
    expect(hits).toBe(before);
  });

  it('refuses a public-looking name that resolves to loopback', async () => {
    const before = hits;
    const outbound = createOutbound(publicOnly, { lookup: rebinding });
    await expect(outbound.fetch(`http://sms.example.com:${port}/`)).rejects.toThrow('"sms.example.com" (127.0.0.1) is a loopback address');
    expect(hits).toBe(before);
  });

  it('reaches a loopback server the allow-list names, by address or by name', async () => {
    const byRange = createOutbound(parseAllowList('127.0.0.0/8,::1'));
    expect(await (await byRange.fetch(`http://127.0.0.1:${port}/`)).text()).toBe('ok');
    expect(await (await byRange.fetch(`http://[::1]:${port}/`)).text()).toBe('ok');
    const byName = createOutbound(parseAllowList('sms.example.com'), { lookup: rebinding });
    expect(await (await byName.fetch(`http://sms.example.com:${port}/`)).text()).toBe('ok');
  });

  it('refuses a redirect to an address the allow-list does not name', async () => {
    const outbound = createOutbound(parseAllowList('sms.example.com'), { lookup: rebinding });
    const before = hits;
    await expect(outbound.fetch(`http://sms.example.com:${port}/redirect`)).rejects.toThrow(OutboundRefusedError);
    expect(hits).toBe(before + 1);
  });
});

describe('outbound resolve (for SMTP)', () => {
  it('refuses loopback names and literals, and allows them when listed', async () => {
    await expect(createOutbound(publicOnly).resolve('localhost')).rejects.toThrow(OutboundRefusedError);
    await expect(createOutbound(publicOnly).resolve('0x7f.1')).rejects.toThrow(OutboundRefusedError);
    await expect(createOutbound(publicOnly).resolve('[::1]')).rejects.toThrow(OutboundRefusedError);
    await expect(createOutbound(publicOnly, { lookup: rebinding }).resolve('smtp.example.com')).rejects.toThrow(OutboundRefusedError);
    expect(await createOutbound(parseAllowList('127.0.0.1')).resolve('127.0.0.1')).toBe('127.0.0.1');
    expect(await createOutbound(parseAllowList('smtp.example.com'), { lookup: rebinding }).resolve('smtp.example.com')).toBe('127.0.0.1');
  });
});
