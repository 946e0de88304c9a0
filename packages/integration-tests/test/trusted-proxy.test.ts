import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defaultTenantId } from '@idp/db';
import { buildApp as buildGateway, defaultListener } from '@idp/gateway';
import type { App } from '@idp/server-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callbackUrl, insertApplication, startTestStack, type TestStack } from '../src/index.ts';

// Behind a TLS-terminating proxy the gateway must learn the scheme (so oidc-provider marks its
// cookies Secure) and the client's address from the proxy, and from nobody else.

let stack: TestStack;
let clientId: string;
let echo: Server;
let lastSeen: IncomingHttpHeaders = {};
const gateways: App[] = [];

/** A gateway of the stack with other settings; its Management API is an echo of the headers it gets. */
async function startGateway(trustProxy: string | undefined): Promise<string> {
  const echoUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
  const app = buildGateway({ ...stack.gatewayConfig, MANAGEMENT_API_URL: echoUrl, TRUST_PROXY: trustProxy }, defaultListener);
  gateways.push(app);
  return app.listen({ port: 0, host: '127.0.0.1' });
}

beforeAll(async () => {
  stack = await startTestStack();
  clientId = (
    await insertApplication(stack.database.db, defaultTenantId, {
      type: 'SPA',
      oidcClientMetadata: { redirectUris: [callbackUrl], postLogoutRedirectUris: [] },
    })
  ).id;
  echo = createServer((request, response) => {
    lastSeen = request.headers;
    response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  for (const app of gateways) await app.close();
  await new Promise((resolve) => echo?.close(resolve));
  await stack?.stop();
});

/** The cookies an authorization request sets (the interaction cookies). */
async function authorizationCookies(gatewayUrl: string, headers: Record<string, string>): Promise<string[]> {
  const verifier = randomBytes(32).toString('base64url');
  const url = new URL('/oidc/auth', gatewayUrl);
  url.search = new URLSearchParams({
    client_id: clientId,
    redirect_uri: callbackUrl,
    response_type: 'code',
    scope: 'openid',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();
  const response = await fetch(url, { redirect: 'manual', headers });
  expect(response.status).toBe(303);
  const cookies = response.headers.getSetCookie().filter((cookie) => cookie.startsWith('_interaction'));
  expect(cookies.length).toBeGreaterThan(0);
  return cookies;
}

const isSecure = (cookie: string) => cookie.split(';').some((part) => part.trim().toLowerCase() === 'secure');

describe('TRUST_PROXY', () => {
  it('a trusted proxy saying https gets Secure interaction cookies', async () => {
    const gateway = await startGateway('127.0.0.1');
    const cookies = await authorizationCookies(gateway, { 'x-forwarded-proto': 'https' });
    expect(cookies.every(isSecure)).toBe(true);
  });

  it('a trusted hop count works the same', async () => {
    const gateway = await startGateway('1');
    expect((await authorizationCookies(gateway, { 'x-forwarded-proto': 'https' })).every(isSecure)).toBe(true);
  });

  it('a client that is not a trusted proxy cannot claim https', async () => {
    for (const gateway of [stack.userUrl, await startGateway('10.0.0.0/8')]) {
      const cookies = await authorizationCookies(gateway, { 'x-forwarded-proto': 'https' });
      expect(cookies.some(isSecure)).toBe(false);
    }
  });

  it("believes a trusted proxy's client address, scheme and host", async () => {
    const gateway = await startGateway('127.0.0.1');
    await fetch(new URL('/api/users', gateway), {
      headers: { 'x-forwarded-for': '198.51.100.1, 203.0.113.7', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'auth.example.com' },
    });
    // Services take the last entry as the client: the one address the trusted proxy vouched for.
    expect(lastSeen['x-forwarded-for']).toBe('198.51.100.1, 203.0.113.7');
    expect(lastSeen['x-forwarded-proto']).toBe('https');
    expect(lastSeen['x-forwarded-host']).toBe('auth.example.com');
  });

  it('passes the client address of two trusted hops on as the last entry', async () => {
    const gateway = await startGateway('127.0.0.1, 10.0.0.0/8');
    await fetch(new URL('/api/users', gateway), { headers: { 'x-forwarded-for': '198.51.100.1, 203.0.113.7, 10.1.2.3' } });
    expect(lastSeen['x-forwarded-for']).toBe('198.51.100.1, 203.0.113.7');
  });

  it("does not believe an untrusted client's forwarding headers: the socket peer is the client", async () => {
    const gateway = await startGateway('10.0.0.0/8');
    const host = new URL(gateway).host;
    await fetch(new URL('/api/users', gateway), {
      headers: { 'x-forwarded-for': '203.0.113.7', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example.com' },
    });
    expect(String(lastSeen['x-forwarded-for']).split(',').at(-1)?.trim()).toBe('127.0.0.1');
    expect(lastSeen['x-forwarded-proto']).toBe('http');
    expect(lastSeen['x-forwarded-host']).toBe(host);
  });
});
