// Organization claims, as Logto releases them: with `urn:logto:scope:organizations` the ID token and
// userinfo name the user's organizations (userinfo adds `organization_data`), with
// `urn:logto:scope:organization_roles` they name `<organization id>:<role name>` per role held.
// Memberships set through the Management API show in the next token.
import { defaultTenantId, generateId } from '@idp/db';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callApi,
  createManagementClient,
  insertUser,
  managementToken,
  registerSpa,
  signInAndRedeem,
  startTestStack,
  type TestStack,
} from './test-stack.ts';

let stack: TestStack;
let token: string;
let rp: client.Configuration;
const call = (method: string, path: string, body?: unknown) => callApi(stack.userUrl, token, method, path, body);
const unique = (prefix: string) => `${prefix}-${generateId().slice(0, 8)}`;
const organizationScopes = 'openid offline_access urn:logto:scope:organizations urn:logto:scope:organization_roles';

beforeAll(async () => {
  stack = await startTestStack();
  token = await managementToken(stack.userUrl, (await createManagementClient(stack)).app);
  ({ rp } = await registerSpa(stack));
});
afterAll(async () => stack?.stop());

async function post(path: string, body: unknown) {
  const response = await call('POST', path, body);
  expect(response.status, `${path} ${JSON.stringify(response.body)}`).toBe(201);
  return response.body as { id: string; name: string };
}

describe('organization claims', () => {
  it('names the organizations and organization roles in the ID token and userinfo', async () => {
    const user = await insertUser(stack.database.db, defaultTenantId);
    const acme = await post('/api/organizations', { name: 'Acme', description: 'First customer' });
    const globex = await post('/api/organizations', { name: 'Globex' });
    const [admin, viewer] = [
      await post('/api/organization-roles', { name: unique('admin') }),
      await post('/api/organization-roles', { name: unique('viewer') }),
    ];
    await post(`/api/organizations/${acme.id}/users`, { userIds: [user.id] });
    await post(`/api/organizations/${globex.id}/users`, { userIds: [user.id] });
    await post(`/api/organizations/${acme.id}/users/${user.id}/roles`, { organizationRoleIds: [admin.id, viewer.id] });

    const { tokens } = await signInAndRedeem(stack, rp, user.id, { scope: organizationScopes });
    const claims = tokens.claims()!;
    expect([...(claims.organizations as string[])].sort()).toEqual([acme.id, globex.id].sort());
    expect([...(claims.organization_roles as string[])].sort()).toEqual([`${acme.id}:${admin.name}`, `${acme.id}:${viewer.name}`].sort());
    // Organization names and descriptions are userinfo-only, as in Logto.
    expect(claims).not.toHaveProperty('organization_data');

    const userinfo = await client.fetchUserInfo(rp, tokens.access_token, user.id);
    expect([...(userinfo.organizations as string[])].sort()).toEqual([acme.id, globex.id].sort());
    expect(userinfo.organization_data).toEqual(
      expect.arrayContaining([
        { id: acme.id, name: 'Acme', description: 'First customer' },
        { id: globex.id, name: 'Globex', description: null },
      ]),
    );

    // A role change and a removal show in the next tokens.
    expect((await call('DELETE', `/api/organizations/${acme.id}/users/${user.id}/roles/${viewer.id}`)).status).toBe(204);
    expect((await call('DELETE', `/api/organizations/${globex.id}/users/${user.id}`)).status).toBe(204);
    const refreshed = await client.refreshTokenGrant(rp, tokens.refresh_token!);
    expect(refreshed.claims()).toMatchObject({ organizations: [acme.id], organization_roles: [`${acme.id}:${admin.name}`] });
    expect(await client.fetchUserInfo(rp, refreshed.access_token, user.id)).toMatchObject({ organizations: [acme.id] });
  });

  it('releases nothing about organizations without their scopes', async () => {
    const user = await insertUser(stack.database.db, defaultTenantId);
    const organization = await post('/api/organizations', { name: unique('org') });
    await post(`/api/organizations/${organization.id}/users`, { userIds: [user.id] });
    const { tokens } = await signInAndRedeem(stack, rp, user.id, { scope: 'openid' });
    expect(tokens.claims()).not.toHaveProperty('organizations');
    const userinfo = await client.fetchUserInfo(rp, tokens.access_token, user.id);
    expect(userinfo).not.toHaveProperty('organizations');
    expect(userinfo).not.toHaveProperty('organization_roles');

    // Only the organizations scope: ids without roles.
    const { tokens: idsOnly } = await signInAndRedeem(stack, rp, user.id, { scope: 'openid urn:logto:scope:organizations' });
    expect(idsOnly.claims()).toMatchObject({ organizations: [organization.id] });
    expect(idsOnly.claims()).not.toHaveProperty('organization_roles');
  });
});
