import { adminTenantId, defaultTenantId } from '@idp/db';
import { logs } from '@idp/schemas';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, createManagementClient, managementToken, startTestStack, type TestStack } from './test-stack.ts';

// The account center settings: what end users may do with the Account API, field by field.
let stack: TestStack;
let token: string;
const call = (method: string, path: string, body?: unknown) => callApi(stack.userUrl, token, method, path, body);

beforeAll(async () => {
  stack = await startTestStack();
  token = await managementToken(stack.userUrl, (await createManagementClient(stack)).app);
});
afterAll(async () => stack?.stop());

const offByDefault = {
  tenantId: defaultTenantId,
  id: 'default',
  enabled: false,
  fields: {},
  webauthnRelatedOrigins: [],
  deleteAccountUrl: null,
};

describe('account center settings', () => {
  it('are off by default, publicly readable, and need a Management API token to read in full or change', async () => {
    expect(await call('GET', '/api/account-center')).toMatchObject({ status: 200, body: offByDefault });
    const anonymous = await fetch(`${stack.userUrl}/api/.well-known/account-center`);
    expect(anonymous.status).toBe(200);
    expect(await anonymous.json()).toEqual(offByDefault);

    for (const [method, body] of [['GET'], ['PATCH', { enabled: true }]] as const) {
      const refused = await callApi(stack.userUrl, undefined, method, '/api/account-center', body);
      expect(refused).toMatchObject({ status: 401, body: { code: 'auth.authorization_header_missing' } });
    }
  });

  it('changes what is sent, replaces fields as a whole, and logs the change', async () => {
    const first = await call('PATCH', '/api/account-center', {
      enabled: true,
      fields: { name: 'Edit', email: 'ReadOnly', password: 'Edit' },
      webauthnRelatedOrigins: ['https://app.example.com'],
      deleteAccountUrl: 'https://example.com/delete-me',
    });
    expect(first).toMatchObject({
      status: 200,
      body: {
        ...offByDefault,
        enabled: true,
        fields: { name: 'Edit', email: 'ReadOnly', password: 'Edit' },
        webauthnRelatedOrigins: ['https://app.example.com'],
        deleteAccountUrl: 'https://example.com/delete-me',
      },
    });

    const second = await call('PATCH', '/api/account-center', { fields: { avatar: 'Edit' }, deleteAccountUrl: null });
    expect(second.body).toMatchObject({ enabled: true, fields: { avatar: 'Edit' }, deleteAccountUrl: null });
    expect((await fetch(`${stack.userUrl}/api/.well-known/account-center`).then((r) => r.json())) as unknown).toEqual(second.body);

    const logged = await stack.database.db
      .select()
      .from(logs)
      .where(and(eq(logs.tenantId, defaultTenantId), eq(logs.key, 'ManagementApi.UpdateAccountCenter')));
    expect(logged).toHaveLength(2);

    // The other tenant's settings are its own.
    const admin = await fetch(`${stack.adminUrl}/api/.well-known/account-center`).then((r) => r.json());
    expect(admin).toEqual({ ...offByDefault, tenantId: adminTenantId });
  });

  it('refuses unknown keys, unknown control values and malformed URLs', async () => {
    for (const body of [
      { enabled: 'yes' },
      { fields: { name: 'Write' } },
      { fields: { unknownField: 'Edit' } },
      { webauthnRelatedOrigins: ['not an origin'] },
      { webauthnRelatedOrigins: ['https://example.com/with/path'] },
      { deleteAccountUrl: 'javascript:alert(1)' },
      { somethingElse: true },
    ]) {
      expect(await call('PATCH', '/api/account-center', body)).toMatchObject({ status: 400, body: { code: 'guard.invalid_input' } });
    }
  });
});
