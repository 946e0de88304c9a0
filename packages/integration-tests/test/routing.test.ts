import { adminListener, buildApp as buildGateway } from '@idp/gateway';
import { serviceHeader } from '@idp/server-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../src/index.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => stack?.stop());

const get = (base: string, path: string, init?: RequestInit) => fetch(new URL(path, base), { redirect: 'manual', ...init });
const appOf = async (response: Response) => /data-app="([^"]+)"/.exec(await response.text())?.[1];

describe('gateway route table', () => {
  const prefixes: Array<[string, string]> = [
    ['/oidc/.well-known/openid-configuration', 'oidc'],
    ['/api/experience', 'experience-api'],
    ['/api/experience/verification/password', 'experience-api'],
    ['/api/my-account', 'account-api'],
    ['/api/my-account/password', 'account-api'],
    ['/api/verifications/password', 'account-api'],
    ['/api/applications', 'management-api'],
    ['/api/users', 'management-api'],
    // Not under /api/experience/: a longer word is not the prefix.
    ['/api/experiences', 'management-api'],
  ];

  for (const endpoint of ['userUrl', 'adminUrl'] as const) {
    it.each(prefixes)(`on the ${endpoint === 'userUrl' ? 'user' : 'admin'} endpoint, %s reaches %s`, async (path, service) => {
      const response = await get(stack[endpoint], path);
      expect(response.headers.get(serviceHeader)).toBe(service);
      // Every service answers an unknown path with the JSON error, never the UI's HTML.
      expect(response.headers.get('content-type')).toMatch(/application\/json/);
    });
  }

  it('answers GET /api/status with 204 from the management API', async () => {
    expect((await get(stack.userUrl, '/api/status')).status).toBe(204);
  });

  it('answers unknown /api paths with a JSON 404 { code, message }', async () => {
    const response = await get(stack.userUrl, '/api/no-such-thing?x=1');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ code: 'request.not_found', message: 'No route matches GET /api/no-such-thing.' });
  });
});

describe('frontends', () => {
  it('serves the sign-in UI as the fallback for client-side routes, and only for GET of non-file paths', async () => {
    for (const path of ['/', '/sign-in', '/register/password?x=1', '/console-like/page']) {
      const response = await get(stack.userUrl, path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(await appOf(response), path).toBe('ui');
    }
    const missingFile = await get(stack.userUrl, '/assets/missing-file.js');
    expect(missingFile.status).toBe(404);
    expect(((await missingFile.json()) as { code: string }).code).toBe('request.not_found');
    const post = await get(stack.userUrl, '/sign-in', { method: 'POST' });
    expect(post.status).toBe(404);
  });

  it('serves hashed assets as immutable files', async () => {
    const response = await get(stack.userUrl, '/assets/ui-abc123.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await response.text()).toContain('"ui"');
  });

  it('serves the console on the admin endpoint only', async () => {
    const onAdmin = await get(stack.adminUrl, '/console/users/123');
    expect(onAdmin.status).toBe(200);
    expect(await appOf(onAdmin)).toBe('console');
    expect((await get(stack.adminUrl, '/console/assets/console-abc123.js')).status).toBe(200);
    // On the user endpoint, /console is just another unmatched path: the UI answers.
    expect(await appOf(await get(stack.userUrl, '/console/users/123'))).toBe('ui');
    expect((await get(stack.userUrl, '/console/assets/console-abc123.js')).status).toBe(404);
  });

  it('serves the demo app on both endpoints and redirects its bare path', async () => {
    for (const base of [stack.userUrl, stack.adminUrl]) {
      expect(await appOf(await get(base, '/demo-app/'))).toBe('demo-app');
      expect(await appOf(await get(base, '/demo-app/callback?code=x'))).toBe('demo-app');
      const bare = await get(base, '/demo-app?x=1');
      expect(bare.status).toBe(302);
      expect(bare.headers.get('location')).toBe('/demo-app/?x=1');
    }
  });
});

describe('health', () => {
  it('reports every service ready through the gateway', async () => {
    const response = await get(stack.userUrl, '/health/services');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ok',
      services: { oidc: 'ok', managementApi: 'ok', experienceApi: 'ok', accountApi: 'ok' },
    });
  });

  it('answers 503 with a JSON error, not a 500, when a service is down', async () => {
    const gateway = buildGateway({ ...stack.gatewayConfig, OIDC_URL: 'http://127.0.0.1:9' }, adminListener);
    try {
      const response = await gateway.inject({ method: 'GET', url: '/oidc/.well-known/openid-configuration' });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toEqual({ code: 'request.service_unavailable', message: expect.any(String) });
      const health = await gateway.inject({ method: 'GET', url: '/health/services' });
      expect(health.statusCode).toBe(503);
      expect(health.json().services.oidc).toBe('unreachable');
    } finally {
      await gateway.close();
    }
  });
});
