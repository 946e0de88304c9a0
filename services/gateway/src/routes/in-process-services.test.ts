import { RequestError } from '@idp/errors';
import { createService, internalSecretHeader, tenantHeader, type App } from '@idp/server-kit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp, defaultListener, loadGatewayConfig, MountedServices } from '../app.ts';

// One-process mode with real services of the server kit mounted in the gateway: no service URL
// answers (they point at a closed port), so every answer proves the hand-off happened in process.
const secret = 'a-secret-of-enough-length-for-tests';
const mounted = new MountedServices();
let gateway: App;
let gatewayUrl: string;
let accountApi: App;

const backend = (name: string) => createService({ name, logLevel: 'silent', internalSecret: secret });

beforeAll(async () => {
  const oidc = backend('oidc');
  oidc.get('/oidc/echo', async (request) => ({
    tenant: request.headers[tenantHeader],
    trusted: request.headers[internalSecretHeader] === secret,
    forwardedHost: request.headers['x-forwarded-host'],
    forwardedFor: request.headers['x-forwarded-for'],
    stray: request.headers['x-idp-stray'] ?? null,
  }));
  oidc.get('/oidc/page', async (_request, reply) => reply.type('text/html').send('<p>logged out</p>'));
  const managementApi = backend('management-api');
  // The service's own parser and error handler, not the gateway's pass-through ones.
  managementApi.post('/api/things', async (request) => ({ received: request.body }));
  managementApi.get('/api/broken', async () => {
    throw new RequestError('entity.not_exists_with_id', { data: { name: 'thing', id: 'x' } });
  });
  accountApi = backend('account-api');
  accountApi.get('/api/my-account', async () => ({ service: 'account-api' }));
  await mounted.mount('oidc', oidc);
  await mounted.mount('managementApi', managementApi);
  await mounted.mount('accountApi', accountApi);

  const closedPort = 'http://127.0.0.1:9';
  gateway = buildApp(
    loadGatewayConfig({
      INTERNAL_SECRET: secret,
      LOG_LEVEL: 'silent',
      OIDC_URL: closedPort,
      MANAGEMENT_API_URL: closedPort,
      EXPERIENCE_API_URL: closedPort,
      ACCOUNT_API_URL: closedPort,
    }),
    defaultListener,
    mounted,
  );
  gatewayUrl = await gateway.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await gateway?.close();
  for (const [, app] of mounted.entries()) await app.close();
});

it('hands a request to the mounted service with the gateway tenant and secret, never the client own', async () => {
  const response = await fetch(`${gatewayUrl}/oidc/echo`, {
    headers: { [tenantHeader]: 'admin', [internalSecretHeader]: 'guess', 'x-idp-stray': '1' },
  });
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({
    tenant: 'default',
    trusted: true,
    forwardedHost: new URL(gatewayUrl).host,
    forwardedFor: '127.0.0.1',
    stray: null,
  });
});

it('leaves the body to the service parser and its errors to the service error handler', async () => {
  const posted = await fetch(`${gatewayUrl}/api/things`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'x' }),
  });
  expect(await posted.json()).toEqual({ received: { name: 'x' } });
  const malformed = await fetch(`${gatewayUrl}/api/things`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
  expect(malformed.status).toBe(400);
  const broken = await fetch(`${gatewayUrl}/api/broken`);
  expect(broken.status).toBe(404);
  expect(await broken.json()).toMatchObject({ code: 'entity.not_exists_with_id' });
  // The most specific prefix wins, as with the proxies.
  expect(await (await fetch(`${gatewayUrl}/api/my-account`)).json()).toEqual({ service: 'account-api' });
});

it('gives a service HTML the gateway fallback headers and answers 503 for a service not mounted', async () => {
  const page = await fetch(`${gatewayUrl}/oidc/page`);
  expect(page.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  expect(page.headers.get('content-security-policy')).toContain('frame-ancestors');
  const absent = await fetch(`${gatewayUrl}/api/experience`);
  expect(absent.status).toBe(503);
  expect(await absent.json()).toMatchObject({ code: 'request.service_unavailable' });
  mounted.unmount('accountApi');
  expect((await fetch(`${gatewayUrl}/api/my-account`)).status).toBe(503);
  await mounted.mount('accountApi', accountApi);
  expect((await fetch(`${gatewayUrl}/api/my-account`)).status).toBe(200);
});

it('reports the mounted services readiness without a connection', async () => {
  const response = await fetch(`${gatewayUrl}/health/services`);
  expect(response.status).toBe(503);
  expect(await response.json()).toMatchObject({
    services: { oidc: 'ok', managementApi: 'ok', accountApi: 'ok', experienceApi: 'unreachable' },
  });
});
