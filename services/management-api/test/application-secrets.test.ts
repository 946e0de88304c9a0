import { adminTenantId, defaultTenantId } from '@idp/db';
import { applicationSecrets, applications } from '@idp/schemas';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callApi,
  insertApplication,
  type ManagementApiClient,
  type ManagementTest,
  startManagementTest,
  type TestStack,
} from './test-stack.ts';

let stack: TestStack;
let api: ManagementApiClient;
let call: ManagementTest['call'];

beforeAll(async () => {
  ({ stack, api, call } = await startManagementTest());
});
afterAll(async () => stack?.stop());

/** A client-credentials token request at the OP, authenticating with `secret` by Basic or in the body. */
async function requestToken(clientId: string, secret: string, method: 'basic' | 'post' = 'post') {
  const body = new URLSearchParams({ grant_type: 'client_credentials' });
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (method === 'post') {
    body.set('client_id', clientId);
    body.set('client_secret', secret);
  } else {
    headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`;
  }
  const response = await fetch(`${stack.userUrl}/oidc/token`, { method: 'POST', headers, body });
  const json = (await response.json()) as { access_token?: string; error?: string };
  return { status: response.status, error: json.error, accessToken: json.access_token };
}

const pollToken = (clientId: string, secret: string, method: 'basic' | 'post' = 'post') =>
  expect.poll(async () => (await requestToken(clientId, secret, method)).status, { timeout: 5000, interval: 50 });

/**
 * An M2M app from before named secrets: its own (legacy) secret is its only one. Apps created through
 * the API now start with a `Default secret` instead (logto-compat-apps-resources.test.ts).
 */
async function createM2mApp(name = 'Secrets backend') {
  return insertApplication(stack.database.db, defaultTenantId, { type: 'MachineToMachine', name });
}

describe('application secrets through @logto/api', () => {
  it('adds a named secret the OP accepts at once, lists, renames and deletes it; a deleted secret is refused', async () => {
    const app = await createM2mApp();
    // The OP has this client cached with only its legacy secret before the new one exists.
    expect((await requestToken(app.id, app.secret!)).status).toBe(200);

    const created = await api.POST('/api/applications/{id}/secrets', { params: { path: { id: app.id } }, body: { name: 'rotation 1' } });
    expect(created.response.status).toBe(201);
    const secret = created.data!;
    expect(secret).toMatchObject({ tenantId: defaultTenantId, applicationId: app.id, name: 'rotation 1', expiresAt: null });
    expect(secret.value).toMatch(/^[0-9a-zA-Z]{32}$/);
    expect(secret.value).not.toBe(app.secret);
    expect(Math.abs(secret.createdAt - Date.now())).toBeLessThan(60_000);

    await pollToken(app.id, secret.value).toBe(200);
    const token = await requestToken(app.id, secret.value, 'basic');
    expect(token.status).toBe(200);
    expect(token.accessToken).toBeTruthy();
    // The legacy secret keeps working beside it; a wrong one does not.
    expect((await requestToken(app.id, app.secret!)).status).toBe(200);
    expect(await requestToken(app.id, `${secret.value}x`)).toMatchObject({ status: 401, error: 'invalid_client' });

    const listed = await api.GET('/api/applications/{id}/secrets', { params: { path: { id: app.id } } });
    expect(listed.data).toEqual([secret]);

    const renamed = await api.PATCH('/api/applications/{id}/secrets/{name}', {
      params: { path: { id: app.id, name: 'rotation 1' } },
      body: { name: 'production' },
    });
    expect(renamed.response.status).toBe(200);
    expect(renamed.data).toEqual({ ...secret, name: 'production' });
    expect((await requestToken(app.id, secret.value)).status).toBe(200);

    const deleted = await api.DELETE('/api/applications/{id}/secrets/{name}', { params: { path: { id: app.id, name: 'production' } } });
    expect(deleted.response.status).toBe(204);
    await pollToken(app.id, secret.value).toBe(401);
    expect(await requestToken(app.id, secret.value, 'basic')).toMatchObject({ status: 401, error: 'invalid_client' });
    expect((await api.GET('/api/applications/{id}/secrets', { params: { path: { id: app.id } } })).data).toEqual([]);
    expect((await requestToken(app.id, app.secret!)).status).toBe(200);
  });

  it('works for a confidential web app too, with several secrets valid at once', async () => {
    const { data: app } = await api.POST('/api/applications', {
      body: {
        name: 'Web app',
        type: 'Traditional',
        oidcClientMetadata: { redirectUris: ['https://app.example/callback'], postLogoutRedirectUris: [] } as never,
      },
    });
    const first = (await call('POST', `/api/applications/${app!.id}/secrets`, { name: 'a' })).body as { value: string };
    const second = (await call('POST', `/api/applications/${app!.id}/secrets`, { name: 'b' })).body as { value: string };
    // A web app authenticates at the introspection endpoint with any of its secrets.
    const introspect = async (secret: string) => {
      const response = await fetch(`${stack.userUrl}/oidc/token/introspection`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ client_id: app!.id, client_secret: secret, token: 'not-a-token' }),
      });
      return { status: response.status, body: (await response.json()) as { active?: boolean; error?: string } };
    };
    for (const value of [first.value, second.value, app!.secret!]) {
      await expect.poll(async () => (await introspect(value)).body, { timeout: 5000, interval: 50 }).toEqual({ active: false });
    }
    expect(await introspect('not-a-secret')).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    const names = ((await call('GET', `/api/applications/${app!.id}/secrets`)).body as Array<{ name: string }>).map(({ name }) => name);
    expect(names).toEqual(['Default secret', 'a', 'b']);
  });

  it('stops accepting a secret once it expires', async () => {
    const app = await createM2mApp();
    const expiresAt = Date.now() + 2500;
    const created = await api.POST('/api/applications/{id}/secrets', {
      params: { path: { id: app.id } },
      body: { name: 'short-lived', expiresAt },
    });
    expect(created.data).toMatchObject({ name: 'short-lived', expiresAt });
    await pollToken(app.id, created.data!.value).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAt - Date.now()) + 100));
    expect(await requestToken(app.id, created.data!.value)).toMatchObject({ status: 401, error: 'invalid_client' });
    // Expired secrets are still listed, with their expiry, until someone deletes them.
    expect((await call('GET', `/api/applications/${app.id}/secrets`)).body).toEqual([created.data]);
  });

  it('takes names of up to 256 characters of any kind, in the path too', async () => {
    const app = await createM2mApp();
    const long = 'rotation-'.padEnd(256, 'x');
    const spaced = 'CI / prod – 2026 ✓';
    expect((await call('POST', `/api/applications/${app.id}/secrets`, { name: long })).status).toBe(201);
    expect((await call('POST', `/api/applications/${app.id}/secrets`, { name: spaced })).status).toBe(201);
    const renamed = await call('PATCH', `/api/applications/${app.id}/secrets/${encodeURIComponent(long)}`, {
      name: `${long.slice(0, 255)}y`,
    });
    expect(renamed).toMatchObject({ status: 200, body: { name: `${long.slice(0, 255)}y` } });
    expect((await call('DELETE', `/api/applications/${app.id}/secrets/${encodeURIComponent(`${long.slice(0, 255)}y`)}`)).status).toBe(204);
    expect((await call('DELETE', `/api/applications/${app.id}/secrets/${encodeURIComponent(spaced)}`)).status).toBe(204);
    expect((await call('GET', `/api/applications/${app.id}/secrets`)).body).toEqual([]);
  });

  it('refuses a second secret of the same name with 422, for one app only', async () => {
    const app = await createM2mApp();
    const other = await createM2mApp('Other backend');
    expect((await call('POST', `/api/applications/${app.id}/secrets`, { name: 'main' })).status).toBe(201);
    expect(await call('POST', `/api/applications/${app.id}/secrets`, { name: 'main' })).toMatchObject({
      status: 422,
      body: { code: 'application.secret_name_exists' },
    });
    expect((await call('POST', `/api/applications/${other.id}/secrets`, { name: 'main' })).status).toBe(201);
    expect((await call('POST', `/api/applications/${app.id}/secrets`, { name: 'spare' })).status).toBe(201);
    expect(await call('PATCH', `/api/applications/${app.id}/secrets/spare`, { name: 'main' })).toMatchObject({
      status: 422,
      body: { code: 'application.secret_name_exists' },
    });
    const names = ((await call('GET', `/api/applications/${app.id}/secrets`)).body as Array<{ name: string }>).map(({ name }) => name);
    expect(names).toEqual(['main', 'spare']);
  });
});

describe('the legacy secret', () => {
  it('is replaced by an internal secret on delete: the old one is refused, named secrets keep working', async () => {
    const app = await createM2mApp();
    const { data: named } = await api.POST('/api/applications/{id}/secrets', { params: { path: { id: app.id } }, body: { name: 'new' } });
    await pollToken(app.id, named!.value).toBe(200);
    expect((await requestToken(app.id, app.secret!)).status).toBe(200);

    const deleted = await api.DELETE('/api/applications/{id}/legacy-secret', { params: { path: { id: app.id } } });
    expect(deleted.response.status).toBe(200);
    expect(deleted.data).toMatchObject({ id: app.id, name: app.name, type: 'MachineToMachine' });
    // The internal secret that takes the legacy one's place is nobody's to use: never shown, as in Logto.
    expect(deleted.data).not.toHaveProperty('secret');
    const [row] = await stack.database.db.select().from(applications).where(eq(applications.id, app.id));
    expect(row!.secret).toMatch(/^internal:/);
    expect(row!.secret).not.toContain(app.secret);

    await pollToken(app.id, app.secret!).toBe(401);
    expect((await requestToken(app.id, named!.value)).status).toBe(200);

    expect(await call('DELETE', `/api/applications/${app.id}/legacy-secret`)).toMatchObject({
      status: 400,
      body: { code: 'application.no_legacy_secret_found' },
    });
    expect((await call('GET', `/api/applications/${app.id}`)).body).not.toHaveProperty('secret');
  });
});

describe('application secret input validation', () => {
  it.each([
    ['a missing name', {}],
    ['an empty name', { name: '' }],
    ['an over-long name', { name: 'n'.repeat(257) }],
    ['a name of the wrong type', { name: 42 }],
    ['an expiry that is no number', { name: 'x', expiresAt: '2030-01-01' }],
    ['an expiry in the past', { name: 'x', expiresAt: Date.now() - 1000 }],
    ['a chosen value', { name: 'x', value: 'my-own-secret-value' }],
    ['another tenant', { name: 'x', tenantId: adminTenantId }],
    ['another application', { name: 'x', applicationId: 'someone-else' }],
  ])('refuses %s with 400 guard.invalid_input, creating nothing', async (_label, body) => {
    const app = await createM2mApp();
    expect(await call('POST', `/api/applications/${app.id}/secrets`, body)).toMatchObject({
      status: 400,
      body: { code: 'guard.invalid_input' },
    });
    expect(await stack.database.db.select().from(applicationSecrets).where(eq(applicationSecrets.applicationId, app.id))).toEqual([]);
  });

  it('refuses a rename with a bad body, leaving the secret as it was', async () => {
    const app = await createM2mApp();
    const { body: secret } = await call('POST', `/api/applications/${app.id}/secrets`, { name: 'kept' });
    for (const body of [{}, { name: '' }, { name: 'x', value: 'chosen' }, { name: 'x', expiresAt: Date.now() + 1000 }]) {
      expect(await call('PATCH', `/api/applications/${app.id}/secrets/kept`, body), JSON.stringify(body)).toMatchObject({
        status: 400,
        body: { code: 'guard.invalid_input' },
      });
    }
    expect((await call('GET', `/api/applications/${app.id}/secrets`)).body).toEqual([secret]);
  });

  it('answers 404 for an unknown application or secret name', async () => {
    const app = await createM2mApp();
    for (const [method, path, body] of [
      ['GET', '/api/applications/no-such-app/secrets'],
      ['POST', '/api/applications/no-such-app/secrets', { name: 'x' }],
      ['PATCH', '/api/applications/no-such-app/secrets/x', { name: 'y' }],
      ['DELETE', '/api/applications/no-such-app/secrets/x'],
      ['DELETE', '/api/applications/no-such-app/legacy-secret'],
    ] as const) {
      expect(await call(method, path, body), `${method} ${path}`).toMatchObject({
        status: 404,
        body: { code: 'entity.not_exists_with_id' },
      });
    }
    expect(await call('PATCH', `/api/applications/${app.id}/secrets/missing`, { name: 'y' })).toMatchObject({
      status: 404,
      body: { code: 'entity.not_found' },
    });
    expect(await call('DELETE', `/api/applications/${app.id}/secrets/missing`)).toMatchObject({
      status: 404,
      body: { code: 'entity.not_found' },
    });
  });

  it('needs a Management API token', async () => {
    const app = await createM2mApp();
    expect((await callApi(stack.userUrl, undefined, 'GET', `/api/applications/${app.id}/secrets`)).status).toBe(401);
    expect((await callApi(stack.userUrl, undefined, 'POST', `/api/applications/${app.id}/secrets`, { name: 'x' })).status).toBe(401);
  });
});

describe('application secrets across tenants', () => {
  it("never shows, changes or deletes another tenant's app secrets, and the OP keeps tenants apart", async () => {
    const db = stack.database.db;
    const foreign = await insertApplication(db, adminTenantId, { type: 'MachineToMachine', name: 'admin backend' });
    await db
      .insert(applicationSecrets)
      .values({ tenantId: adminTenantId, applicationId: foreign.id, name: 'theirs', value: 'AdminTenantSecretValue0123456789' });

    expect((await call('GET', `/api/applications/${foreign.id}/secrets`)).status).toBe(404);
    expect((await call('POST', `/api/applications/${foreign.id}/secrets`, { name: 'mine' })).status).toBe(404);
    expect((await call('PATCH', `/api/applications/${foreign.id}/secrets/theirs`, { name: 'renamed' })).status).toBe(404);
    expect((await call('DELETE', `/api/applications/${foreign.id}/secrets/theirs`)).status).toBe(404);
    expect((await call('DELETE', `/api/applications/${foreign.id}/legacy-secret`)).status).toBe(404);

    const rows = await db.select().from(applicationSecrets).where(eq(applicationSecrets.applicationId, foreign.id));
    expect(rows.map(({ name, tenantId }) => ({ name, tenantId }))).toEqual([{ name: 'theirs', tenantId: adminTenantId }]);
    const [row] = await db
      .select()
      .from(applications)
      .where(and(eq(applications.tenantId, adminTenantId), eq(applications.id, foreign.id)));
    expect(row?.secret).toBe(foreign.secret);

    // The admin tenant's OP takes the named secret; the default tenant's OP does not know the client.
    const adminToken = await fetch(`${stack.adminUrl}/oidc/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: foreign.id,
        client_secret: 'AdminTenantSecretValue0123456789',
      }),
    });
    expect(adminToken.status).toBe(200);
    expect(await requestToken(foreign.id, 'AdminTenantSecretValue0123456789')).toMatchObject({ status: 401, error: 'invalid_client' });
  });
});
