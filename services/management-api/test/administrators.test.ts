// The console's administrators are the admin tenant's users: they manage each other through the
// admin tenant's own Management API (`https://admin.logto.app/api`, role `admin:admin`), and the
// admin tenant never loses its last active administrator.
import {
  adminTenantAdminRoleName,
  adminTenantId,
  adminTenantUserRoleName,
  defaultTenantAdminRoleName,
  managementApiIndicatorOf,
} from '@idp/db';
import { seed } from '@idp/db/setup';
import { resources, roles, rolesScopes, scopes, usersRoles } from '@idp/schemas';
import { and, eq, sql } from 'drizzle-orm';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assignUserRole,
  authorize,
  BrowserSession,
  callApi,
  callbackUrl,
  discoverRp,
  insertApplication,
  insertUser,
  startTestStack,
  type TestStack,
} from './test-stack.ts';

const adminApi = managementApiIndicatorOf(adminTenantId);
let stack: TestStack;
let rp: client.Configuration;
const roleIds: Record<string, string> = {};

beforeAll(async () => {
  stack = await startTestStack();
  const { db } = stack.database;
  const rows = await db.select({ id: roles.id, name: roles.name }).from(roles).where(eq(roles.tenantId, adminTenantId));
  for (const { id, name } of rows) roleIds[name] = id;
  const app = await insertApplication(db, adminTenantId, {
    type: 'SPA',
    oidcClientMetadata: { redirectUris: [callbackUrl], postLogoutRedirectUris: [] },
  });
  rp = await discoverRp(`${stack.adminUrl}/oidc`, app.id);
});
afterAll(async () => stack?.stop());

/** An admin tenant user holding the given roles (an administrator's three by default). */
async function newUser(names = [adminTenantUserRoleName, defaultTenantAdminRoleName, adminTenantAdminRoleName]) {
  const { db } = stack.database;
  const user = await insertUser(db, adminTenantId);
  for (const name of names) await assignUserRole(db, adminTenantId, user.id, roleIds[name]!);
  return user;
}

/** What the console does: sign in on the admin endpoint, then get a token for the admin tenant's API. */
async function adminToken(userId: string) {
  const flow = await authorize(
    stack,
    rp,
    userId,
    { scope: 'openid offline_access all', resource: adminApi },
    new BrowserSession(stack, adminTenantId),
  );
  const tokens = await client.authorizationCodeGrant(rp, flow.callback, {
    pkceCodeVerifier: flow.codeVerifier,
    expectedState: flow.state,
    expectedNonce: flow.nonce,
  });
  return (await client.refreshTokenGrant(rp, tokens.refresh_token!, { resource: adminApi })).access_token;
}

const call = (token: string, method: string, path: string, body?: unknown) => callApi(stack.adminUrl, token, method, path, body);
const lastAdmin = { code: 'user.last_admin_cannot_be_removed' };

/** Deletes every admin tenant user, so each test starts from an admin tenant without administrators. */
async function clearAdministrators() {
  await stack.database.db.execute(sql`delete from users where tenant_id = ${adminTenantId}`);
}

describe("the admin tenant's Management API", () => {
  it('is seeded with scope all, granted by admin:admin', async () => {
    const granted = await stack.database.db
      .select({ role: rolesScopes.roleId, scope: scopes.name })
      .from(resources)
      .innerJoin(scopes, and(eq(scopes.tenantId, resources.tenantId), eq(scopes.resourceId, resources.id)))
      .innerJoin(rolesScopes, and(eq(rolesScopes.tenantId, scopes.tenantId), eq(rolesScopes.scopeId, scopes.id)))
      .where(and(eq(resources.tenantId, adminTenantId), eq(resources.indicator, adminApi)));
    expect(granted).toEqual([{ role: roleIds[adminTenantAdminRoleName], scope: 'all' }]);
  });

  it('is granted at the next start to administrators registered before it existed, once', async () => {
    const earlier = await newUser([adminTenantUserRoleName, defaultTenantAdminRoleName]);
    const plain = await newUser([adminTenantUserRoleName]);
    await seed(stack.database.db);
    await seed(stack.database.db);
    const held = async (userId: string) =>
      (
        await stack.database.db
          .select({ roleId: usersRoles.roleId })
          .from(usersRoles)
          .where(and(eq(usersRoles.tenantId, adminTenantId), eq(usersRoles.userId, userId)))
      )
        .map(({ roleId }) => roleId)
        .sort();
    expect(await held(earlier.id)).toEqual(
      [roleIds[adminTenantUserRoleName], roleIds[defaultTenantAdminRoleName], roleIds[adminTenantAdminRoleName]].sort(),
    );
    expect(await held(plain.id)).toEqual([roleIds[adminTenantUserRoleName]]);
  });

  it("lets an administrator list and create the admin tenant's users; others get 403", async () => {
    const admin = await newUser();
    const token = await adminToken(admin.id);
    const list = await call(token, 'GET', '/api/users');
    expect(list.status).toBe(200);
    expect((list.body as Array<{ id: string }>).map(({ id }) => id)).toContain(admin.id);
    const created = await call(token, 'POST', '/api/users', { username: `second_${Date.now()}`, password: 'a-long-passphrase-1' });
    expect(created.status).toBe(200);

    const viewer = await newUser([adminTenantUserRoleName]);
    const denied = await call(await adminToken(viewer.id), 'GET', '/api/users');
    expect(denied.status).toBe(403);
  });
});

describe('the last administrator', () => {
  it('cannot delete themself, and is told why', async () => {
    await clearAdministrators();
    const admin = await newUser();
    const token = await adminToken(admin.id);
    const response = await call(token, 'DELETE', `/api/users/${admin.id}`);
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject(lastAdmin);
    expect((await call(token, 'GET', `/api/users/${admin.id}`)).status).toBe(200);
  });

  it('cannot be deleted, suspended, or lose the administrator role by any route', async () => {
    await clearAdministrators();
    const admin = await newUser();
    const other = await newUser([adminTenantUserRoleName]);
    const token = await adminToken(admin.id);
    const adminRole = roleIds[adminTenantAdminRoleName]!;
    const refused = [
      await call(token, 'PATCH', `/api/users/${admin.id}/is-suspended`, { isSuspended: true }),
      await call(token, 'DELETE', `/api/users/${admin.id}/roles/${adminRole}`),
      await call(token, 'DELETE', `/api/roles/${adminRole}/users/${admin.id}`),
      await call(token, 'PUT', `/api/users/${admin.id}/roles`, { roleIds: [roleIds[adminTenantUserRoleName]] }),
      await call(token, 'DELETE', `/api/roles/${adminRole}`),
    ];
    for (const response of refused) {
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject(lastAdmin);
    }
    // Nothing of the refused changes stayed: the token still works and the role is still held.
    const roleList = await call(token, 'GET', `/api/users/${admin.id}/roles`);
    expect((roleList.body as Array<{ id: string }>).map(({ id }) => id)).toContain(adminRole);
    // Changes that keep the administrator go through.
    expect((await call(token, 'DELETE', `/api/users/${other.id}`)).status).toBe(204);
    expect((await call(token, 'PATCH', `/api/users/${admin.id}/is-suspended`, { isSuspended: false })).status).toBe(200);
  });

  it('can go once another administrator exists; a suspended one does not count', async () => {
    await clearAdministrators();
    const first = await newUser();
    const second = await newUser();
    const token = await adminToken(first.id);
    // With another administrator a person still cannot delete themself (Logto's rule), but can be deleted.
    const self = await call(token, 'DELETE', `/api/users/${first.id}`);
    expect(self.status).toBe(400);
    expect(self.body).toMatchObject({ code: 'user.cannot_delete_self' });
    expect((await call(token, 'PATCH', `/api/users/${second.id}/is-suspended`, { isSuspended: true })).status).toBe(200);
    // A suspended holder is no administrator: taking the role away from them leaves `first`.
    expect((await call(token, 'DELETE', `/api/users/${second.id}/roles/${roleIds[adminTenantAdminRoleName]}`)).status).toBe(204);
    // …and `first` is the last one again.
    expect((await call(token, 'DELETE', `/api/roles/${roleIds[adminTenantAdminRoleName]}/users/${first.id}`)).status).toBe(422);
    const third = await newUser();
    expect((await call(token, 'DELETE', `/api/users/${third.id}`)).status).toBe(204);
  });

  it('is kept when two administrators delete each other at the same moment', async () => {
    await clearAdministrators();
    const [a, b] = [await newUser(), await newUser()];
    const [tokenA, tokenB] = [await adminToken(a.id), await adminToken(b.id)];
    const answers = await Promise.all([call(tokenA, 'DELETE', `/api/users/${b.id}`), call(tokenB, 'DELETE', `/api/users/${a.id}`)]);
    expect(answers.map(({ status }) => status).sort()).toEqual([204, 422]);
  });
});
