import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { internalSecretHeader, tenantHeader } from '@idp/server-kit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp, defaultListener, loadGatewayConfig } from '../app.ts';
import { documentTtlMs } from './document-cache.ts';

// A real upstream on loopback that counts what reaches it, behind a real gateway.
let upstream: Server;
let seen: IncomingMessage[] = [];
let answerStatus = 200;
let version = 1;
let gateway: ReturnType<typeof buildApp>;
let gatewayUrl: string;

beforeAll(async () => {
  upstream = createServer((request, response) => {
    seen.push(request);
    response.writeHead(answerStatus, {
      'content-type': 'application/json; charset=utf-8',
      etag: `"v${version}"`,
      'cache-control': 'public, max-age=300',
      'access-control-allow-origin': request.headers.origin ?? '*',
      vary: 'Origin',
    });
    response.end(JSON.stringify({ version, host: request.headers['x-forwarded-host'], url: request.url }));
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  const config = loadGatewayConfig({
    INTERNAL_SECRET: 'a-secret-of-enough-length-for-tests',
    LOG_LEVEL: 'silent',
    OIDC_URL: upstreamUrl,
    MANAGEMENT_API_URL: upstreamUrl,
    EXPERIENCE_API_URL: upstreamUrl,
    ACCOUNT_API_URL: upstreamUrl,
  });
  gateway = buildApp(config, defaultListener);
  gatewayUrl = await gateway.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await gateway?.close();
  await new Promise((resolve) => upstream?.close(resolve));
});
beforeEach(async () => {
  // Whatever an earlier test left in the table has expired by now.
  await new Promise((resolve) => setTimeout(resolve, documentTtlMs + 50));
  seen = [];
  answerStatus = 200;
  version += 1;
});

type Answer = { status: number; headers: IncomingMessage['headers']; text: string; json: () => Promise<unknown> };

// node:http rather than fetch, which does not let a caller set Host.
function get(path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(`${gatewayUrl}${path}`, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: response.statusCode ?? 0, headers: response.headers, text, json: async () => JSON.parse(text) as unknown });
      });
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

describe('discovery and JWKS through the gateway', () => {
  it('asks the upstream once for many concurrent clients, with the tenant, secret and public host', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, () => get('/oidc/jwks')));
    const bodies = await Promise.all(answers.map((answer) => answer.json()));
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect(new Set(bodies.map((body) => JSON.stringify(body))).size).toBe(1);
    expect(bodies[0]).toMatchObject({ version, url: '/oidc/jwks', host: new URL(gatewayUrl).host });
    expect(answers[0]!.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(seen).toHaveLength(1);
    expect(seen[0]!.headers[tenantHeader]).toBe('default');
    expect(seen[0]!.headers[internalSecretHeader]).toBe('a-secret-of-enough-length-for-tests');
  });

  it('asks again once the second has passed, and keeps hosts apart', async () => {
    await get('/oidc/.well-known/openid-configuration');
    const other = await (await get('/oidc/.well-known/openid-configuration', { host: 'login.example.com' })).json();
    expect(other).toMatchObject({ host: 'login.example.com' });
    expect(seen).toHaveLength(2);
    const before = version;
    version += 1;
    expect(await (await get('/oidc/.well-known/openid-configuration')).json()).toMatchObject({ version: before });
    await new Promise((resolve) => setTimeout(resolve, documentTtlMs + 50));
    expect(await (await get('/oidc/.well-known/openid-configuration')).json()).toMatchObject({ version });
    expect(seen).toHaveLength(3);
  });

  it('passes requests with an Origin or a query, and other paths, straight through', async () => {
    const cors = await get('/oidc/jwks', { origin: 'https://app.example.com' });
    expect(cors.headers['access-control-allow-origin']).toBe('https://app.example.com');
    await get('/oidc/jwks', { origin: 'https://app.example.com' });
    await get('/oidc/jwks?x=1');
    await get('/oidc/jwks?x=1');
    await get('/oidc/me');
    await get('/oidc/me');
    expect(seen).toHaveLength(6);
  });

  it('keeps nothing the upstream did not answer with 200', async () => {
    answerStatus = 404;
    expect((await get('/oidc/jwks')).status).toBe(404);
    answerStatus = 200;
    expect((await get('/oidc/jwks')).status).toBe(200);
    // The failed answer was asked for twice (once here, once by the proxy), then the good one once.
    expect(seen).toHaveLength(3);
    expect((await get('/oidc/jwks')).status).toBe(200);
    expect(seen).toHaveLength(3);
  });

  it('answers a matching If-None-Match with 304 and no body, from the cache as when missed', async () => {
    const full = await get('/oidc/jwks');
    const etag = full.headers.etag!;
    expect(etag).toBe(`"v${version}"`);
    for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const revalidated = await get('/oidc/jwks', { 'if-none-match': ifNoneMatch });
      expect(revalidated.status, ifNoneMatch).toBe(304);
      expect(revalidated.text).toBe('');
      expect(revalidated.headers).toMatchObject({ etag, 'cache-control': 'public, max-age=300' });
    }
    const stale = await get('/oidc/jwks', { 'if-none-match': '"v0"' });
    expect(stale.status).toBe(200);
    expect(await stale.json()).toMatchObject({ version });
    expect(seen).toHaveLength(1);

    // A miss that goes upstream revalidates alike; a changed document is sent whole.
    await new Promise((resolve) => setTimeout(resolve, documentTtlMs + 50));
    expect((await get('/oidc/.well-known/openid-configuration', { 'if-none-match': etag })).status).toBe(304);
    version += 1;
    await new Promise((resolve) => setTimeout(resolve, documentTtlMs + 50));
    const changed = await get('/oidc/.well-known/openid-configuration', { 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.etag).toBe(`"v${version}"`);
  });
});
