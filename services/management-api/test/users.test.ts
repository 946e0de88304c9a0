import { createHash } from 'node:crypto';
import { adminTenantId, defaultTenantId } from '@idp/db';
import { users, usersRoles } from '@idp/schemas';
import { and, eq } from 'drizzle-orm';
import * as jose from 'jose';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callApi,
  callbackUrl,
  createManagementClient,
  discoverRp,
  insertApplication,
  insertResource,
  insertRole,
  insertUser,
  managementToken,
  signInAndRedeem,
  startTestStack,
  type TestStack,
} from './test-stack.ts';

type User = { id: string; username: string | null; primaryEmail: string | null; name: string | null; hasPassword: boolean };

let stack: TestStack;
let api: Awaited<ReturnType<typeof createManagementClient>>['apiClient'];
let token: string;
let issuer: string;
let rp: client.Configuration;
const call = (method: string, path: string, body?: unknown) => callApi(stack.userUrl, token, method, path, body);
const ids = (body: unknown) => (body as Array<{ id: string }>).map(({ id }) => id);
const unique = () => Math.random().toString(36).slice(2, 10);

beforeAll(async () => {
  stack = await startTestStack();
  issuer = `${stack.userUrl}/oidc`;
  const management = await createManagementClient(stack);
  api = management.apiClient;
  token = await managementToken(stack.userUrl, management.app);
  const spa = await insertApplication(stack.database.db, defaultTenantId, {
    type: 'SPA',
    oidcClientMetadata: { redirectUris: [callbackUrl], postLogoutRedirectUris: [] },
  });
  rp = await discoverRp(issuer, spa.id);
});
afterAll(async () => stack?.stop());

const createUser = async (body: Record<string, unknown> = {}) => {
  const response = await call('POST', '/api/users', { username: `u_${unique()}`, ...body });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as User;
};
const storedRow = async (id: string) => {
  const [row] = await stack.database.db
    .select()
    .from(users)
    .where(and(eq(users.tenantId, defaultTenantId), eq(users.id, id)));
  return row;
};
const userCount = async () => (await call('GET', '/api/users?page_size=1')).headers.get('total-number');

describe('users through @logto/api', () => {
  it('creates, reads, updates and deletes a user', async () => {
    const name = `alice_${unique()}`;
    const created = await api.POST('/api/users', {
      body: {
        username: name,
        primaryEmail: `${name}@Example.com`,
        name: 'Alice',
        customData: { plan: 'free' },
        profile: { givenName: 'Alice' },
      },
    });
    expect(created.response.status).toBe(200);
    const user = created.data!;
    expect(user).toMatchObject({
      username: name,
      primaryEmail: `${name}@Example.com`,
      primaryPhone: null,
      name: 'Alice',
      avatar: null,
      customData: { plan: 'free' },
      profile: { givenName: 'Alice' },
      identities: {},
      applicationId: null,
      isSuspended: false,
      hasPassword: false,
      lastSignInAt: null,
    });
    expect(user.id).toMatch(/^[0-9a-z]{21}$/);
    expect(typeof user.createdAt).toBe('number');
    expect(typeof user.updatedAt).toBe('number');

    const read = await api.GET('/api/users/{userId}', { params: { path: { userId: user.id } } });
    expect(read.data).toEqual(user);

    const updated = await api.PATCH('/api/users/{userId}', {
      params: { path: { userId: user.id } },
      body: {
        name: 'Alice B.',
        primaryEmail: '',
        avatar: 'https://example.com/a.png',
        customData: { plan: 'pro' },
        profile: { nickname: 'al' },
      },
    });
    expect(updated.response.status).toBe(200);
    // customData and profile are replaced whole by this route; '' clears a field.
    expect(updated.data).toMatchObject({
      name: 'Alice B.',
      primaryEmail: null,
      avatar: 'https://example.com/a.png',
      customData: { plan: 'pro' },
      profile: { nickname: 'al' },
    });
    expect(updated.data!.updatedAt).toBeGreaterThanOrEqual(user.updatedAt);

    // …while custom-data and profile merge.
    const customData = await api.PATCH('/api/users/{userId}/custom-data', {
      params: { path: { userId: user.id } },
      body: { customData: { seats: 3 } },
    });
    expect(customData.data).toEqual({ plan: 'pro', seats: 3 });
    expect((await api.GET('/api/users/{userId}/custom-data', { params: { path: { userId: user.id } } })).data).toEqual({
      plan: 'pro',
      seats: 3,
    });
    const profile = await api.PATCH('/api/users/{userId}/profile', {
      params: { path: { userId: user.id } },
      body: { profile: { familyName: 'B', address: { country: 'NZ' } } },
    });
    expect(profile.data).toEqual({ nickname: 'al', familyName: 'B', address: { country: 'NZ' } });

    const deleted = await api.DELETE('/api/users/{userId}', { params: { path: { userId: user.id } } });
    expect(deleted.response.status).toBe(204);
    const gone = await api.GET('/api/users/{userId}', { params: { path: { userId: user.id } } });
    expect(gone.response.status).toBe(404);
    expect(gone.error).toMatchObject({ code: 'entity.not_exists_with_id' });
    expect((await call('DELETE', `/api/users/${user.id}`)).status).toBe(404);
    expect(await storedRow(user.id)).toBeUndefined();
  });

  it('does not let a signed-in administrator delete themselves', async () => {
    const admin = await createUser();
    // The integration-test stand-in for an administrator's own token (see plugins/authentication.ts).
    const response = await fetch(`${stack.userUrl}/api/users/${admin.id}`, {
      method: 'DELETE',
      headers: { 'development-user-id': admin.id },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'user.cannot_delete_self' });
    expect(await storedRow(admin.id)).toBeDefined();
  });

  it('hashes a password with argon2id, never returns it, and verifies it', async () => {
    const created = await api.POST('/api/users', { body: { username: `pw_${unique()}`, password: 'correct horse' } });
    const user = created.data!;
    expect(user.hasPassword).toBe(true);
    const row = await storedRow(user.id);
    expect(row?.passwordEncryptionMethod).toBe('Argon2id');
    expect(row?.passwordEncrypted).toMatch(/^\$argon2id\$/);
    const everyRead = [
      (await call('GET', `/api/users/${user.id}`)).body,
      (await call('GET', `/api/users?search=${user.username}`)).body,
      (await call('PATCH', `/api/users/${user.id}`, { name: 'x' })).body,
    ];
    for (const body of everyRead) {
      expect(JSON.stringify(body)).not.toContain(row!.passwordEncrypted!);
      expect(JSON.stringify(body)).not.toMatch(/passwordEncrypted|passwordDigest|argon2/);
    }

    const verify = (password: string) =>
      api.POST('/api/users/{userId}/password/verify', { params: { path: { userId: user.id } }, body: { password } });
    expect((await verify('correct horse')).response.status).toBe(204);
    const wrong = await verify('wrong horse');
    expect(wrong.response.status).toBe(422);
    expect(wrong.error).toMatchObject({ code: 'session.invalid_credentials' });

    const changed = await api.PATCH('/api/users/{userId}/password', {
      params: { path: { userId: user.id } },
      body: { password: 'battery staple' },
    });
    expect(changed.data).toMatchObject({ id: user.id, hasPassword: true });
    expect((await verify('battery staple')).response.status).toBe(204);
    expect((await verify('correct horse')).response.status).toBe(422);
    expect((await storedRow(user.id))?.passwordEncrypted).not.toBe(row!.passwordEncrypted);

    const passwordless = await createUser();
    expect((await api.GET('/api/users/{userId}/has-password', { params: { path: { userId: passwordless.id } } })).data).toEqual({
      hasPassword: false,
    });
    expect((await api.GET('/api/users/{userId}/has-password', { params: { path: { userId: user.id } } })).data).toEqual({
      hasPassword: true,
    });
    expect(await call('POST', `/api/users/${passwordless.id}/password/verify`, { password: 'anything' })).toMatchObject({
      status: 422,
      body: { code: 'session.invalid_credentials' },
    });
    expect((await call('POST', '/api/users/no-such-user/password/verify', { password: 'x' })).status).toBe(404);
  });

  it('imports a password digest from another system', async () => {
    const digest = createHash('sha256').update('imported secret').digest('hex');
    const created = await api.POST('/api/users', {
      body: { username: `imp_${unique()}`, passwordDigest: digest, passwordAlgorithm: 'SHA256' },
    });
    expect(created.data!.hasPassword).toBe(true);
    const verify = (password: string) => call('POST', `/api/users/${created.data!.id}/password/verify`, { password });
    expect((await verify('imported secret')).status).toBe(204);
    expect((await verify('other')).status).toBe(422);

    const before = await userCount();
    expect(await call('POST', '/api/users', { password: 'x', passwordDigest: digest, passwordAlgorithm: 'SHA256' })).toMatchObject({
      status: 400,
      body: { code: 'user.password_and_digest' },
    });
    expect(await call('POST', '/api/users', { passwordDigest: digest })).toMatchObject({
      status: 400,
      body: { code: 'user.password_algorithm_required' },
    });
    expect(await userCount()).toBe(before);
  });

  it('suspends a user: no more refresh or userinfo, and lifts it again', async () => {
    const user = await createUser();
    const { tokens } = await signInAndRedeem(stack, rp, user.id);
    expect((await client.fetchUserInfo(rp, tokens.access_token, user.id)).sub).toBe(user.id);

    const suspended = await api.PATCH('/api/users/{userId}/is-suspended', {
      params: { path: { userId: user.id } },
      body: { isSuspended: true },
    });
    expect(suspended.data).toMatchObject({ id: user.id, isSuspended: true });
    await expect(client.fetchUserInfo(rp, tokens.access_token, user.id)).rejects.toBeInstanceOf(client.WWWAuthenticateChallengeError);
    await expect(client.refreshTokenGrant(rp, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });

    const lifted = await api.PATCH('/api/users/{userId}/is-suspended', {
      params: { path: { userId: user.id } },
      body: { isSuspended: false },
    });
    expect(lifted.data!.isSuspended).toBe(false);
    const again = await signInAndRedeem(stack, rp, user.id);
    expect((await client.fetchUserInfo(rp, again.tokens.access_token, user.id)).sub).toBe(user.id);
  });

  it('removes a social identity and an MFA factor, listing factors without their secrets', async () => {
    const user = await insertUser(stack.database.db, defaultTenantId, {
      identities: { google: { userId: 'g-1', details: { email: 'a@gmail.com' } }, github: { userId: 'gh-1' } },
      mfaVerifications: [
        { id: 'totp-1', type: 'Totp', key: 'TOTPSECRETKEY', createdAt: '2024-01-01T00:00:00.000Z' },
        {
          id: 'codes-1',
          type: 'BackupCode',
          codes: [{ code: 'secret-code-1' }, { code: 'secret-code-2', usedAt: '2024-02-01T00:00:00.000Z' }],
          createdAt: '2024-01-02T00:00:00.000Z',
        },
      ],
    });
    const listed = await api.GET('/api/users/{userId}/mfa-verifications', { params: { path: { userId: user.id } } });
    expect(listed.data).toEqual([
      { id: 'totp-1', type: 'Totp', createdAt: '2024-01-01T00:00:00.000Z' },
      { id: 'codes-1', type: 'BackupCode', createdAt: '2024-01-02T00:00:00.000Z', remainCodes: 1 },
    ]);
    expect(JSON.stringify(listed.data)).not.toMatch(/TOTPSECRETKEY|secret-code/);

    const removed = await api.DELETE('/api/users/{userId}/mfa-verifications/{verificationId}', {
      params: { path: { userId: user.id, verificationId: 'totp-1' } },
    });
    expect(removed.response.status).toBe(204);
    expect((await storedRow(user.id))?.mfaVerifications.map(({ id }) => id)).toEqual(['codes-1']);
    expect(await call('DELETE', `/api/users/${user.id}/mfa-verifications/totp-1`)).toMatchObject({
      status: 404,
      body: { code: 'entity.not_found' },
    });
    expect(await call('DELETE', '/api/users/no-such-user/mfa-verifications/totp-1')).toMatchObject({
      status: 404,
      body: { code: 'entity.not_exists_with_id' },
    });

    const unlinked = await api.DELETE('/api/users/{userId}/identities/{target}', {
      params: { path: { userId: user.id, target: 'google' } },
    });
    expect(unlinked.response.status).toBe(200);
    expect(unlinked.data!.identities).toEqual({ github: { userId: 'gh-1' } });
    expect(await call('DELETE', `/api/users/${user.id}/identities/google`)).toMatchObject({
      status: 404,
      body: { code: 'user.identity_not_exist' },
    });
  });
});

describe("a user's roles", () => {
  const resource = 'https://users-test.example.com';
  let readerRoleId: string;
  let writerRoleId: string;
  let m2mRoleId: string;

  beforeAll(async () => {
    const { db } = stack.database;
    const { scopes } = await insertResource(db, defaultTenantId, resource, ['read', 'write']);
    readerRoleId = (await insertRole(db, defaultTenantId, { type: 'User', scopeIds: [scopes.read!], name: 'users-test reader' })).id;
    writerRoleId = (await insertRole(db, defaultTenantId, { type: 'User', scopeIds: [scopes.write!], name: 'users-test writer' })).id;
    m2mRoleId = (await insertRole(db, defaultTenantId, { type: 'MachineToMachine', scopeIds: [] })).id;
  });

  const roleIdsOf = async (userId: string) => {
    const listed = await api.GET('/api/users/{userId}/roles', { params: { path: { userId }, query: { page_size: 100 } } });
    expect(listed.response.status).toBe(200);
    return { ids: listed.data!.map(({ id }) => id).sort(), total: Number(listed.response.headers.get('total-number')) };
  };

  it('assigns, lists, replaces and removes roles', async () => {
    const user = await createUser();
    const assigned = await api.POST('/api/users/{userId}/roles', {
      params: { path: { userId: user.id } },
      body: { roleIds: [readerRoleId] },
    });
    expect(assigned.response.status).toBe(201);
    expect(assigned.data).toEqual({ roleIds: [readerRoleId], addedRoleIds: [readerRoleId] });
    const again = await api.POST('/api/users/{userId}/roles', {
      params: { path: { userId: user.id } },
      body: { roleIds: [readerRoleId, writerRoleId] },
    });
    expect(again.data).toEqual({ roleIds: [readerRoleId, writerRoleId], addedRoleIds: [writerRoleId] });
    expect(await roleIdsOf(user.id)).toEqual({ ids: [readerRoleId, writerRoleId].sort(), total: 2 });
    const searched = await call('GET', `/api/users/${user.id}/roles?search=writer`);
    expect(ids(searched.body)).toEqual([writerRoleId]);

    const replaced = await api.PUT('/api/users/{userId}/roles', {
      params: { path: { userId: user.id } },
      body: { roleIds: [writerRoleId] },
    });
    expect(replaced.response.status).toBe(200);
    expect(await roleIdsOf(user.id)).toEqual({ ids: [writerRoleId], total: 1 });

    const removed = await api.DELETE('/api/users/{userId}/roles/{roleId}', { params: { path: { userId: user.id, roleId: writerRoleId } } });
    expect(removed.response.status).toBe(204);
    expect(await roleIdsOf(user.id)).toEqual({ ids: [], total: 0 });
    expect((await call('DELETE', `/api/users/${user.id}/roles/${writerRoleId}`)).status).toBe(404);

    await api.PUT('/api/users/{userId}/roles', { params: { path: { userId: user.id } }, body: { roleIds: [readerRoleId, writerRoleId] } });
    await api.PUT('/api/users/{userId}/roles', { params: { path: { userId: user.id } }, body: { roleIds: [] } });
    expect(await roleIdsOf(user.id)).toEqual({ ids: [], total: 0 });
  });

  it('refuses machine-to-machine roles, unknown roles and unknown users, changing nothing', async () => {
    const user = await createUser();
    await api.POST('/api/users/{userId}/roles', { params: { path: { userId: user.id } }, body: { roleIds: [readerRoleId] } });
    expect(await call('POST', `/api/users/${user.id}/roles`, { roleIds: [writerRoleId, m2mRoleId] })).toMatchObject({
      status: 422,
      body: { code: 'user.invalid_role_type' },
    });
    expect(await call('PUT', `/api/users/${user.id}/roles`, { roleIds: [m2mRoleId] })).toMatchObject({
      status: 422,
      body: { code: 'user.invalid_role_type' },
    });
    expect(await call('POST', `/api/users/${user.id}/roles`, { roleIds: ['no-such-role'] })).toMatchObject({
      status: 404,
      body: { code: 'entity.not_exists_with_id' },
    });
    expect((await call('PUT', `/api/users/${user.id}/roles`, { roleIds: [writerRoleId, 'no-such-role'] })).status).toBe(404);
    expect((await roleIdsOf(user.id)).ids).toEqual([readerRoleId]);
    for (const [method, path] of [
      ['GET', '/api/users/no-such-user/roles'],
      ['POST', '/api/users/no-such-user/roles'],
      ['PUT', '/api/users/no-such-user/roles'],
      ['DELETE', `/api/users/no-such-user/roles/${readerRoleId}`],
    ] as const) {
      const response = await call(method, path, method === 'POST' || method === 'PUT' ? { roleIds: [readerRoleId] } : undefined);
      expect(response, `${method} ${path}`).toMatchObject({ status: 404, body: { code: 'entity.not_exists_with_id' } });
    }
  });

  it("takes a removed role's scopes out of the user's next resource tokens", async () => {
    const user = await createUser();
    await api.POST('/api/users/{userId}/roles', { params: { path: { userId: user.id } }, body: { roleIds: [readerRoleId] } });
    const { tokens } = await signInAndRedeem(stack, rp, user.id, { scope: 'openid offline_access read write', resource });
    const scopeOf = async (refreshToken: string) => {
      const forApi = await client.refreshTokenGrant(rp, refreshToken, { resource });
      const { payload } = await jose.jwtVerify(forApi.access_token, jose.createRemoteJWKSet(new URL(`${issuer}/jwks`)), {
        issuer,
        audience: resource,
      });
      return { scope: payload.scope ?? '', refreshToken: forApi.refresh_token ?? refreshToken };
    };
    const first = await scopeOf(tokens.refresh_token!);
    expect(first.scope).toBe('read');

    await api.DELETE('/api/users/{userId}/roles/{roleId}', { params: { path: { userId: user.id, roleId: readerRoleId } } });
    expect((await scopeOf(first.refreshToken)).scope).toBe('');
  });

  it("takes a deleted role out of every holder's next tokens: its scopes and its name in the roles claim", async () => {
    const deletedResource = `https://deleted-role-${unique()}.example.com`;
    const { scopes } = await insertResource(stack.database.db, defaultTenantId, deletedResource, ['read']);
    const { data: role } = await api.POST('/api/roles', {
      body: { name: `doomed ${unique()}`, description: 'deleted below', type: 'User', scopeIds: [scopes.read!] },
    });
    const [holder, other] = [await createUser(), await createUser()];
    for (const user of [holder, other]) {
      await api.POST('/api/users/{userId}/roles', { params: { path: { userId: user.id } }, body: { roleIds: [role!.id, readerRoleId] } });
    }
    const { tokens } = await signInAndRedeem(stack, rp, holder.id, {
      scope: 'openid offline_access roles read',
      resource: deletedResource,
    });
    const jwks = jose.createRemoteJWKSet(new URL(`${issuer}/jwks`));
    const next = async (refreshToken: string) => {
      const refreshed = await client.refreshTokenGrant(rp, refreshToken, { resource: deletedResource });
      const { payload } = await jose.jwtVerify(refreshed.access_token, jwks, { issuer, audience: deletedResource });
      const forUserinfo = await client.refreshTokenGrant(rp, refreshed.refresh_token ?? refreshToken);
      const userinfo = await client.fetchUserInfo(rp, forUserinfo.access_token, holder.id);
      return {
        scope: payload.scope ?? '',
        roles: userinfo.roles,
        refreshToken: forUserinfo.refresh_token ?? refreshed.refresh_token ?? refreshToken,
      };
    };
    const before = await next(tokens.refresh_token!);
    expect(before.scope).toBe('read');
    expect(before.roles).toEqual(expect.arrayContaining([role!.name, 'users-test reader']));

    expect((await api.DELETE('/api/roles/{id}', { params: { path: { id: role!.id } } })).response.status).toBe(204);
    const after = await next(before.refreshToken);
    expect(after.scope).toBe('');
    expect(after.roles).toEqual(['users-test reader']);
    for (const user of [holder, other]) expect((await roleIdsOf(user.id)).ids).toEqual([readerRoleId]);
  });

  it("gives a new user the tenant's default user roles", async () => {
    const role = await insertRole(stack.database.db, defaultTenantId, { type: 'User', scopeIds: [], name: `default ${unique()}` });
    await api.PATCH('/api/roles/{id}', { params: { path: { id: role.id } }, body: { isDefault: true } });
    try {
      const user = await createUser();
      expect((await roleIdsOf(user.id)).ids).toEqual([role.id]);
    } finally {
      await api.DELETE('/api/roles/{id}', { params: { path: { id: role.id } } });
    }
  });
});

describe('user lists', () => {
  it('pages newest first with page and page_size, and reports the total', async () => {
    const prefix = `pg${unique()}`;
    const created: string[] = [];
    for (let index = 0; index < 3; index += 1) created.push((await createUser({ username: `${prefix}_${index}` })).id);
    const first = await call('GET', `/api/users?search=${prefix}&page=1&page_size=2`);
    const second = await call('GET', `/api/users?search=${prefix}&page=2&page_size=2`);
    expect(first.headers.get('total-number')).toBe('3');
    expect(second.headers.get('total-number')).toBe('3');
    expect([...ids(first.body), ...ids(second.body)]).toEqual([...created].reverse());

    const typed = await api.GET('/api/users', { params: { query: { page: 1, page_size: 100 } } });
    expect(typed.data!.length).toBeGreaterThanOrEqual(3);
    expect(Number(typed.response.headers.get('total-number'))).toBeGreaterThanOrEqual(typed.data!.length);
  });

  it('treats SQL and LIKE characters in a search term as data', async () => {
    const tag = unique();
    const obrien = await createUser({ name: `O'Brien 100%_${tag}` });
    const underscore = await createUser({ username: `lq${tag}_1` });
    const lookalike = await createUser({ username: `lq${tag}x1` });
    const search = async (query: string) => {
      const response = await call('GET', `/api/users?${query}`);
      expect(response.status, query).toBe(200);
      return ids(response.body).sort();
    };
    expect(await search(`search=${encodeURIComponent(`'Brien 100%_${tag}`)}`)).toEqual([obrien.id]);
    expect(await search(`search=${encodeURIComponent(`lq${tag}_`)}`)).toEqual([underscore.id]);
    expect(await search(`search=${encodeURIComponent("%' or 1=1 --")}`)).toEqual([]);
    expect(await search(`search=${encodeURIComponent("x'); drop table users; --")}`)).toEqual([]);
    // Logto's clients wrap a term in %…%: that wrapper still means "contains".
    expect(await search(`search=${encodeURIComponent(`%lq${tag}%`)}`)).toEqual([underscore.id, lookalike.id].sort());
    expect(await storedRow(obrien.id)).toBeDefined();
  });

  it('searches one field, exactly, case-insensitively, and joins conditions', async () => {
    const tag = unique();
    const alice = await createUser({ username: `al${tag}`, primaryEmail: `al${tag}@Example.com`, name: `Alice ${tag}` });
    const bob = await createUser({ username: `bo${tag}`, primaryEmail: `bo${tag}@example.com`, name: `Bob ${tag}` });
    const search = async (query: string) => ids((await call('GET', `/api/users?${query}`)).body).sort();
    expect(await search(`search.primaryEmail=${encodeURIComponent(`AL${tag}@example.COM`)}&mode.primaryEmail=exact`)).toEqual([alice.id]);
    expect(await search(`search.primary_email=${encodeURIComponent(`AL${tag}@example.COM`)}&mode=exact&isCaseSensitive=true`)).toEqual([]);
    expect(await search(`search.name=${tag}&search.username=bo${tag}&joint=and`)).toEqual([bob.id]);
    expect(await search(`search.name=${tag}&search.username=bo${tag}`)).toEqual([alice.id, bob.id].sort());
    expect(await search(`search.username=al${tag}&search.username=bo${tag}&mode=exact`)).toEqual([alice.id, bob.id].sort());
    expect(await search(`search=${tag.toUpperCase()}`)).toEqual([alice.id, bob.id].sort());
    expect(await search(`search=${tag.toUpperCase()}&isCaseSensitive=true`)).toEqual([]);

    for (const query of [
      'search.password=x',
      'search.name.first=x',
      'search=x&mode=similar_to',
      'search=x&mode=glob',
      'search=x&search=y',
      'search=',
      `search=${'x'.repeat(257)}`,
      'search=x&joint=xor',
      'page_size=101',
      'page_size=0',
      'page=abc',
      `excludeRoleId=${'r'.repeat(22)}`,
    ]) {
      const response = await call('GET', `/api/users?${query}`);
      expect(response.status, query).toBe(400);
      expect((response.body as { code: string }).code, query).toMatch(/^(guard|request)\.invalid_(input|pagination)$/);
    }
  });

  it('leaves out the holders of a role with excludeRoleId', async () => {
    const tag = unique();
    const role = await insertRole(stack.database.db, defaultTenantId, { type: 'User', scopeIds: [] });
    const holder = await createUser({ username: `ex${tag}_1` });
    const other = await createUser({ username: `ex${tag}_2` });
    await api.POST('/api/users/{userId}/roles', { params: { path: { userId: holder.id } }, body: { roleIds: [role.id] } });
    expect(ids((await call('GET', `/api/users?search=ex${tag}&excludeRoleId=${role.id}`)).body)).toEqual([other.id]);
  });
});

describe('user input validation', () => {
  it.each([
    ['a wrong type of username', { username: 123 }],
    ['a username Logto would refuse', { username: '1starts-with-digit' }],
    ['an invalid email', { primaryEmail: 'not-an-email' }],
    ['a phone with letters', { primaryPhone: '+1 555 CALL' }],
    ['an over-long username', { username: `u${'x'.repeat(128)}` }],
    ['an over-long name', { name: 'n'.repeat(129) }],
    ['an over-long password', { password: 'p'.repeat(257) }],
    ['an empty password', { password: '' }],
    ['an avatar that is no web URL', { avatar: 'javascript:alert(1)' }],
    ['custom data that is no object', { customData: 'plain' }],
    ['an unknown profile key', { profile: { shoeSize: '42' } }],
    ['an unsupported digest algorithm', { passwordDigest: 'abc', passwordAlgorithm: 'Legacy' }],
    ['an unknown field', { username: 'x_valid', colour: 'red' }],
    ['a chosen id', { username: 'x_valid', id: 'chosenidchosenidchose' }],
    ['a tenant id', { username: 'x_valid', tenantId: adminTenantId }],
    ['a password digest column', { username: 'x_valid', passwordEncrypted: '$argon2id$forged' }],
    ['a suspension flag', { username: 'x_valid', isSuspended: true }],
  ])('refuses %s with 400 guard.invalid_input, creating nothing', async (_label, body) => {
    const before = await userCount();
    const response = await call('POST', '/api/users', body);
    expect(response).toMatchObject({ status: 400, body: { code: 'guard.invalid_input' } });
    expect(await userCount()).toBe(before);
  });

  it('refuses bad bodies on the other routes, writing nothing', async () => {
    const user = await createUser({ name: 'Unchanged', password: 'keep me' });
    const before = await storedRow(user.id);
    for (const [method, path, body] of [
      ['PATCH', `/api/users/${user.id}`, { tenantId: adminTenantId }],
      ['PATCH', `/api/users/${user.id}`, { id: 'stolenidstolenidstole' }],
      ['PATCH', `/api/users/${user.id}`, { passwordEncrypted: '$argon2id$forged', name: 'Changed' }],
      ['PATCH', `/api/users/${user.id}`, { isSuspended: true }],
      ['PATCH', `/api/users/${user.id}`, { name: 42 }],
      ['PATCH', `/api/users/${user.id}/password`, {}],
      ['PATCH', `/api/users/${user.id}/password`, { password: 123 }],
      ['POST', `/api/users/${user.id}/password/verify`, { password: '' }],
      ['PATCH', `/api/users/${user.id}/is-suspended`, { isSuspended: 'yes' }],
      ['PATCH', `/api/users/${user.id}/is-suspended`, {}],
      ['PATCH', `/api/users/${user.id}/custom-data`, { plan: 'pro' }],
      ['PATCH', `/api/users/${user.id}/profile`, { profile: { givenName: 1 } }],
      ['POST', `/api/users/${user.id}/roles`, { roleIds: 'one' }],
      ['PUT', `/api/users/${user.id}/roles`, {}],
    ] as const) {
      const response = await call(method, path, body);
      expect(response, `${method} ${path} ${JSON.stringify(body)}`).toMatchObject({ status: 400, body: { code: 'guard.invalid_input' } });
    }
    expect(await call('POST', '/api/users', '{"username":')).toMatchObject({ status: 400, body: { code: 'request.invalid_json' } });
    expect((await call('GET', `/api/users/${'x'.repeat(22)}`)).status).toBe(400);
    expect(await storedRow(user.id)).toEqual(before);
  });

  it("refuses a taken username, email (in any case) or phone with Logto's 422 codes", async () => {
    const tag = unique();
    const taken = await createUser({
      username: `taken_${tag}`,
      primaryEmail: `taken_${tag}@example.com`,
      primaryPhone: `1555${Date.now() % 1_000_000}`,
    });
    const other = await createUser();
    const before = await userCount();
    for (const [body, code] of [
      [{ username: `taken_${tag}` }, 'user.username_already_in_use'],
      [{ primaryEmail: `TAKEN_${tag}@Example.COM` }, 'user.email_already_in_use'],
      [{ primaryPhone: (await storedRow(taken.id))!.primaryPhone }, 'user.phone_already_in_use'],
    ] as const) {
      expect(await call('POST', '/api/users', body), JSON.stringify(body)).toMatchObject({ status: 422, body: { code } });
      expect(await call('PATCH', `/api/users/${other.id}`, body), JSON.stringify(body)).toMatchObject({ status: 422, body: { code } });
    }
    expect(await userCount()).toBe(before);
    expect((await storedRow(other.id))?.username).toBe(other.username);
    // A user may keep its own identifiers.
    expect((await call('PATCH', `/api/users/${taken.id}`, { username: `taken_${tag}` })).status).toBe(200);
  });
});

describe('tenancy', () => {
  it("never shows or touches another tenant's users", async () => {
    const tag = unique();
    const foreign = await insertUser(stack.database.db, adminTenantId, { username: `foreign_${tag}`, name: 'Admin Person' });
    for (const [method, path, body] of [
      ['GET', `/api/users/${foreign.id}`, undefined],
      ['PATCH', `/api/users/${foreign.id}`, { name: 'taken over' }],
      ['PATCH', `/api/users/${foreign.id}/password`, { password: 'hijack' }],
      ['POST', `/api/users/${foreign.id}/password/verify`, { password: 'x' }],
      ['PATCH', `/api/users/${foreign.id}/is-suspended`, { isSuspended: true }],
      ['PATCH', `/api/users/${foreign.id}/custom-data`, { customData: { a: 1 } }],
      ['GET', `/api/users/${foreign.id}/roles`, undefined],
      ['DELETE', `/api/users/${foreign.id}`, undefined],
    ] as const) {
      expect(await call(method, path, body), `${method} ${path}`).toMatchObject({
        status: 404,
        body: { code: 'entity.not_exists_with_id' },
      });
    }
    expect((await call('GET', `/api/users?search=foreign_${tag}`)).body).toEqual([]);
    const [row] = await stack.database.db
      .select()
      .from(users)
      .where(and(eq(users.tenantId, adminTenantId), eq(users.id, foreign.id)));
    expect(row).toMatchObject({ name: 'Admin Person', isSuspended: false, passwordEncrypted: null });
    // The foreign tenant's roles cannot be given to one of ours either.
    const foreignRole = await insertRole(stack.database.db, adminTenantId, { type: 'User', scopeIds: [] });
    const ours = await createUser();
    expect((await call('POST', `/api/users/${ours.id}/roles`, { roleIds: [foreignRole.id] })).status).toBe(404);
    expect(await stack.database.db.select().from(usersRoles).where(eq(usersRoles.userId, ours.id))).toEqual([]);
  });
});
