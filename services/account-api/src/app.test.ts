import { createDatabase } from '@idp/db';
import { internalSecretHeader, tenantHeader } from '@idp/server-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, loadAccountApiConfig } from './app.ts';

// Nothing listens on port 1: readiness must see the database as down, at once.
const unreachableDatabase = 'postgres://postgres@127.0.0.1:1/idp';
const internalSecret = 'a-secret-of-the-deployment';
const config = loadAccountApiConfig({
  DATABASE_URL: unreachableDatabase,
  INTERNAL_SECRET: internalSecret,
  LOG_LEVEL: 'silent',
  OIDC_URL: 'http://127.0.0.1:1',
});
const database = createDatabase(config.DATABASE_URL, { max: 1, connectTimeoutMs: 1000 });
const app = buildApp({ config, database });

beforeAll(() => app.ready());
afterAll(async () => {
  await app.close();
  await database.close();
});

describe('account-api', () => {
  it('answers liveness without the gateway headers, and is not ready while its database is unreachable', async () => {
    const live = await app.inject({ method: 'GET', url: '/health/live' });
    expect(live.statusCode).toBe(200);
    expect(live.json()).toEqual({ status: 'ok' });

    const ready = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toEqual({ status: 'unavailable' });
  });

  it('refuses a request that did not come through the gateway, even one naming a tenant', async () => {
    const direct = await app.inject({ method: 'GET', url: '/api/my-account', headers: { [tenantHeader]: 'default' } });
    const wrongSecret = await app.inject({
      method: 'GET',
      url: '/api/my-account',
      headers: { [tenantHeader]: 'default', [internalSecretHeader]: 'not-the-secret-at-all' },
    });
    for (const response of [direct, wrongSecret]) {
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ code: 'request.tenant_missing' });
    }
  });

  it('answers a route it does not have with a JSON error once the gateway vouches for the tenant', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/my-account/not-a-route',
      headers: { [tenantHeader]: 'default', [internalSecretHeader]: internalSecret },
    });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ code: 'request.not_found', message: 'No route matches GET /api/my-account/not-a-route.' });
  });
});
