// Users' consent organizations of third-party apps (/api/applications/:id/users/:userId/
// consent-organizations) over real HTTP and PostgreSQL: granting, replacing, revoking and listing,
// Logto's status and error codes, paging, tenants, and grants going away with the membership.
import { adminTenantId, defaultTenantId, generateId } from '@idp/db';
import { applicationUserConsentOrganizations, organizations, organizationUserRelations } from '@idp/schemas';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  insertApplication,
  insertUser,
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

const unique = (prefix: string) => `${prefix}-${generateId().slice(0, 8)}`;

async function thirdPartyApp() {
  const { data, response } = await api.POST('/api/applications', {
    body: {
      name: unique('partner'),
      type: 'Traditional',
      isThirdParty: true,
      oidcClientMetadata: { redirectUris: ['https://partner.example.com/callback'], postLogoutRedirectUris: [] } as never,
    },
  });
  expect(response.status).toBe(200);
  return data!;
}

async function createUser() {
  const { data, response } = await api.POST('/api/users', { body: { username: unique('user').replace('-', '_') } });
  expect(response.status).toBe(200);
  return data!;
}

async function createOrganization(name = unique('org')) {
  const { data, response } = await api.POST('/api/organizations', { body: { name, description: `About ${name}` } });
  expect(response.status).toBe(201);
  return data!;
}

async function addMember(organizationId: string, userId: string) {
  const { response } = await api.POST('/api/organizations/{id}/users', {
    params: { path: { id: organizationId } },
    body: { userIds: [userId] },
  });
  expect(response.status).toBe(201);
}

/** What is stored for the app and user, by organization id. */
const stored = async (applicationId: string, userId: string) =>
  (
    await stack.database.db
      .select({ organizationId: applicationUserConsentOrganizations.organizationId })
      .from(applicationUserConsentOrganizations)
      .where(
        and(eq(applicationUserConsentOrganizations.applicationId, applicationId), eq(applicationUserConsentOrganizations.userId, userId)),
      )
  )
    .map(({ organizationId }) => organizationId)
    .sort();

const listPath = (applicationId: string, userId: string) => `/api/applications/${applicationId}/users/${userId}/consent-organizations`;
const listedIds = async (applicationId: string, userId: string) =>
  ((await call('GET', listPath(applicationId, userId))).body as { organizations: Array<{ id: string }> }).organizations.map(({ id }) => id);

/** A third-party app, a user and three organizations (named in order a, b, c) the user is a member of. */
async function setUp() {
  const app = await thirdPartyApp();
  const user = await createUser();
  const prefix = unique('org');
  const orgs = [await createOrganization(`${prefix}-c`), await createOrganization(`${prefix}-a`), await createOrganization(`${prefix}-b`)];
  for (const organization of orgs) await addMember(organization.id, user.id);
  const [c, a, b] = orgs as [(typeof orgs)[number], (typeof orgs)[number], (typeof orgs)[number]];
  return { app, user, a, b, c, path: { id: app.id, userId: user.id } };
}

describe('consent organizations through @logto/api', () => {
  it('grants, lists in Logto’s organization shape, replaces and revokes', async () => {
    const { app, user, a, b, c, path } = await setUp();
    const empty = await api.GET('/api/applications/{id}/users/{userId}/consent-organizations', { params: { path } });
    expect(empty.response.status).toBe(200);
    expect(empty.data).toEqual({ organizations: [] });
    expect(empty.response.headers.get('total-number')).toBe('0');

    const granted = await api.POST('/api/applications/{id}/users/{userId}/consent-organizations', {
      params: { path },
      body: { organizationIds: [a.id, b.id, a.id] },
    });
    expect(granted.response.status).toBe(201);
    // Granting again keeps what is there and adds the rest.
    const more = await api.POST('/api/applications/{id}/users/{userId}/consent-organizations', {
      params: { path },
      body: { organizationIds: [b.id, c.id] },
    });
    expect(more.response.status).toBe(201);

    const listed = await api.GET('/api/applications/{id}/users/{userId}/consent-organizations', { params: { path } });
    expect(listed.response.headers.get('total-number')).toBe('3');
    // Each organization as GET /api/organizations/:id answers it, by name.
    const full = await Promise.all(
      [a, b, c].map(async ({ id }) => (await api.GET('/api/organizations/{id}', { params: { path: { id } } })).data),
    );
    expect(listed.data).toEqual({ organizations: full });
    expect(listed.data!.organizations[0]).toMatchObject({ tenantId: defaultTenantId, name: a.name, description: `About ${a.name}` });
    expect(typeof listed.data!.organizations[0]!.createdAt).toBe('number');

    const replaced = await api.PUT('/api/applications/{id}/users/{userId}/consent-organizations', {
      params: { path },
      body: { organizationIds: [c.id, b.id] },
    });
    expect(replaced.response.status).toBe(204);
    expect(await listedIds(app.id, user.id)).toEqual([b.id, c.id]);

    const revoked = await api.DELETE('/api/applications/{id}/users/{userId}/consent-organizations/{organizationId}', {
      params: { path: { ...path, organizationId: c.id } },
    });
    expect(revoked.response.status).toBe(204);
    expect(await listedIds(app.id, user.id)).toEqual([b.id]);
    // Revoking what is not granted (any more) is a 404.
    for (const organizationId of [c.id, a.id, 'no-such-org']) {
      expect(await call('DELETE', `${listPath(app.id, user.id)}/${organizationId}`), organizationId).toMatchObject({
        status: 404,
        body: { code: 'entity.not_found' },
      });
    }

    // An empty list revokes every grant.
    expect((await call('PUT', listPath(app.id, user.id), { organizationIds: [] })).status).toBe(204);
    expect(await stored(app.id, user.id)).toEqual([]);
  });

  it('pages the list as Logto does (20 by default, Total-Number and Link)', async () => {
    const { app, user, a, b, c } = await setUp();
    await call('POST', listPath(app.id, user.id), { organizationIds: [a.id, b.id, c.id] });
    const first = await call('GET', `${listPath(app.id, user.id)}?page=1&page_size=2`);
    expect(first.status).toBe(200);
    expect((first.body as { organizations: Array<{ id: string }> }).organizations.map(({ id }) => id)).toEqual([a.id, b.id]);
    expect(first.headers.get('total-number')).toBe('3');
    expect(first.headers.get('link')).toContain('rel="next"');
    const second = await call('GET', `${listPath(app.id, user.id)}?page=2&page_size=2`);
    expect((second.body as { organizations: Array<{ id: string }> }).organizations.map(({ id }) => id)).toEqual([c.id]);
    expect(await call('GET', `${listPath(app.id, user.id)}?page_size=101`)).toMatchObject({
      status: 400,
      body: { code: 'guard.invalid_pagination' },
    });
  });
});

describe('consent organization rules', () => {
  it('grants only organizations the user is a member of (422), storing none of the request', async () => {
    const { app, user, a, b } = await setUp();
    const outsider = await createOrganization();
    for (const method of ['POST', 'PUT']) {
      for (const organizationIds of [[a.id, outsider.id], ['no-such-org']]) {
        expect(await call(method, listPath(app.id, user.id), { organizationIds }), `${method} ${organizationIds}`).toMatchObject({
          status: 422,
          body: { code: 'organization.require_membership' },
        });
      }
    }
    expect(await stored(app.id, user.id)).toEqual([]);
    // A refused replacement leaves the grants as they were.
    await call('POST', listPath(app.id, user.id), { organizationIds: [b.id] });
    expect((await call('PUT', listPath(app.id, user.id), { organizationIds: [a.id, outsider.id] })).status).toBe(422);
    expect(await stored(app.id, user.id)).toEqual([b.id]);
  });

  it('is for third-party apps only (422) and answers 404 for an unknown app or user', async () => {
    const { user, a } = await setUp();
    const { data: firstParty } = await api.POST('/api/applications', { body: { name: 'Own app', type: 'SPA' } });
    const requests = [
      ['GET', ''],
      ['POST', '', { organizationIds: [a.id] }],
      ['PUT', '', { organizationIds: [a.id] }],
      ['DELETE', `/${a.id}`],
    ] as const;
    for (const [method, suffix, body] of requests) {
      expect(await call(method, `${listPath(firstParty!.id, user.id)}${suffix}`, body), `${method} first-party`).toMatchObject({
        status: 422,
        body: { code: 'application.third_party_application_only' },
      });
      expect(await call(method, `${listPath('no-such-app', user.id)}${suffix}`, body), `${method} unknown app`).toMatchObject({
        status: 404,
        body: { code: 'entity.not_exists_with_id', data: { id: 'no-such-app' } },
      });
    }
    const app = await thirdPartyApp();
    for (const [method, suffix, body] of requests) {
      expect(await call(method, `${listPath(app.id, 'no-such-user')}${suffix}`, body), `${method} unknown user`).toMatchObject({
        status: 404,
        body: { code: 'entity.not_exists_with_id', data: { id: 'no-such-user' } },
      });
    }
    expect(await stored(firstParty!.id, user.id)).toEqual([]);
  });

  it.each([
    ['an empty list on POST', 'POST', { organizationIds: [] }],
    ['no list', 'POST', {}],
    ['no list on PUT', 'PUT', {}],
    ['ids that are no strings', 'PUT', { organizationIds: [42] }],
    ['an empty id', 'POST', { organizationIds: [''] }],
    ['an unknown field', 'POST', { organizationIds: ['x'], userId: 'other' }],
    ['another tenant', 'PUT', { organizationIds: [], tenantId: adminTenantId }],
  ])('refuses %s with 400 guard.invalid_input', async (_label, method, body) => {
    const { app, user, a } = await setUp();
    await call('POST', listPath(app.id, user.id), { organizationIds: [a.id] });
    expect(await call(method, listPath(app.id, user.id), body)).toMatchObject({ status: 400, body: { code: 'guard.invalid_input' } });
    expect(await stored(app.id, user.id)).toEqual([a.id]);
  });
});

describe('consent organizations across tenants', () => {
  it("never reaches another tenant's apps, users or organizations", async () => {
    const db = stack.database.db;
    const { app, user, a } = await setUp();
    // A grant in the admin tenant, of its own app, user and organization.
    const foreignApp = await insertApplication(db, adminTenantId, { type: 'Traditional', name: 'admin partner', isThirdParty: true });
    const foreignUser = await insertUser(db, adminTenantId);
    const [foreignOrg] = await db
      .insert(organizations)
      .values({ tenantId: adminTenantId, id: generateId().slice(0, 12), name: unique('admin-org') })
      .returning();
    await db.insert(organizationUserRelations).values({ tenantId: adminTenantId, organizationId: foreignOrg!.id, userId: foreignUser.id });
    await db
      .insert(applicationUserConsentOrganizations)
      .values({ tenantId: adminTenantId, applicationId: foreignApp.id, userId: foreignUser.id, organizationId: foreignOrg!.id });

    for (const [applicationId, userId] of [
      [foreignApp.id, foreignUser.id],
      [foreignApp.id, user.id],
      [app.id, foreignUser.id],
    ] as const) {
      for (const [method, suffix, body] of [
        ['GET', ''],
        ['POST', '', { organizationIds: [a.id] }],
        ['PUT', '', { organizationIds: [] }],
        ['DELETE', `/${foreignOrg!.id}`],
      ] as const) {
        expect(
          await call(method, `${listPath(applicationId, userId)}${suffix}`, body),
          `${method} ${applicationId} ${userId}`,
        ).toMatchObject({
          status: 404,
          body: { code: 'entity.not_exists_with_id' },
        });
      }
    }
    // The other tenant's organization is none the user belongs to.
    expect(await call('POST', listPath(app.id, user.id), { organizationIds: [foreignOrg!.id] })).toMatchObject({
      status: 422,
      body: { code: 'organization.require_membership' },
    });
    expect(await stored(app.id, user.id)).toEqual([]);
    expect(await stored(foreignApp.id, foreignUser.id)).toEqual([foreignOrg!.id]);
  });
});

describe('grants follow the membership', () => {
  it('drops the grant when the user leaves the organization, or it, the app or the user is deleted', async () => {
    const { app, user, a, b, c } = await setUp();
    await call('POST', listPath(app.id, user.id), { organizationIds: [a.id, b.id, c.id] });

    expect((await call('DELETE', `/api/organizations/${a.id}/users/${user.id}`)).status).toBe(204);
    expect(await listedIds(app.id, user.id)).toEqual([b.id, c.id]);
    // Joining again does not bring the grant back.
    await addMember(a.id, user.id);
    expect(await listedIds(app.id, user.id)).toEqual([b.id, c.id]);

    // Replacing the organization's members drops the grants of those who are no longer there.
    const { data: stranger } = await api.POST('/api/users', { body: { username: unique('stranger').replace('-', '_') } });
    expect((await call('PUT', `/api/organizations/${b.id}/users`, { userIds: [stranger!.id] })).status).toBe(204);
    expect(await listedIds(app.id, user.id)).toEqual([c.id]);

    expect((await call('DELETE', `/api/organizations/${c.id}`)).status).toBe(204);
    expect(await listedIds(app.id, user.id)).toEqual([]);

    await call('POST', listPath(app.id, user.id), { organizationIds: [a.id] });
    expect((await call('DELETE', `/api/applications/${app.id}`)).status).toBe(204);
    expect(await stored(app.id, user.id)).toEqual([]);

    const other = await thirdPartyApp();
    await call('POST', listPath(other.id, user.id), { organizationIds: [a.id] });
    expect((await call('DELETE', `/api/users/${user.id}`)).status).toBe(204);
    expect(await stored(other.id, user.id)).toEqual([]);
  });
});
