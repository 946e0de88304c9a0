// Protected apps (Logto's `Protected` type) through the Management API: created with a subdomain and
// an origin, read, listed, updated and deleted with their metadata; Logto's codes for a missing,
// malformed or taken subdomain; mass assignment refused.
import { randomBytes } from 'node:crypto';
import { adminTenantId, defaultTenantId } from '@idp/db';
import { applications } from '@idp/schemas';
import { internalSecretHeader, tenantHeader } from '@idp/server-kit';
import { eq } from 'drizzle-orm';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp as buildManagementApi, loadManagementApiConfig } from '../src/app.ts';
import { discoverRp, insertApplication, startManagementTest, type ManagementTest } from './test-stack.ts';

let test: ManagementTest;
beforeAll(async () => {
  test = await startManagementTest();
});
afterAll(async () => test?.stack.stop());

const fourteenDays = 14 * 24 * 60 * 60;
// Every test takes subdomains of its own: hosts are unique across the whole deployment.
const uniqueSubDomain = (prefix = 'site') => `${prefix}-${randomBytes(4).toString('hex')}`;

async function createProtectedApp(subDomain = uniqueSubDomain(), origin = 'https://example.com') {
  const created = await test.api.POST('/api/applications', {
    body: { name: 'My protected site', type: 'Protected', protectedAppMetadata: { subDomain, origin } },
  });
  expect(created.response.status, JSON.stringify(created.error)).toBe(200);
  return created.data!;
}

const countApps = async () => Number((await test.call('GET', '/api/applications?page_size=1')).headers.get('total-number'));

describe('protected apps through @logto/api', () => {
  it("creates a protected app with its host, origin and Logto's defaults, and reads it back", async () => {
    const subDomain = uniqueSubDomain('my-site');
    const app = await createProtectedApp(subDomain, 'https://example.com');
    const host = `${subDomain}.protected.localhost`;
    expect(app).toMatchObject({ tenantId: defaultTenantId, name: 'My protected site', type: 'Protected', isThirdParty: false });
    expect(app.protectedAppMetadata).toEqual({
      host,
      origin: 'https://example.com',
      sessionDuration: fourteenDays,
      pageRules: [],
      customDomains: [],
    });
    expect(app.oidcClientMetadata).toMatchObject({
      redirectUris: [`https://${host}/sign-in-callback`],
      postLogoutRedirectUris: [`https://${host}`],
    });

    const read = await test.api.GET('/api/applications/{id}', { params: { path: { id: app.id } } });
    expect(read.data).toMatchObject({ id: app.id, type: 'Protected', isAdmin: false, protectedAppMetadata: app.protectedAppMetadata });

    const listed = await test.api.GET('/api/applications', { params: { query: { types: ['Protected'], page_size: 100 } } });
    expect(listed.data!.find(({ id }) => id === app.id)?.protectedAppMetadata).toEqual(app.protectedAppMetadata);
    const others = await test.api.GET('/api/applications', { params: { query: { types: ['SPA', 'Traditional'], page_size: 100 } } });
    expect(others.data!.map(({ id }) => id)).not.toContain(app.id);

    const [row] = await test.stack.database.db.select().from(applications).where(eq(applications.id, app.id));
    expect(row?.protectedAppMetadata).toEqual(app.protectedAppMetadata);
  });

  it('updates the origin, session duration, page rules and extra scopes, keeping the host', async () => {
    const app = await createProtectedApp();
    const updated = await test.api.PATCH('/api/applications/{id}', {
      params: { path: { id: app.id } },
      body: {
        description: 'behind sign-in',
        protectedAppMetadata: {
          origin: 'https://Example2.com:8443/',
          sessionDuration: 3600,
          pageRules: [{ path: '^/admin' }, { path: '^/reports/\\d+' }],
          additionalScopes: ['roles'],
        },
      },
    });
    expect(updated.response.status, JSON.stringify(updated.error)).toBe(200);
    expect(updated.data).toMatchObject({ description: 'behind sign-in' });
    expect(updated.data!.protectedAppMetadata).toEqual({
      host: app.protectedAppMetadata!.host,
      origin: 'https://example2.com:8443',
      sessionDuration: 3600,
      pageRules: [{ path: '^/admin' }, { path: '^/reports/\\d+' }],
      additionalScopes: ['roles'],
      customDomains: [],
    });

    // Fields left out keep their values; `null` changes nothing (as in Logto).
    const partly = await test.api.PATCH('/api/applications/{id}', {
      params: { path: { id: app.id } },
      body: { protectedAppMetadata: { pageRules: [] } },
    });
    expect(partly.data!.protectedAppMetadata).toMatchObject({ origin: 'https://example2.com:8443', sessionDuration: 3600, pageRules: [] });
    const unchanged = await test.api.PATCH('/api/applications/{id}', {
      params: { path: { id: app.id } },
      body: { name: 'Renamed', protectedAppMetadata: null },
    });
    expect(unchanged.data).toMatchObject({ name: 'Renamed', protectedAppMetadata: partly.data!.protectedAppMetadata });
    const read = await test.api.GET('/api/applications/{id}', { params: { path: { id: app.id } } });
    expect(read.data!.protectedAppMetadata).toEqual(partly.data!.protectedAppMetadata);
  });

  it('deletes a protected app, which frees its subdomain', async () => {
    const subDomain = uniqueSubDomain();
    const app = await createProtectedApp(subDomain);
    const deleted = await test.api.DELETE('/api/applications/{id}', { params: { path: { id: app.id } } });
    expect(deleted.response.status).toBe(204);
    const gone = await test.api.GET('/api/applications/{id}', { params: { path: { id: app.id } } });
    expect(gone.response.status).toBe(404);
    const again = await createProtectedApp(subDomain, 'https://other.example.com');
    expect(again.protectedAppMetadata!.host).toBe(app.protectedAppMetadata!.host);
  });

  it('is no client of the OP: there is no edge proxy to use its credentials', async () => {
    const app = await createProtectedApp();
    const rp = await discoverRp(`${test.stack.userUrl}/oidc`, app.id, { secret: app.secret! });
    await expect(client.clientCredentialsGrant(rp, { scope: '' })).rejects.toMatchObject({
      status: 401,
      cause: [{ parameters: { error: 'invalid_client' } }],
    });
  });
});

describe('protected app subdomains', () => {
  it('refuses a subdomain already in use with 422 application.protected_application_subdomain_exists, case-insensitively', async () => {
    const subDomain = uniqueSubDomain();
    await createProtectedApp(subDomain);
    const before = await countApps();
    for (const taken of [subDomain, subDomain.toUpperCase()]) {
      const response = await test.call('POST', '/api/applications', {
        name: 'copy',
        type: 'Protected',
        protectedAppMetadata: { subDomain: taken, origin: 'https://elsewhere.example.com' },
      });
      expect(response, taken).toMatchObject({ status: 422, body: { code: 'application.protected_application_subdomain_exists' } });
    }
    expect(await countApps()).toBe(before);
  });

  it('gives a subdomain to exactly one of many simultaneous requests', async () => {
    const subDomain = uniqueSubDomain('race');
    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        test.call('POST', '/api/applications', {
          name: `racer ${index}`,
          type: 'Protected',
          protectedAppMetadata: { subDomain, origin: 'https://example.com' },
        }),
      ),
    );
    expect(responses.map(({ status }) => status).sort()).toEqual([200, 422, 422, 422, 422, 422]);
    const rows = await test.stack.database.db.select().from(applications).where(eq(applications.type, 'Protected'));
    expect(rows.filter((row) => row.protectedAppMetadata?.host === `${subDomain}.protected.localhost`)).toHaveLength(1);
  });

  it("counts a host another tenant holds as taken, without showing that tenant's app", async () => {
    const subDomain = uniqueSubDomain('admin');
    const host = `${subDomain}.protected.localhost`;
    const foreign = await insertApplication(test.stack.database.db, adminTenantId, {
      type: 'Protected',
      name: 'admin tenant site',
      protectedAppMetadata: { host, origin: 'https://admin.example.com', sessionDuration: fourteenDays, pageRules: [] },
    });
    const response = await test.call('POST', '/api/applications', {
      name: 'same host',
      type: 'Protected',
      protectedAppMetadata: { subDomain, origin: 'https://example.com' },
    });
    expect(response).toMatchObject({ status: 422, body: { code: 'application.protected_application_subdomain_exists', data: { host } } });
    expect(JSON.stringify(response.body)).not.toContain(foreign.id);
    expect((await test.call('GET', `/api/applications/${foreign.id}`)).status).toBe(404);
  });

  it.each([
    ['a trailing hyphen', 'a-'],
    ['a leading hyphen', '-a'],
    ['a dot', 'my.site'],
    ['an underscore', 'my_site'],
    ['a space', 'my site'],
    ['a non-ASCII letter', 'café'],
    ['an empty label', ''],
    ['64 characters', 'a'.repeat(64)],
  ])('refuses a subdomain with %s: 422 application.invalid_subdomain', async (_label, subDomain) => {
    const before = await countApps();
    const response = await test.call('POST', '/api/applications', {
      name: 'bad subdomain',
      type: 'Protected',
      protectedAppMetadata: { subDomain, origin: 'https://example.com' },
    });
    expect(response).toMatchObject({ status: 422, body: { code: 'application.invalid_subdomain' } });
    expect(await countApps()).toBe(before);
  });

  it('accepts a 63-character label and a single character', async () => {
    const long = `${'a'.repeat(55)}${randomBytes(4).toString('hex')}`;
    expect((await createProtectedApp(long)).protectedAppMetadata!.host).toBe(`${long}.protected.localhost`);
    const single = await test.call('POST', '/api/applications', {
      name: 'x',
      type: 'Protected',
      protectedAppMetadata: { subDomain: 'x', origin: 'http://127.0.0.1:8080' },
    });
    expect(single).toMatchObject({
      status: 200,
      body: { protectedAppMetadata: { host: 'x.protected.localhost', origin: 'http://127.0.0.1:8080' } },
    });
  });

  it('puts hosts under PROTECTED_APP_DOMAIN when it is set', async () => {
    expect(loadManagementApiConfig({ DATABASE_URL: 'postgres://x', INTERNAL_SECRET: 's'.repeat(20) }).PROTECTED_APP_DOMAIN).toBe(
      'protected.localhost',
    );
    for (const domain of [
      'Apps.Example.com',
      'apps..example.com',
      '-apps.example.com',
      `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}`,
    ]) {
      expect(
        () => loadManagementApiConfig({ DATABASE_URL: 'postgres://x', INTERNAL_SECRET: 's'.repeat(20), PROTECTED_APP_DOMAIN: domain }),
        domain,
      ).toThrow(/PROTECTED_APP_DOMAIN/);
    }

    // A replica configured with another domain, beside the stack's, on the same database.
    const replica = buildManagementApi({
      config: { ...test.stack.config, INTEGRATION_TEST: false, PROTECTED_APP_DOMAIN: 'apps.example.test' },
      database: test.stack.database,
    });
    try {
      const subDomain = uniqueSubDomain();
      const response = await replica.inject({
        method: 'POST',
        url: '/api/applications',
        headers: {
          [tenantHeader]: defaultTenantId,
          [internalSecretHeader]: test.stack.config.INTERNAL_SECRET,
          authorization: `Bearer ${test.token}`,
        },
        payload: { name: 'elsewhere', type: 'Protected', protectedAppMetadata: { subDomain, origin: 'https://example.com' } },
      });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toMatchObject({ protectedAppMetadata: { host: `${subDomain}.apps.example.test` } });
    } finally {
      await replica.close();
    }
  });
});

describe('protected app validation', () => {
  it('needs protectedAppMetadata for a protected app: 400 application.protected_app_metadata_is_required', async () => {
    const before = await countApps();
    const response = await test.call('POST', '/api/applications', { name: 'no metadata', type: 'Protected' });
    expect(response).toMatchObject({ status: 400, body: { code: 'application.protected_app_metadata_is_required' } });
    expect(await countApps()).toBe(before);
  });

  it.each([
    ['a missing subdomain', { origin: 'https://example.com' }],
    ['a missing origin', { subDomain: 'no-origin' }],
    ['a number for a subdomain', { subDomain: 42, origin: 'https://example.com' }],
    ['an over-long subdomain', { subDomain: 'a'.repeat(257), origin: 'https://example.com' }],
    ['an over-long origin', { subDomain: 'long-origin', origin: `https://${'a'.repeat(2048)}.com` }],
    ['an origin that is no URL', { subDomain: 'no-url', origin: 'example.com' }],
    ['an origin of another scheme', { subDomain: 'ftp-origin', origin: 'ftp://example.com' }],
    ['an origin with a path', { subDomain: 'with-path', origin: 'https://example.com/app' }],
    ['an origin with a query', { subDomain: 'with-query', origin: 'https://example.com/?a=1' }],
    ['an origin with credentials', { subDomain: 'with-user', origin: 'https://user:pass@example.com' }],
    ['a host set directly', { subDomain: 'chosen', origin: 'https://example.com', host: 'evil.example.com' }],
    ['a session duration at creation', { subDomain: 'session', origin: 'https://example.com', sessionDuration: 60 }],
  ])('refuses %s with 400 guard.invalid_input, creating nothing', async (_label, protectedAppMetadata) => {
    const before = await countApps();
    const response = await test.call('POST', '/api/applications', { name: 'bad', type: 'Protected', protectedAppMetadata });
    expect(response).toMatchObject({ status: 400, body: { code: 'guard.invalid_input' } });
    expect(await countApps()).toBe(before);
  });

  it('refuses protectedAppMetadata on other types, oidcClientMetadata on protected apps, and third-party protected apps', async () => {
    const before = await countApps();
    const metadata = { subDomain: uniqueSubDomain(), origin: 'https://example.com' };
    expect(await test.call('POST', '/api/applications', { name: 'spa', type: 'SPA', protectedAppMetadata: metadata })).toMatchObject({
      status: 400,
      body: { code: 'application.protected_application_only' },
    });
    expect(
      await test.call('POST', '/api/applications', {
        name: 'own uris',
        type: 'Protected',
        protectedAppMetadata: metadata,
        oidcClientMetadata: { redirectUris: ['https://evil.example.com/cb'], postLogoutRedirectUris: [] },
      }),
    ).toMatchObject({ status: 400, body: { code: 'guard.invalid_input' } });
    expect(
      await test.call('POST', '/api/applications', {
        name: 'partner',
        type: 'Protected',
        isThirdParty: true,
        protectedAppMetadata: metadata,
      }),
    ).toMatchObject({
      status: 400,
      body: { code: 'application.invalid_third_party_application_type' },
    });
    expect(await countApps()).toBe(before);
  });

  it('refuses protectedAppMetadata in a PATCH of another type: 400 application.protected_application_only', async () => {
    const { data: spa } = await test.api.POST('/api/applications', { body: { name: 'spa', type: 'SPA' } });
    const response = await test.call('PATCH', `/api/applications/${spa!.id}`, {
      name: 'renamed',
      protectedAppMetadata: { origin: 'https://example.com' },
    });
    expect(response).toMatchObject({ status: 400, body: { code: 'application.protected_application_only' } });
    const [row] = await test.stack.database.db.select().from(applications).where(eq(applications.id, spa!.id));
    expect(row).toMatchObject({ name: 'spa', protectedAppMetadata: null });
  });

  it('answers 422 application.protected_application_misconfigured for a protected app stored without metadata', async () => {
    const broken = await insertApplication(test.stack.database.db, defaultTenantId, { type: 'Protected', name: 'broken' });
    const response = await test.call('PATCH', `/api/applications/${broken.id}`, {
      protectedAppMetadata: { origin: 'https://example.com' },
    });
    expect(response).toMatchObject({ status: 422, body: { code: 'application.protected_application_misconfigured' } });
  });

  it.each([
    ['a new host', { host: 'evil.example.com' }],
    ['a new subdomain', { subDomain: 'other' }],
    ['custom domains', { customDomains: [{ domain: 'evil.example.com' }] }],
    ['an origin that is no http(s) origin', { origin: 'javascript:alert(1)' }],
    ['a session duration of a string', { sessionDuration: '3600' }],
    ['a session duration of zero', { sessionDuration: 0 }],
    ['a session duration over a year', { sessionDuration: 366 * 24 * 3600 }],
    ['a fractional session duration', { sessionDuration: 60.5 }],
    ['a page rule that is no regular expression', { pageRules: [{ path: '^/(admin' }] }],
    ['a page rule with an unknown field', { pageRules: [{ path: '^/', methods: ['GET'] }] }],
    ['an over-long page rule', { pageRules: [{ path: `/${'a'.repeat(2048)}` }] }],
    ['101 page rules', { pageRules: Array.from({ length: 101 }, (_, index) => ({ path: `^/p${index}` })) }],
    ['an unknown extra scope', { additionalScopes: ['all'] }],
    ['a repeated extra scope', { additionalScopes: ['roles', 'roles'] }],
  ])('refuses a PATCH with %s (400 guard.invalid_input), changing nothing', async (_label, protectedAppMetadata) => {
    const app = await createProtectedApp();
    const response = await test.call('PATCH', `/api/applications/${app.id}`, { name: 'changed', protectedAppMetadata });
    expect(response).toMatchObject({ status: 400, body: { code: 'guard.invalid_input' } });
    const [row] = await test.stack.database.db.select().from(applications).where(eq(applications.id, app.id));
    expect(row).toMatchObject({ name: app.name, protectedAppMetadata: app.protectedAppMetadata });
  });

  it('cannot turn a protected app into another type, or move it to another tenant', async () => {
    const app = await createProtectedApp();
    const response = await test.call('PATCH', `/api/applications/${app.id}`, { type: 'SPA', tenantId: adminTenantId });
    expect(response.status).toBe(400);
    const [row] = await test.stack.database.db.select().from(applications).where(eq(applications.id, app.id));
    expect(row).toMatchObject({ type: 'Protected', tenantId: defaultTenantId });
  });
});
