// Logto's "Me API" on the admin endpoint: the console's signed-in user reads and changes their own
// account with an access token the admin tenant issues for `https://admin.logto.app/me`.
import { adminTenantId, adminTenantUserRoleName, defaultTenantId, managementApiIndicator, meApiIndicator } from '@idp/db';
import { hashPassword } from '@idp/password';
import { resources, roles, rolesScopes, scopes, users } from '@idp/schemas';
import { and, eq } from 'drizzle-orm';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assignApplicationRole,
  assignUserRole,
  authorize,
  BrowserSession,
  callApi,
  callbackUrl,
  createManagementApp,
  discoverRp,
  insertApplication,
  insertRole,
  insertUser,
  managementToken,
  startTestStack,
  type TestStack,
} from './test-stack.ts';

let stack: TestStack;
let rp: client.Configuration;
let userRoleId: string;

beforeAll(async () => {
  stack = await startTestStack();
  const { db } = stack.database;
  const [role] = await db
    .select({ id: roles.id })
    .from(roles)
    .where(and(eq(roles.tenantId, adminTenantId), eq(roles.name, adminTenantUserRoleName)));
  userRoleId = role!.id;
  const app = await insertApplication(db, adminTenantId, {
    type: 'SPA',
    oidcClientMetadata: { redirectUris: [callbackUrl], postLogoutRedirectUris: [] },
  });
  rp = await discoverRp(`${stack.adminUrl}/oidc`, app.id);
});
afterAll(async () => stack?.stop());

/** An administrator of the admin tenant, holding its `user` role unless told otherwise. */
async function newAdmin(options: { password?: string; role?: boolean } = {}) {
  const { db } = stack.database;
  const user = await insertUser(db, adminTenantId, options.password ? await hashPassword(options.password) : {});
  if (options.role !== false) await assignUserRole(db, adminTenantId, user.id, userRoleId);
  return user;
}

/** What the console does: sign in on the admin endpoint, then get a token for the Me API. */
async function meToken(userId: string, resource = meApiIndicator) {
  const flow = await authorize(
    stack,
    rp,
    userId,
    { scope: 'openid offline_access all', resource },
    new BrowserSession(stack, adminTenantId),
  );
  const tokens = await client.authorizationCodeGrant(rp, flow.callback, {
    pkceCodeVerifier: flow.codeVerifier,
    expectedState: flow.state,
    expectedNonce: flow.nonce,
  });
  return (await client.refreshTokenGrant(rp, tokens.refresh_token!, { resource })).access_token;
}

const me = (token: string | undefined, method: string, path: string, body?: unknown) => callApi(stack.adminUrl, token, method, path, body);

describe('the Me API resource', () => {
  it("is seeded in the admin tenant with scope all, granted by the admin tenant's user role", async () => {
    const rows = await stack.database.db
      .select({ name: resources.name, scope: scopes.name })
      .from(resources)
      .innerJoin(scopes, and(eq(scopes.tenantId, resources.tenantId), eq(scopes.resourceId, resources.id)))
      .innerJoin(rolesScopes, and(eq(rolesScopes.tenantId, scopes.tenantId), eq(rolesScopes.scopeId, scopes.id)))
      .where(and(eq(resources.tenantId, adminTenantId), eq(resources.indicator, meApiIndicator), eq(rolesScopes.roleId, userRoleId)));
    expect(rows).toEqual([{ name: 'Logto Me API', scope: 'all' }]);
  });
});

describe('/api/me', () => {
  it("answers the signed-in user's info, with hasPassword only when there is one", async () => {
    const withPassword = await newAdmin({ password: 'correct horse 1' });
    const response = await me(await meToken(withPassword.id), 'GET', '/api/me');
    expect(response).toMatchObject({ status: 200, body: { id: withPassword.id, username: withPassword.username, hasPassword: true } });
    expect(JSON.stringify(response.body)).not.toContain('passwordEncrypted');

    const without = await newAdmin();
    const plain = await me(await meToken(without.id), 'GET', '/api/me');
    expect(plain.status).toBe(200);
    expect(plain.body).not.toHaveProperty('hasPassword');
  });

  it('refuses callers without the right token', async () => {
    expect(await me(undefined, 'GET', '/api/me')).toMatchObject({ status: 401, body: { code: 'auth.authorization_header_missing' } });
    expect(await me('garbage', 'GET', '/api/me')).toMatchObject({ status: 401, body: { code: 'auth.unauthorized' } });

    // A token of the admin tenant for the Management API (another audience) is not a Me API token.
    const admin = await newAdmin();
    const forManagement = await meToken(admin.id, managementApiIndicator);
    expect(await me(forManagement, 'GET', '/api/me')).toMatchObject({ status: 401, body: { code: 'auth.unauthorized' } });

    // A user without the admin tenant's user role gets a Me API token without scope `all`.
    const roleless = await newAdmin({ role: false });
    expect(await me(await meToken(roleless.id), 'GET', '/api/me')).toMatchObject({ status: 403, body: { code: 'auth.forbidden' } });

    // An application is not a signed-in user, even with the scope.
    const [allScope] = await stack.database.db
      .select({ id: scopes.id })
      .from(scopes)
      .innerJoin(resources, and(eq(resources.tenantId, scopes.tenantId), eq(resources.id, scopes.resourceId)))
      .where(and(eq(scopes.tenantId, adminTenantId), eq(resources.indicator, meApiIndicator)));
    const m2mRole = await insertRole(stack.database.db, adminTenantId, { type: 'MachineToMachine', scopeIds: [allScope!.id] });
    const m2m = await insertApplication(stack.database.db, adminTenantId, { type: 'MachineToMachine' });
    await assignApplicationRole(stack.database.db, adminTenantId, m2m.id, m2mRole.id);
    const appToken = await managementToken(stack.adminUrl, m2m, 'all', meApiIndicator);
    expect(await me(appToken, 'GET', '/api/me')).toMatchObject({ status: 403, body: { code: 'auth.forbidden' } });
  });

  it('exists on the admin endpoint only', async () => {
    const defaultApp = await createManagementApp(stack.database.db, defaultTenantId);
    const token = await managementToken(stack.userUrl, defaultApp);
    expect(await callApi(stack.userUrl, token, 'GET', '/api/me')).toMatchObject({ status: 404 });
    // The admin tenant's Me API token means nothing on the user endpoint.
    const user = await newAdmin();
    expect((await callApi(stack.userUrl, await meToken(user.id), 'GET', '/api/me')).status).toBe(401);
  });

  it('changes name, avatar and username, refusing bad values and taken usernames', async () => {
    const user = await newAdmin();
    const other = await newAdmin();
    const token = await meToken(user.id);
    const updated = await me(token, 'PATCH', '/api/me', { name: 'Ada', avatar: 'https://example.com/a.png', username: 'ada_admin' });
    expect(updated).toMatchObject({ status: 200, body: { name: 'Ada', avatar: 'https://example.com/a.png', username: 'ada_admin' } });
    expect(await me(token, 'PATCH', '/api/me', { avatar: '', name: null })).toMatchObject({
      status: 200,
      body: { avatar: null, name: null },
    });
    expect(await me(token, 'PATCH', '/api/me', { avatar: 'javascript:alert(1)' })).toMatchObject({ status: 400 });
    expect(await me(token, 'PATCH', '/api/me', { username: '1 bad' })).toMatchObject({
      status: 400,
      body: { code: 'guard.invalid_input' },
    });
    expect(await me(token, 'PATCH', '/api/me', { username: other.username })).toMatchObject({
      status: 422,
      body: { code: 'user.username_already_in_use' },
    });
    expect(await me(token, 'PATCH', '/api/me', { isSuspended: true })).toMatchObject({ status: 400 });
    // An email needs a verified code first, which this API does not send yet.
    expect((await me(token, 'PATCH', '/api/me', { primaryEmail: 'ada@example.com' })).status).toBe(404);
  });

  it('reads and replaces custom data', async () => {
    const user = await newAdmin();
    const token = await meToken(user.id);
    expect(await me(token, 'GET', '/api/me/custom-data')).toMatchObject({ status: 200, body: {} });
    expect(await me(token, 'PATCH', '/api/me/custom-data', { a: 1, b: { c: true } })).toMatchObject({
      status: 200,
      body: { a: 1, b: { c: true } },
    });
    expect(await me(token, 'PATCH', '/api/me/custom-data', { d: 'x' })).toMatchObject({ status: 200, body: { d: 'x' } });
    expect(await me(token, 'GET', '/api/me/custom-data')).toMatchObject({ status: 200, body: { d: 'x' } });
    expect(await me(token, 'PATCH', '/api/me/custom-data', [1, 2])).toMatchObject({ status: 400 });
  });

  it('changes the password only after the current one was verified', async () => {
    const user = await newAdmin({ password: 'first secret 1' });
    const token = await meToken(user.id);
    expect(await me(token, 'POST', '/api/me/password', { password: 'second secret 2' })).toMatchObject({
      status: 404,
      body: { code: 'session.verification_session_not_found' },
    });
    expect(await me(token, 'POST', '/api/me/password/verify', { password: 'wrong' })).toMatchObject({
      status: 422,
      body: { code: 'session.invalid_credentials' },
    });
    expect((await me(token, 'POST', '/api/me/password/verify', { password: 'first secret 1' })).status).toBe(204);
    expect(await me(token, 'POST', '/api/me/password', { password: 'kV9#tq' })).toMatchObject({
      status: 422,
      body: { code: 'password.rejected', data: { result: [{ code: 'password_rejected.too_short', data: { min: 8 } }] } },
    });
    const passwordUpdatedAt = async () =>
      (await stack.database.db.select({ at: users.passwordUpdatedAt }).from(users).where(eq(users.id, user.id)))[0]?.at;
    expect(await passwordUpdatedAt()).toBeNull();
    const before = Date.now();
    expect((await me(token, 'POST', '/api/me/password', { password: 'second secret 2' })).status).toBe(204);
    expect((await passwordUpdatedAt())?.getTime()).toBeGreaterThanOrEqual(before);
    expect((await me(token, 'POST', '/api/me/password/verify', { password: 'first secret 1' })).status).toBe(422);
    expect((await me(token, 'POST', '/api/me/password/verify', { password: 'second secret 2' })).status).toBe(204);
  });

  it("refuses a password the admin tenant's policy rejects: breached, repetitive, or the user's own name", async () => {
    const user = await newAdmin({ password: 'first secret 1' });
    await stack.database.db.update(users).set({ name: 'Gwendolyn Brooks' }).where(eq(users.id, user.id));
    const token = await meToken(user.id);
    expect((await me(token, 'POST', '/api/me/password/verify', { password: 'first secret 1' })).status).toBe(204);
    const rejected = (code: string) => ({ status: 422, body: { code: 'password.rejected', data: { result: [{ code }] } } });
    expect(await me(token, 'POST', '/api/me/password', { password: 'password123' })).toMatchObject(rejected('password_rejected.pwned'));
    expect(await me(token, 'POST', '/api/me/password', { password: 'zzzz-Quiet-river' })).toMatchObject(
      rejected('password_rejected.repetition'),
    );
    expect(await me(token, 'POST', '/api/me/password', { password: 'gwendolyn-Quiet-river' })).toMatchObject(
      rejected('password_rejected.user_info'),
    );
    expect((await me(token, 'POST', '/api/me/password/verify', { password: 'first secret 1' })).status).toBe(204);
  });

  it('says avatar uploads are not configured, as Logto does without a storage provider', async () => {
    const user = await newAdmin();
    expect(await me(await meToken(user.id), 'GET', '/api/me/user-assets/service-status')).toMatchObject({
      status: 200,
      body: { status: 'not_configured' },
    });
  });

  it("shows a suspended user their account, and refuses every other call, as Logto's routes do", async () => {
    const user = await newAdmin({ password: 'some secret 1' });
    const token = await meToken(user.id);
    await stack.database.db
      .update(users)
      .set({ isSuspended: true })
      .where(and(eq(users.tenantId, adminTenantId), eq(users.id, user.id)));
    expect(await me(token, 'GET', '/api/me')).toMatchObject({ status: 200, body: { isSuspended: true } });
    expect(await me(token, 'GET', '/api/me/custom-data')).toMatchObject({ status: 401, body: { code: 'user.suspended' } });
    expect(await me(token, 'PATCH', '/api/me', { name: 'x' })).toMatchObject({ status: 401, body: { code: 'user.suspended' } });
    expect(await me(token, 'POST', '/api/me/password/verify', { password: 'some secret 1' })).toMatchObject({ status: 401 });
    expect(await me(token, 'PATCH', '/api/me/custom-data', { a: 1 })).toMatchObject({ status: 401, body: { code: 'user.suspended' } });
  });
});
