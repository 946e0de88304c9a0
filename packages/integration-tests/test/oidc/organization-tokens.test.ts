// Organization tokens, as Logto issues them: a refresh token carrying `urn:logto:scope:organizations`
// plus `organization_id` gives a JWT for `urn:logto:organization:<id>` with the organization scopes
// the member's organization roles grant, of those consented to at sign-in for Logto's reserved
// resource `urn:logto:resource:organizations`; an M2M app that is a member gets one by client
// credentials.
// Memberships and roles are set through the Management API and show in the next token.
import { adminTenantId, defaultTenantId, generateId } from '@idp/db';
import { hashPassword } from '@idp/password';
import { organizations, signInExperiences, users } from '@idp/schemas';
import { eq } from 'drizzle-orm';
import { ReservedResource, UserScope } from '@logto/node';
import * as jose from 'jose';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callApi,
  createLogtoNodeClient,
  createManagementClient,
  assignUserRole,
  callbackUrl,
  ExperienceFlow,
  insertApplication,
  insertResource,
  insertRole,
  insertUser,
  managementToken,
  registerSpa,
  signInAndRedeem,
  startTestStack,
  type TestStack,
} from '../../src/index.ts';

let stack: TestStack;
let issuer: string;
let token: string;
let rp: client.Configuration;
let appId: string;
let jwks: ReturnType<typeof jose.createRemoteJWKSet>;
const call = (method: string, path: string, body?: unknown) => callApi(stack.userUrl, token, method, path, body);
const unique = (prefix: string) => `${prefix}-${generateId().slice(0, 8)}`;
const organizationsResource = ReservedResource.Organization;
const urn = (organizationId: string) => `urn:logto:organization:${organizationId}`;

async function post(path: string, body: unknown) {
  const response = await call('POST', path, body);
  expect(response.status, `${path} ${JSON.stringify(response.body)}`).toBe(201);
  return response.body as { id: string; name: string };
}

async function expectStatus(method: string, path: string, body: unknown, status: number) {
  const response = await call(method, path, body);
  expect(response.status, `${method} ${path} ${JSON.stringify(response.body)}`).toBe(status);
}

/** A plain token request, to see the status and error body of refusals. */
async function tokenRequest(parameters: Record<string, string>, credentials?: { id: string; secret: string }) {
  const response = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(credentials ? { authorization: `Basic ${btoa(`${credentials.id}:${credentials.secret}`)}` } : {}),
    },
    body: new URLSearchParams(credentials ? parameters : { client_id: appId, ...parameters }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A sign-in asking for the organizations scope and every organization scope, as an SDK does. */
const withOrganizations = () => ({
  scope: `openid offline_access ${UserScope.Organizations} ${Object.values(scopeNames).join(' ')}`,
  resource: organizationsResource,
});

/** A member with a refresh token that carries the organizations scope; `current` follows rotation. */
async function signedInMember(request: { scope: string; resource?: string } = withOrganizations()) {
  const user = await insertUser(stack.database.db, defaultTenantId);
  const { tokens } = await signInAndRedeem(stack, rp, user.id, request);
  let current = tokens.refresh_token!;
  return {
    user,
    async organizationToken(organizationId: string, extra: Record<string, string> = {}) {
      const response = await tokenRequest({
        grant_type: 'refresh_token',
        refresh_token: current,
        organization_id: organizationId,
        ...extra,
      });
      if (typeof response.body.refresh_token === 'string') current = response.body.refresh_token;
      return response;
    },
  };
}

async function claimsOf(accessToken: unknown, audience: string) {
  const { payload } = await jose.jwtVerify(String(accessToken), jwks, { issuer, audience });
  return payload;
}

let scopeNames: { read: string; write: string; invite: string };
let viewer: { id: string; name: string };
let admin: { id: string; name: string };

beforeAll(async () => {
  stack = await startTestStack();
  issuer = `${stack.userUrl}/oidc`;
  jwks = jose.createRemoteJWKSet(new URL(`${issuer}/jwks`));
  token = await managementToken(stack.userUrl, (await createManagementClient(stack)).app);
  let app: { id: string };
  ({ rp, app } = await registerSpa(stack));
  appId = app.id;
  scopeNames = { read: unique('read:data'), write: unique('write:data'), invite: unique('invite:member') };
  const [read, write, invite] = [
    await post('/api/organization-scopes', { name: scopeNames.read }),
    await post('/api/organization-scopes', { name: scopeNames.write }),
    await post('/api/organization-scopes', { name: scopeNames.invite }),
  ];
  viewer = await post('/api/organization-roles', { name: unique('viewer') });
  admin = await post('/api/organization-roles', { name: unique('admin') });
  await post(`/api/organization-roles/${viewer.id}/scopes`, { organizationScopeIds: [read.id] });
  await post(`/api/organization-roles/${admin.id}/scopes`, { organizationScopeIds: [read.id, write.id, invite.id] });
});
afterAll(async () => stack?.stop());

describe('organization tokens by refresh token', () => {
  it("carries exactly the member's organization scopes, for the organization's audience", async () => {
    const organization = await post('/api/organizations', { name: unique('acme') });
    const member = await signedInMember();
    await post(`/api/organizations/${organization.id}/users`, { userIds: [member.user.id] });
    await post(`/api/organizations/${organization.id}/users/${member.user.id}/roles`, { organizationRoleIds: [viewer.id] });

    const response = await member.organizationToken(organization.id);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({ token_type: 'Bearer', scope: scopeNames.read, expires_in: 3600 });
    // A public client's refresh token rotates on every use, organization tokens included.
    expect(typeof response.body.refresh_token).toBe('string');
    expect(response.body).not.toHaveProperty('id_token');
    const claims = await claimsOf(response.body.access_token, urn(organization.id));
    expect(claims).toMatchObject({ sub: member.user.id, client_id: appId, scope: scopeNames.read });

    // A requested scope narrows the token; one the member does not hold is left out.
    await post(`/api/organizations/${organization.id}/users/${member.user.id}/roles`, { organizationRoleIds: [admin.id] });
    const narrowed = await member.organizationToken(organization.id, { scope: `${scopeNames.write} ${scopeNames.invite} nope` });
    expect(new Set(String(narrowed.body.scope).split(' '))).toEqual(new Set([scopeNames.write, scopeNames.invite]));
  });

  it('reflects role changes in the next token and refuses removed members (403 access_denied)', async () => {
    const organization = await post('/api/organizations', { name: unique('globex') });
    const member = await signedInMember();
    await post(`/api/organizations/${organization.id}/users`, { userIds: [member.user.id] });

    // A member without roles gets a token with no scopes.
    const bare = await member.organizationToken(organization.id);
    expect(bare.status).toBe(200);
    expect(bare.body.scope).toBe('');

    await post(`/api/organizations/${organization.id}/users/${member.user.id}/roles`, { organizationRoleIds: [admin.id] });
    const asAdmin = await member.organizationToken(organization.id);
    expect(new Set(String((await claimsOf(asAdmin.body.access_token, urn(organization.id))).scope).split(' '))).toEqual(
      new Set(Object.values(scopeNames)),
    );

    await expectStatus(
      'PUT',
      `/api/organizations/${organization.id}/users/${member.user.id}/roles`,
      { organizationRoleIds: [viewer.id] },
      204,
    );
    const asViewer = await member.organizationToken(organization.id);
    expect(asViewer.body.scope).toBe(scopeNames.read);

    await expectStatus('DELETE', `/api/organizations/${organization.id}/users/${member.user.id}`, undefined, 204);
    const removed = await member.organizationToken(organization.id);
    expect(removed).toMatchObject({
      status: 403,
      body: { code: 'oidc.access_denied', error: 'access_denied', error_description: 'user is not a member of the organization' },
    });
  });

  it('refuses a refresh token without the organizations scope (403 insufficient_scope)', async () => {
    const organization = await post('/api/organizations', { name: unique('initech') });
    const member = await signedInMember({ scope: 'openid offline_access' });
    await post(`/api/organizations/${organization.id}/users`, { userIds: [member.user.id] });
    const response = await member.organizationToken(organization.id);
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ error: 'insufficient_scope' });
  });

  it("refuses non-members, unknown organizations and another tenant's organization (403 access_denied)", async () => {
    const organization = await post('/api/organizations', { name: unique('umbrella') });
    const member = await signedInMember();
    const foreignId = generateId();
    await stack.database.db.insert(organizations).values({ tenantId: adminTenantId, id: foreignId, name: 'Admin tenant org' });
    for (const organizationId of [organization.id, 'no-such-organization', foreignId]) {
      const response = await member.organizationToken(organizationId);
      expect(response.status, organizationId).toBe(403);
      expect(response.body).toMatchObject({ error: 'access_denied' });
    }
  });

  it('refuses a member without MFA when the organization requires it (403 access_denied)', async () => {
    const organization = await post('/api/organizations', { name: unique('tyrell'), isMfaRequired: true });
    const member = await signedInMember();
    await post(`/api/organizations/${organization.id}/users`, { userIds: [member.user.id] });
    expect(await member.organizationToken(organization.id)).toMatchObject({
      status: 403,
      body: { error: 'access_denied', error_description: 'organization requires MFA but user has no MFA configured' },
    });

    // As at sign-in, a verified email counts as a factor once the tenant enables email codes as one.
    const { db } = stack.database;
    await db
      .update(users)
      .set({ primaryEmail: `${unique('member')}@example.com` })
      .where(eq(users.id, member.user.id));
    expect((await member.organizationToken(organization.id)).status).toBe(403);
    const [experience] = await db
      .select({ mfa: signInExperiences.mfa })
      .from(signInExperiences)
      .where(eq(signInExperiences.tenantId, defaultTenantId));
    const withEmailFactor = { ...experience!.mfa, factors: ['EmailVerificationCode'] };
    await db.update(signInExperiences).set({ mfa: withEmailFactor }).where(eq(signInExperiences.tenantId, defaultTenantId));
    try {
      expect((await member.organizationToken(organization.id)).status).toBe(200);
    } finally {
      await db.update(signInExperiences).set({ mfa: experience!.mfa }).where(eq(signInExperiences.tenantId, defaultTenantId));
    }
  });

  it('leaves ordinary refreshes alone and still detects a reused refresh token', async () => {
    const user = await insertUser(stack.database.db, defaultTenantId);
    const { tokens } = await signInAndRedeem(stack, rp, user.id, withOrganizations());
    const refreshed = await client.refreshTokenGrant(rp, tokens.refresh_token!);
    expect(refreshed.id_token).toBeDefined();
    // The first refresh token was rotated out: using it again, with organization_id or not, fails.
    const organization = await post('/api/organizations', { name: unique('hooli') });
    await post(`/api/organizations/${organization.id}/users`, { userIds: [user.id] });
    const reused = await tokenRequest({
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token!,
      organization_id: organization.id,
    });
    expect(reused).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    // ... and the grant is gone with it.
    await expect(client.refreshTokenGrant(rp, refreshed.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('carries only the organization scopes consented to at sign-in', async () => {
    const organization = await post('/api/organizations', { name: unique('oscorp') });
    // Signed in without the reserved resource: nothing was consented to for it.
    const unconsented = await signedInMember({ scope: `openid offline_access ${UserScope.Organizations} ${scopeNames.read}` });
    // Consented to read only, though the role grants every scope.
    const readOnly = await signedInMember({
      scope: `openid offline_access ${UserScope.Organizations} ${scopeNames.read}`,
      resource: organizationsResource,
    });
    for (const member of [unconsented, readOnly]) {
      await post(`/api/organizations/${organization.id}/users`, { userIds: [member.user.id] });
      await post(`/api/organizations/${organization.id}/users/${member.user.id}/roles`, { organizationRoleIds: [admin.id] });
    }
    expect(await unconsented.organizationToken(organization.id)).toMatchObject({ status: 200, body: { scope: '' } });
    expect(await readOnly.organizationToken(organization.id)).toMatchObject({ status: 200, body: { scope: scopeNames.read } });
    expect((await readOnly.organizationToken(organization.id, { scope: scopeNames.write })).body.scope).toBe('');
  });

  it('gives an app no organization scopes for the reserved resource by client credentials', async () => {
    const m2m = await insertApplication(stack.database.db, defaultTenantId, { type: 'MachineToMachine' });
    const response = await tokenRequest(
      { grant_type: 'client_credentials', resource: organizationsResource, scope: scopeNames.read },
      { id: m2m.id, secret: m2m.secret },
    );
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.scope ?? '').toBe('');
  });

  it('signs in through @logto/node with UserScope.Organizations and gets organization tokens from the SDK', async () => {
    const organization = await post('/api/organizations', { name: unique('stark') });
    const password = 'Organization-sdk-password-7';
    const username = `org_sdk_${generateId().slice(0, 8)}`;
    const user = await insertUser(stack.database.db, defaultTenantId, { username, ...(await hashPassword(password)) });
    await post(`/api/organizations/${organization.id}/users`, { userIds: [user.id] });
    await post(`/api/organizations/${organization.id}/users/${user.id}/roles`, { organizationRoleIds: [admin.id] });

    // The SDK adds the reserved organizations resource to the sign-in itself; the app asks for read
    // and write, the role grants invite too.
    const { logto, navigations } = createLogtoNodeClient({
      endpoint: stack.userUrl,
      appId,
      scopes: [UserScope.Organizations, scopeNames.read, scopeNames.write],
    });
    await logto.signIn(callbackUrl);
    expect(new URL(navigations.at(-1)!).searchParams.getAll('resource')).toEqual([organizationsResource]);
    const flow = new ExperienceFlow(stack);
    await flow.startAt(new URL(navigations.at(-1)!));
    await flow.signInWithPassword(username, password);
    await logto.handleSignInCallback((await flow.submitAndReturn()).href);
    expect(await logto.isAuthenticated()).toBe(true);

    const claims = await logto.getOrganizationTokenClaims(organization.id);
    expect(claims).toMatchObject({ aud: urn(organization.id), sub: user.id, client_id: appId });
    expect(new Set(String(claims.scope).split(' '))).toEqual(new Set([scopeNames.read, scopeNames.write]));
    const verified = await claimsOf(await logto.getOrganizationToken(organization.id), urn(organization.id));
    expect(verified.sub).toBe(user.id);
    // The sign-in's own tokens are untouched: userinfo still answers.
    expect(await logto.fetchUserInfo()).toMatchObject({ sub: user.id });
  });
});

describe('organization tokens by client credentials', () => {
  it('gives a member M2M app the scopes its organization roles grant, of those it asks for', async () => {
    const m2m = await insertApplication(stack.database.db, defaultTenantId, { type: 'MachineToMachine' });
    const credentials = { id: m2m.id, secret: m2m.secret };
    const organization = await post('/api/organizations', { name: unique('wayne') });
    const appRole = await post('/api/organization-roles', { name: unique('robot'), type: 'MachineToMachine' });
    const [read] = (await call('GET', `/api/organization-roles/${viewer.id}/scopes`)).body as Array<{ id: string }>;
    await post(`/api/organization-roles/${appRole.id}/scopes`, { organizationScopeIds: [read!.id] });

    const outsider = await tokenRequest(
      { grant_type: 'client_credentials', organization_id: organization.id, scope: scopeNames.read },
      credentials,
    );
    expect(outsider).toMatchObject({
      status: 403,
      body: { code: 'oidc.access_denied', error: 'access_denied', error_description: 'app has not associated with the organization' },
    });

    await post(`/api/organizations/${organization.id}/applications`, { applicationIds: [m2m.id] });
    await post(`/api/organizations/${organization.id}/applications/${m2m.id}/roles`, { organizationRoleIds: [appRole.id] });
    const response = await tokenRequest(
      { grant_type: 'client_credentials', organization_id: organization.id, scope: `${scopeNames.read} ${scopeNames.write}` },
      credentials,
    );
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({ token_type: 'Bearer', scope: scopeNames.read });
    expect(await claimsOf(response.body.access_token, urn(organization.id))).toMatchObject({ client_id: m2m.id, scope: scopeNames.read });

    // Asking for no scope gives none, as in Logto.
    const unscoped = await tokenRequest({ grant_type: 'client_credentials', organization_id: organization.id }, credentials);
    expect(unscoped.body.scope).toBe('');
  });
});

describe('organization-level API resource tokens (resource + organization_id)', () => {
  const api = `https://org-api-${generateId().slice(0, 8)}.example.com`;
  let apiScopes: Record<string, string>;
  let organization: { id: string };
  const scopeSet = (scope: unknown) => new Set(String(scope).split(' ').filter(Boolean));

  beforeAll(async () => {
    ({ scopes: apiScopes } = await insertResource(stack.database.db, defaultTenantId, api, ['read', 'write', 'delete']));
    organization = await post('/api/organizations', { name: unique('cyberdyne') });
  });

  it("gives a member the resource scopes their organization roles grant there, with their own roles', and organization_id", async () => {
    const member = await signedInMember();
    const ownRole = await insertRole(stack.database.db, defaultTenantId, { type: 'User', scopeIds: [apiScopes.read!] });
    await assignUserRole(stack.database.db, defaultTenantId, member.user.id, ownRole.id);
    const editor = await post('/api/organization-roles', { name: unique('editor') });
    await post(`/api/organization-roles/${editor.id}/resource-scopes`, { scopeIds: [apiScopes.write!] });

    // Not a member yet: refused, as for organization tokens.
    expect(await member.organizationToken(organization.id, { resource: api })).toMatchObject({
      status: 403,
      body: { error: 'access_denied' },
    });

    await post(`/api/organizations/${organization.id}/users`, { userIds: [member.user.id] });
    await post(`/api/organizations/${organization.id}/users/${member.user.id}/roles`, { organizationRoleIds: [editor.id] });
    const response = await member.organizationToken(organization.id, { resource: api });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(scopeSet(response.body.scope)).toEqual(new Set(['read', 'write']));
    const claims = await claimsOf(response.body.access_token, api);
    expect(claims).toMatchObject({ sub: member.user.id, organization_id: organization.id });
    expect(scopeSet(claims.scope)).toEqual(new Set(['read', 'write']));

    const narrowed = await member.organizationToken(organization.id, { resource: api, scope: 'write delete' });
    expect(narrowed.body.scope).toBe('write');
    expect(await member.organizationToken(organization.id, { resource: 'https://unknown.example.com' })).toMatchObject({
      status: 400,
      body: { error: 'invalid_target' },
    });
  });

  it('gives a member M2M app the resource scopes its organization roles grant there', async () => {
    const m2m = await insertApplication(stack.database.db, defaultTenantId, { type: 'MachineToMachine' });
    const credentials = { id: m2m.id, secret: m2m.secret };
    const robot = await post('/api/organization-roles', { name: unique('robot'), type: 'MachineToMachine' });
    await post(`/api/organization-roles/${robot.id}/resource-scopes`, { scopeIds: [apiScopes.delete!] });
    await post(`/api/organizations/${organization.id}/applications`, { applicationIds: [m2m.id] });
    await post(`/api/organizations/${organization.id}/applications/${m2m.id}/roles`, { organizationRoleIds: [robot.id] });
    const response = await tokenRequest(
      { grant_type: 'client_credentials', organization_id: organization.id, resource: api, scope: 'read delete' },
      credentials,
    );
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.scope).toBe('delete');
    expect(await claimsOf(response.body.access_token, api)).toMatchObject({
      client_id: m2m.id,
      organization_id: organization.id,
      scope: 'delete',
    });
  });
});
