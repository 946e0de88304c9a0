// Applications and API resources as Logto answers for them: the Management API resource under its
// fixed id `management-api` and closed to edits, third-party apps of every type Logto allows, the
// `customClientMetadata` fields, and the `Default secret` a new confidential app starts with.
import { managementApiIndicator } from '@idp/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startManagementTest, type ManagementTest } from './test-stack.ts';

let test: ManagementTest;

beforeAll(async () => {
  test = await startManagementTest();
});
afterAll(async () => test?.stack.stop());

type App = { id: string; type: string; secret?: string; isThirdParty: boolean; customClientMetadata: Record<string, unknown> };

async function createApp(body: Record<string, unknown>): Promise<App> {
  const response = await test.call('POST', '/api/applications', body);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as App;
}

describe('the Management API resource', () => {
  it('answers to its alias id `management-api`, with its scopes', async () => {
    const resource = await test.call('GET', '/api/resources/management-api');
    expect(resource).toMatchObject({ status: 200, body: { indicator: managementApiIndicator, name: 'Logto Management API' } });
    const scopes = await test.call('GET', '/api/resources/management-api/scopes');
    expect(scopes.status).toBe(200);
    expect((scopes.body as Array<{ name: string }>).map(({ name }) => name)).toContain('all');
    expect(scopes.headers.get('total-number')).toBe(String((scopes.body as unknown[]).length));
  });

  it('refuses every edit with Logto codes, by its alias and by its id', async () => {
    const { id } = (await test.call('GET', '/api/resources/management-api')).body as { id: string };
    const [all] = (await test.call('GET', `/api/resources/${id}/scopes?search=all`)).body as Array<{ id: string }>;
    for (const resourceId of ['management-api', id]) {
      for (const [method, path, body] of [
        ['PATCH', `/api/resources/${resourceId}`, { name: 'Renamed' }],
        ['PATCH', `/api/resources/${resourceId}/is-default`, { isDefault: true }],
        ['POST', `/api/resources/${resourceId}/scopes`, { name: 'extra' }],
        ['PATCH', `/api/resources/${resourceId}/scopes/${all!.id}`, { description: 'changed' }],
        ['DELETE', `/api/resources/${resourceId}/scopes/${all!.id}`, undefined],
      ] as const) {
        expect(await test.call(method, path, body), `${method} ${path}`).toMatchObject({
          status: 400,
          body: { code: 'resource.cannot_modify_management_api' },
        });
      }
      expect(await test.call('DELETE', `/api/resources/${resourceId}`)).toMatchObject({
        status: 400,
        body: { code: 'resource.cannot_delete_management_api' },
      });
    }
    expect((await test.call('GET', '/api/resources/management-api')).body).toMatchObject({ name: 'Logto Management API' });
  });

  it('leaves other ids alone: an unknown id is still a 404', async () => {
    expect(await test.call('GET', '/api/resources/management-apx')).toMatchObject({
      status: 404,
      body: { code: 'entity.not_exists_with_id' },
    });
  });
});

describe('third-party applications', () => {
  it.each(['Traditional', 'SPA', 'Native'])('can be of type %s', async (type) => {
    const app = await createApp({
      name: `Third ${type}`,
      type,
      isThirdParty: true,
      oidcClientMetadata: { redirectUris: ['https://third.example/callback'], postLogoutRedirectUris: [] },
    });
    expect(app).toMatchObject({ type, isThirdParty: true });
    const listed = await test.call('GET', '/api/applications?isThirdParty=true&page_size=100');
    expect((listed.body as App[]).map(({ id }) => id)).toContain(app.id);
  });

  it.each(['MachineToMachine', 'Protected'])('cannot be of type %s', async (type) => {
    const response = await test.call('POST', '/api/applications', {
      name: 'Third',
      type,
      isThirdParty: true,
      ...(type === 'Protected' ? { protectedAppMetadata: { subDomain: 'third-party-protected', origin: 'https://example.com' } } : {}),
    });
    expect(response).toMatchObject({ status: 400, body: { code: 'application.invalid_third_party_application_type' } });
  });

  it('are never SAML apps made here: Logto points to its SAML applications API', async () => {
    const response = await test.call('POST', '/api/applications', { name: 'SAML', type: 'SAML' });
    expect(response).toMatchObject({ status: 400, body: { code: 'application.saml.use_saml_app_api' } });
  });
});

describe('customClientMetadata', () => {
  it('keeps maxAllowedGrants, and refuses a limit below one', async () => {
    const app = await createApp({ name: 'Limited', type: 'SPA', customClientMetadata: { maxAllowedGrants: 3, rotateRefreshToken: true } });
    expect(app.customClientMetadata).toEqual({ maxAllowedGrants: 3, rotateRefreshToken: true });
    const patched = await test.call('PATCH', `/api/applications/${app.id}`, { customClientMetadata: { maxAllowedGrants: 5 } });
    expect(patched).toMatchObject({ status: 200, body: { customClientMetadata: { maxAllowedGrants: 5 } } });
    expect((await test.call('GET', `/api/applications/${app.id}`)).body).toMatchObject({ customClientMetadata: { maxAllowedGrants: 5 } });
    for (const maxAllowedGrants of [0, -1, 1.5, '3']) {
      const refused = await test.call('PATCH', `/api/applications/${app.id}`, { customClientMetadata: { maxAllowedGrants } });
      expect(refused, String(maxAllowedGrants)).toMatchObject({ status: 400, body: { code: 'guard.invalid_input' } });
    }
  });
});

describe("a new app's secrets", () => {
  const tokenError = async (response: Response) => ((await response.json()) as { error?: string }).error;
  const requestToken = (clientId: string, secret: string) =>
    fetch(`${test.stack.userUrl}/oidc/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: secret,
        resource: managementApiIndicator,
        scope: 'all',
      }),
    });

  it.each(['MachineToMachine', 'Traditional'])(
    'a %s app starts with `Default secret`: shown once at creation, listed, and deletable by name',
    async (type) => {
      const app = await createApp({ name: `Confidential ${type}`, type });
      expect(app.secret).toMatch(/^[0-9a-zA-Z]{32}$/);
      const listed = await test.call('GET', `/api/applications/${app.id}/secrets`);
      expect(listed.body).toEqual([expect.objectContaining({ name: 'Default secret', value: app.secret, expiresAt: null })]);
      // The app's own (internal) secret is nobody's to use and never shown.
      expect((await test.call('GET', `/api/applications/${app.id}`)).body).not.toHaveProperty('secret');
      expect(await test.call('DELETE', `/api/applications/${app.id}/legacy-secret`)).toMatchObject({
        status: 400,
        body: { code: 'application.no_legacy_secret_found' },
      });

      if (type === 'MachineToMachine') {
        const token = await requestToken(app.id, app.secret!);
        // The app holds no Management API role, so the scope is refused: the client itself is accepted.
        expect(token.status === 200 || (await tokenError(token)) !== 'invalid_client').toBe(true);
      }

      expect((await test.call('DELETE', `/api/applications/${app.id}/secrets/${encodeURIComponent('Default secret')}`)).status).toBe(204);
      expect((await test.call('GET', `/api/applications/${app.id}/secrets`)).body).toEqual([]);
      if (type === 'MachineToMachine') {
        await expect
          .poll(async () => tokenError(await requestToken(app.id, app.secret!)), { timeout: 5000, interval: 50 })
          .toBe('invalid_client');
      }
    },
  );

  it.each(['SPA', 'Native'])('a %s app (a public client) has no secret at all', async (type) => {
    const app = await createApp({ name: `Public ${type}`, type });
    expect(app).not.toHaveProperty('secret');
    expect((await test.call('GET', `/api/applications/${app.id}/secrets`)).body).toEqual([]);
  });
});
