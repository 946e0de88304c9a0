// A third-party app asking for organizations, as Logto handles it: the consent page lists the
// user's organizations, the user picks which the app may act for, and from then on the app sees
// only those — in the `organizations` claim and in organization tokens — and only the organization
// permissions its consent settings name. Leaving an organization takes the app's access with it.
import { defaultTenantId, generateId } from '@idp/db';
import { hashPassword } from '@idp/password';
import {
  applicationUserConsentOrganizationScopes,
  applicationUserConsentOrganizations,
  applicationUserConsentUserScopes,
} from '@idp/schemas';
import { ReservedResource, UserScope } from '@logto/node';
import { and, eq } from 'drizzle-orm';
import * as jose from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callApi,
  callbackUrl,
  createManagementClient,
  discoverRp,
  insertApplication,
  insertUser,
  managementToken,
  startTestStack,
  type TestStack,
} from '../../src/index.ts';
import { consentBrowser, PathJar } from './consent-harness.ts';

let stack: TestStack;
let token: string;
let issuer: string;
const password = 'Plenty-of-entropy-42';
const unique = (prefix: string) => `${prefix}-${generateId().slice(0, 8)}`;
const call = (method: string, path: string, body?: unknown) => callApi(stack.userUrl, token, method, path, body);
let person: { id: string; username: string | null };
let partner: { id: string; secret: string };
let organizations: { acme: string; globex: string };
let scopeNames: { read: string; write: string };

async function post(path: string, body: unknown) {
  const response = await call('POST', path, body);
  expect(response.status, `${path} ${JSON.stringify(response.body)}`).toBe(201);
  return response.body as { id: string };
}

beforeAll(async () => {
  stack = await startTestStack();
  issuer = `${stack.userUrl}/oidc`;
  token = await managementToken(stack.userUrl, (await createManagementClient(stack)).app);
  const { db } = stack.database;
  person = await insertUser(db, defaultTenantId, { username: unique('member').replace('-', '_'), ...(await hashPassword(password)) });
  scopeNames = { read: unique('read:docs'), write: unique('write:docs') };
  const read = await post('/api/organization-scopes', { name: scopeNames.read });
  const write = await post('/api/organization-scopes', { name: scopeNames.write });
  const editor = await post('/api/organization-roles', { name: unique('editor') });
  await post(`/api/organization-roles/${editor.id}/scopes`, { organizationScopeIds: [read.id, write.id] });
  // Named so the picker's order (by name) is known: Acme first.
  organizations = {
    acme: (await post('/api/organizations', { name: unique('Acme') })).id,
    globex: (await post('/api/organizations', { name: unique('Globex') })).id,
  };
  for (const organizationId of Object.values(organizations)) {
    await post(`/api/organizations/${organizationId}/users`, { userIds: [person.id] });
    await post(`/api/organizations/${organizationId}/users/${person.id}/roles`, { organizationRoleIds: [editor.id] });
  }
  const app = await insertApplication(db, defaultTenantId, {
    type: 'Traditional',
    name: 'Partner app',
    isThirdParty: true,
    oidcClientMetadata: { redirectUris: [callbackUrl], postLogoutRedirectUris: [] },
  });
  partner = { id: app.id, secret: app.secret };
  // The partner may ask for the organizations and for `read`, not `write`, whatever the roles hold.
  await db
    .insert(applicationUserConsentUserScopes)
    .values({ tenantId: defaultTenantId, applicationId: app.id, userScope: UserScope.Organizations });
  await db
    .insert(applicationUserConsentOrganizationScopes)
    .values({ tenantId: defaultTenantId, applicationId: app.id, organizationScopeId: read.id });
});
afterAll(async () => stack?.stop());

const browser = consentBrowser(() => stack);

/** Signs in through the partner, picks `organizationIds` on the consent page; answers the tokens. */
async function consentWith(organizationIds: string[] | undefined) {
  const rp = await discoverRp(issuer, partner.id, { secret: partner.secret });
  const started = await browser.startAuthorization(rp, new PathJar(), {
    scope: `openid offline_access ${UserScope.Organizations} ${scopeNames.read} ${scopeNames.write}`,
    resource: ReservedResource.Organization,
  });
  const resumed = await browser.hop(started.jar, await browser.signInAndSubmit(started.jar, person, password));
  expect(resumed.location).toBe(`/consent?app_id=${partner.id}`);
  const info = await browser.experience(started.jar, 'GET', 'interaction/consent');
  const granted = await browser.experience(started.jar, 'POST', 'interaction/consent', organizationIds ? { organizationIds } : {});
  const tokens = async () => {
    expect(granted.status, JSON.stringify(granted.body)).toBe(200);
    return browser.redeem(rp, started, await browser.followToCallback(started.jar, String(granted.body.redirectTo)));
  };
  return { info, granted, tokens };
}

async function organizationToken(refreshToken: string, organizationId: string) {
  const response = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${btoa(`${partner.id}:${partner.secret}`)}`,
    },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, organization_id: organizationId }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('a third-party app asking for organizations', () => {
  it("lists the user's organizations on the consent page, and the app gets only the one picked", async () => {
    const { info, tokens: redeem } = await consentWith([organizations.acme]);
    const tokens = await redeem();
    expect(info.status).toBe(200);
    expect(info.body.organizations).toEqual([
      { id: organizations.acme, name: expect.stringMatching(/^Acme-/) },
      { id: organizations.globex, name: expect.stringMatching(/^Globex-/) },
    ]);
    expect(tokens.claims()).toMatchObject({ sub: person.id, organizations: [organizations.acme] });

    const allowed = await organizationToken(tokens.refresh_token!, organizations.acme);
    expect(allowed.status, JSON.stringify(allowed.body)).toBe(200);
    // The editor role holds read and write; the app may only ever ask for read.
    expect(allowed.body.scope).toBe(scopeNames.read);
    const { payload } = await jose.jwtVerify(String(allowed.body.access_token), jose.createRemoteJWKSet(new URL(`${issuer}/jwks`)), {
      audience: `urn:logto:organization:${organizations.acme}`,
    });
    expect(payload).toMatchObject({ sub: person.id, scope: scopeNames.read });

    const refused = await organizationToken(String(allowed.body.refresh_token ?? tokens.refresh_token), organizations.globex);
    expect(refused).toMatchObject({ status: 403, body: { error: 'access_denied' } });
  });

  it('refuses an organization the user is not a member of with 422 organization.require_membership, granting nothing', async () => {
    const stranger = await post('/api/organizations', { name: unique('Initech') });
    const { granted } = await consentWith([organizations.globex, stranger.id]);
    expect(granted).toMatchObject({ status: 422, body: { code: 'organization.require_membership' } });
    const rows = await stack.database.db
      .select()
      .from(applicationUserConsentOrganizations)
      .where(
        and(
          eq(applicationUserConsentOrganizations.applicationId, partner.id),
          eq(applicationUserConsentOrganizations.organizationId, organizations.globex),
        ),
      );
    expect(rows).toEqual([]);
  });

  it("loses the app's access when the user leaves the organization", async () => {
    const tokens = await (await consentWith([organizations.globex])).tokens();
    expect(new Set(tokens.claims()!.organizations as string[])).toEqual(new Set([organizations.acme, organizations.globex]));
    expect((await call('DELETE', `/api/organizations/${organizations.globex}/users/${person.id}`)).status).toBe(204);
    const refused = await organizationToken(tokens.refresh_token!, organizations.globex);
    expect(refused).toMatchObject({ status: 403, body: { error: 'access_denied' } });
    const rows = await stack.database.db
      .select()
      .from(applicationUserConsentOrganizations)
      .where(eq(applicationUserConsentOrganizations.organizationId, organizations.globex));
    expect(rows).toEqual([]);
  });
});
