import { adminTenantId, defaultTenantId } from '@idp/db';
import { applications } from '@idp/schemas';
import { and, eq } from 'drizzle-orm';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callApi,
  callbackUrl,
  createManagementClient,
  discoverRp,
  insertApplication,
  managementToken,
  startTestStack,
  type TestStack,
} from './test-stack.ts';

let stack: TestStack;
let api: Awaited<ReturnType<typeof createManagementClient>>['apiClient'];
let token: string;
const call = (method: string, path: string, body?: unknown) => callApi(stack.userUrl, token, method, path, body);

beforeAll(async () => {
  stack = await startTestStack();
  const management = await createManagementClient(stack);
  api = management.apiClient;
  token = await managementToken(stack.userUrl, management.app);
});
afterAll(async () => stack?.stop());

describe('applications through @logto/api', () => {
  it('creates, reads, lists, updates and deletes an app', async () => {
    const created = await api.POST('/api/applications', {
      body: {
        name: 'My SPA',
        type: 'SPA',
        description: 'a test app',
        oidcClientMetadata: { redirectUris: [callbackUrl], postLogoutRedirectUris: [] } as never,
      },
    });
    expect(created.response.status).toBe(200);
    const app = created.data!;
    expect(app).toMatchObject({ tenantId: defaultTenantId, name: 'My SPA', type: 'SPA', isThirdParty: false, customData: {} });
    expect(app.id).toMatch(/^[0-9a-z]{21}$/);
    expect(typeof app.createdAt).toBe('number');

    const read = await api.GET('/api/applications/{id}', { params: { path: { id: app.id } } });
    expect(read.data).toMatchObject({ id: app.id, name: 'My SPA', isAdmin: false });

    const listed = await api.GET('/api/applications', { params: { query: { types: ['SPA'], page: 1, page_size: 100 } } });
    expect(listed.data!.map(({ id }) => id)).toContain(app.id);
    expect(Number(listed.response.headers.get('total-number'))).toBeGreaterThanOrEqual(2); // with demo-app

    const updated = await api.PATCH('/api/applications/{id}', {
      params: { path: { id: app.id } },
      body: { name: 'Renamed', customClientMetadata: { allowTokenExchange: true } },
    });
    expect(updated.data).toMatchObject({ name: 'Renamed', customClientMetadata: { allowTokenExchange: true } });
    expect(updated.data!.oidcClientMetadata.redirectUris).toEqual([callbackUrl]);

    const deleted = await api.DELETE('/api/applications/{id}', { params: { path: { id: app.id } } });
    expect(deleted.response.status).toBe(204);
    const gone = await api.GET('/api/applications/{id}', { params: { path: { id: app.id } } });
    expect(gone.response.status).toBe(404);
    expect(gone.error).toMatchObject({ code: 'entity.not_exists_with_id' });
  });

  it('gives a new app a client the OP accepts at once', async () => {
    const { data: app } = await api.POST('/api/applications', {
      body: { name: 'M2M', type: 'MachineToMachine' },
    });
    const rp = await discoverRp(`${stack.userUrl}/oidc`, app!.id, { secret: app!.secret! });
    const tokens = await client.clientCredentialsGrant(rp, { scope: '' });
    expect(tokens.access_token).toBeTruthy();
  });

  it('makes an M2M app a Management API admin with isAdmin, and takes it back', async () => {
    const { data: app } = await api.POST('/api/applications', { body: { name: 'Backend', type: 'MachineToMachine' } });
    await api.PATCH('/api/applications/{id}', { params: { path: { id: app!.id } }, body: { isAdmin: true } });
    expect((await api.GET('/api/applications/{id}', { params: { path: { id: app!.id } } })).data!.isAdmin).toBe(true);
    const adminToken = await managementToken(stack.userUrl, { id: app!.id, secret: app!.secret! });
    expect((await callApi(stack.userUrl, adminToken, 'GET', '/api/applications')).status).toBe(200);

    await api.PATCH('/api/applications/{id}', { params: { path: { id: app!.id } }, body: { isAdmin: false } });
    const plainToken = await managementToken(stack.userUrl, { id: app!.id, secret: app!.secret! }, '');
    expect((await callApi(stack.userUrl, plainToken, 'GET', '/api/applications')).status).toBe(403);
  });
});

describe('application input validation', () => {
  it.each([
    ['a missing name', { type: 'SPA' }],
    ['an unknown type', { name: 'x', type: 'Desktop' }],
    ['a wrong type of name', { name: 123, type: 'SPA' }],
    ['an over-long name', { name: 'n'.repeat(257), type: 'SPA' }],
    ['an unknown field', { name: 'x', type: 'SPA', colour: 'red' }],
    [
      'a redirect URI that is no URL',
      { name: 'x', type: 'SPA', oidcClientMetadata: { redirectUris: ['not a url'], postLogoutRedirectUris: [] } },
    ],
    [
      'a custom scheme for a web app',
      { name: 'x', type: 'SPA', oidcClientMetadata: { redirectUris: ['myapp://cb'], postLogoutRedirectUris: [] } },
    ],
  ])('refuses %s with 400 guard.invalid_input, creating nothing', async (_label, body) => {
    const before = (await call('GET', '/api/applications?page_size=1')).headers.get('total-number');
    const response = await call('POST', '/api/applications', body);
    expect(response).toMatchObject({ status: 400, body: { code: 'guard.invalid_input' } });
    expect((await call('GET', '/api/applications?page_size=1')).headers.get('total-number')).toBe(before);
  });

  it('refuses invalid JSON and bad pagination', async () => {
    expect(await call('POST', '/api/applications', '{"name":')).toMatchObject({ status: 400, body: { code: 'request.invalid_json' } });
    for (const query of ['page_size=101', 'page_size=0', 'page=-1', 'page=abc']) {
      expect(await call('GET', `/api/applications?${query}`), query).toMatchObject({
        status: 400,
        body: { code: 'guard.invalid_pagination' },
      });
    }
  });

  it('ignores nothing silently: id, tenantId and secret cannot be set through a body', async () => {
    for (const field of [{ id: 'chosen-id' }, { tenantId: adminTenantId }, { secret: 'my-secret' }]) {
      const response = await call('POST', '/api/applications', { name: 'x', type: 'Traditional', ...field });
      expect(response.status, JSON.stringify(field)).toBe(400);
    }
    const { data: app } = await api.POST('/api/applications', { body: { name: 'x', type: 'Traditional' } });
    const patched = await call('PATCH', `/api/applications/${app!.id}`, { tenantId: adminTenantId, secret: 'mine', type: 'SPA' });
    expect(patched.status).toBe(400);
    const [row] = await stack.database.db.select().from(applications).where(eq(applications.id, app!.id));
    expect(row).toMatchObject({ tenantId: defaultTenantId, type: 'Traditional' });
    // The app's own secret is an internal one; the client's is its `Default secret` (app.secret here).
    expect(row!.secret).toMatch(/^internal:/);
  });
});

describe('application lists', () => {
  it('pages with page and page_size and reports the total', async () => {
    for (let index = 0; index < 3; index += 1) {
      await api.POST('/api/applications', { body: { name: `paged ${index}`, type: 'Native' } });
    }
    const first = await call('GET', '/api/applications?types=Native&page=1&page_size=2');
    const second = await call('GET', '/api/applications?types=Native&page=2&page_size=2');
    const total = Number(first.headers.get('total-number'));
    expect(total).toBeGreaterThanOrEqual(3);
    expect((first.body as unknown[]).length).toBe(2);
    const ids = [...(first.body as Array<{ id: string }>), ...(second.body as Array<{ id: string }>)].map(({ id }) => id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('treats SQL and LIKE characters in a search term as data', async () => {
    const { data: app } = await api.POST('/api/applications', { body: { name: "O'Brien 100%_app", type: 'SPA' } });
    const found = await call('GET', `/api/applications?search=${encodeURIComponent("'Brien 100%_")}`);
    expect((found.body as Array<{ id: string }>).map(({ id }) => id)).toEqual([app!.id]);
    const none = await call('GET', `/api/applications?search=${encodeURIComponent("%' or 1=1 --")}`);
    expect(none).toMatchObject({ status: 200, body: [] });
    const wildcard = await call('GET', `/api/applications?search=${encodeURIComponent('%')}`);
    expect((wildcard.body as Array<{ id: string }>).map(({ id }) => id)).toEqual([app!.id]);
  });

  it("never shows another tenant's apps", async () => {
    const foreign = await insertApplication(stack.database.db, adminTenantId, { type: 'SPA', name: 'admin-only app' });
    expect((await call('GET', `/api/applications/${foreign.id}`)).status).toBe(404);
    expect((await call('PATCH', `/api/applications/${foreign.id}`, { name: 'taken over' })).status).toBe(404);
    expect((await call('DELETE', `/api/applications/${foreign.id}`)).status).toBe(404);
    const listed = await call('GET', `/api/applications?search=admin-only&page_size=100`);
    expect(listed.body).toEqual([]);
    const [row] = await stack.database.db
      .select()
      .from(applications)
      .where(and(eq(applications.tenantId, adminTenantId), eq(applications.id, foreign.id)));
    expect(row?.name).toBe('admin-only app');
  });
});
