import { adminTenantId, defaultTenantId, generateId, managementApiIndicatorOf } from '@idp/db';
import {
  applicationUserConsentOrganizationResourceScopes,
  applicationUserConsentOrganizationScopes,
  applicationUserConsentResourceScopes,
  applicationUserConsentUserScopes,
  organizationScopes,
  resources,
  scopes,
} from '@idp/schemas';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  insertApplication,
  insertResource,
  type ManagementApiClient,
  type ManagementTest,
  startManagementTest,
  type TestStack,
} from './test-stack.ts';

let stack: TestStack;
let api: ManagementApiClient;
let call: ManagementTest['call'];

type Scope = { id: string; name: string; description: string | null };
let resource: { id: string; name: string; indicator: string };
let read: Scope;
let write: Scope;
let other: { resource: { id: string; name: string; indicator: string }; scope: Scope };

beforeAll(async () => {
  ({ stack, api, call } = await startManagementTest());
  const created = await api.POST('/api/resources', { body: { name: 'Photos API', indicator: 'https://photos.example.com' } });
  resource = { id: created.data!.id, name: 'Photos API', indicator: 'https://photos.example.com' };
  const addScope = async (resourceId: string, name: string, description?: string) => {
    const { data } = await api.POST('/api/resources/{resourceId}/scopes', {
      params: { path: { resourceId } },
      body: { name, description },
    });
    return { id: data!.id, name, description: data!.description ?? null };
  };
  write = await addScope(resource.id, 'write:photos', 'Upload photos');
  read = await addScope(resource.id, 'read:photos', 'See photos');
  const albums = await api.POST('/api/resources', { body: { name: 'Albums API', indicator: 'https://albums.example.com' } });
  other = {
    resource: { id: albums.data!.id, name: 'Albums API', indicator: 'https://albums.example.com' },
    scope: await addScope(albums.data!.id, 'read:albums'),
  };
});
afterAll(async () => stack?.stop());

async function thirdPartyApp() {
  const { data } = await api.POST('/api/applications', {
    body: {
      name: 'Partner app',
      type: 'Traditional',
      isThirdParty: true,
      oidcClientMetadata: { redirectUris: ['https://partner.example.com/callback'], postLogoutRedirectUris: [] } as never,
    },
  });
  return data!;
}

const storedFor = async (applicationId: string) => ({
  organizationScopes: (
    await stack.database.db
      .select({ scopeId: applicationUserConsentOrganizationScopes.organizationScopeId })
      .from(applicationUserConsentOrganizationScopes)
      .where(eq(applicationUserConsentOrganizationScopes.applicationId, applicationId))
  ).map(({ scopeId }) => scopeId),
  organizationResourceScopes: (
    await stack.database.db
      .select({ scopeId: applicationUserConsentOrganizationResourceScopes.scopeId })
      .from(applicationUserConsentOrganizationResourceScopes)
      .where(eq(applicationUserConsentOrganizationResourceScopes.applicationId, applicationId))
  ).map(({ scopeId }) => scopeId),
  resourceScopes: (
    await stack.database.db
      .select({ scopeId: applicationUserConsentResourceScopes.scopeId })
      .from(applicationUserConsentResourceScopes)
      .where(eq(applicationUserConsentResourceScopes.applicationId, applicationId))
  ).map(({ scopeId }) => scopeId),
  userScopes: (
    await stack.database.db
      .select({ userScope: applicationUserConsentUserScopes.userScope })
      .from(applicationUserConsentUserScopes)
      .where(eq(applicationUserConsentUserScopes.applicationId, applicationId))
  ).map(({ userScope }) => userScope),
});

const nothingStored = { organizationScopes: [], organizationResourceScopes: [], resourceScopes: [], userScopes: [] };

describe('user consent scopes through @logto/api', () => {
  it('assigns, lists grouped by resource, keeps repeats once, and removes scopes', async () => {
    const app = await thirdPartyApp();
    const path = { applicationId: app.id };
    const empty = await api.GET('/api/applications/{applicationId}/user-consent-scopes', { params: { path } });
    expect(empty.response.status).toBe(200);
    expect(empty.data).toEqual({ organizationScopes: [], resourceScopes: [], organizationResourceScopes: [], userScopes: [] });

    const assigned = await api.POST('/api/applications/{applicationId}/user-consent-scopes', {
      params: { path },
      body: { resourceScopes: [write.id, read.id, other.scope.id], userScopes: ['email', 'profile'] },
    });
    expect(assigned.response.status).toBe(201);
    // Assigning again adds only what is new.
    const again = await api.POST('/api/applications/{applicationId}/user-consent-scopes', {
      params: { path },
      body: { resourceScopes: [read.id], userScopes: ['profile', 'roles'] },
    });
    expect(again.response.status).toBe(201);

    const listed = await api.GET('/api/applications/{applicationId}/user-consent-scopes', { params: { path } });
    expect(listed.data).toEqual({
      organizationScopes: [],
      resourceScopes: [
        { resource: other.resource, scopes: [other.scope] },
        { resource, scopes: [read, write] },
      ],
      organizationResourceScopes: [],
      userScopes: ['profile', 'email', 'roles'],
    });

    const removeResourceScope = await api.DELETE('/api/applications/{applicationId}/user-consent-scopes/{scopeType}/{scopeId}', {
      params: { path: { ...path, scopeType: 'resource-scopes', scopeId: write.id } },
    });
    expect(removeResourceScope.response.status).toBe(204);
    expect((await call('DELETE', `/api/applications/${app.id}/user-consent-scopes/user-scopes/email`)).status).toBe(204);
    expect((await api.GET('/api/applications/{applicationId}/user-consent-scopes', { params: { path } })).data).toMatchObject({
      resourceScopes: [
        { resource: other.resource, scopes: [other.scope] },
        { resource, scopes: [read] },
      ],
      userScopes: ['profile', 'roles'],
    });

    // Removing what is not assigned (any more) is a 404.
    for (const [scopeType, scopeId] of [
      ['resource-scopes', write.id],
      ['user-scopes', 'email'],
      ['user-scopes', 'address'],
      ['organization-scopes', 'some-org-scope'],
      ['organization-resource-scopes', read.id],
    ]) {
      expect(
        await call('DELETE', `/api/applications/${app.id}/user-consent-scopes/${scopeType}/${scopeId}`),
        `${scopeType} ${scopeId}`,
      ).toMatchObject({
        status: 404,
        body: { code: 'entity.not_found' },
      });
    }
  });

  it('drops a scope from consent when the scope itself is deleted', async () => {
    const app = await thirdPartyApp();
    const { data: temporary } = await api.POST('/api/resources/{resourceId}/scopes', {
      params: { path: { resourceId: resource.id } },
      body: { name: 'temporary' },
    });
    await call('POST', `/api/applications/${app.id}/user-consent-scopes`, { resourceScopes: [temporary!.id, read.id] });
    await api.DELETE('/api/resources/{resourceId}/scopes/{scopeId}', {
      params: { path: { resourceId: resource.id, scopeId: temporary!.id } },
    });
    expect((await call('GET', `/api/applications/${app.id}/user-consent-scopes`)).body).toMatchObject({
      resourceScopes: [{ resource, scopes: [read] }],
    });
  });
});

describe('user consent scope validation', () => {
  it('refuses scopes that do not exist with 422, storing none of the request', async () => {
    const app = await thirdPartyApp();
    const response = await call('POST', `/api/applications/${app.id}/user-consent-scopes`, {
      resourceScopes: [read.id, 'no-such-scope'],
      userScopes: ['profile'],
    });
    expect(response).toMatchObject({
      status: 422,
      body: { code: 'application.user_consent_scopes_not_found', data: { invalidResourceScopes: ['no-such-scope'] } },
    });
    expect(await call('POST', `/api/applications/${app.id}/user-consent-scopes`, { organizationScopes: ['org-scope'] })).toMatchObject({
      status: 422,
      body: { code: 'application.user_consent_scopes_not_found' },
    });
    expect(await storedFor(app.id)).toEqual(nothingStored);
  });

  it("refuses the Management API's scopes", async () => {
    const app = await thirdPartyApp();
    const [all] = await stack.database.db
      .select({ id: scopes.id })
      .from(scopes)
      .innerJoin(resources, and(eq(resources.tenantId, scopes.tenantId), eq(resources.id, scopes.resourceId)))
      .where(and(eq(scopes.tenantId, defaultTenantId), eq(resources.indicator, managementApiIndicatorOf(defaultTenantId))));
    expect(await call('POST', `/api/applications/${app.id}/user-consent-scopes`, { resourceScopes: [all!.id] })).toMatchObject({
      status: 400,
      body: { code: 'application.consent_management_api_scopes_not_allowed' },
    });
    expect(await storedFor(app.id)).toEqual(nothingStored);
  });

  it.each([
    ['an unknown user scope', { userScopes: ['openid'] }],
    ['resource scopes that are no list', { resourceScopes: 'read' }],
    ['a scope id of the wrong type', { resourceScopes: [42] }],
    ['an unknown field', { userScopes: ['profile'], applicationId: 'other' }],
    ['another tenant', { userScopes: ['profile'], tenantId: adminTenantId }],
  ])('refuses %s with 400 guard.invalid_input, storing nothing', async (_label, body) => {
    const app = await thirdPartyApp();
    expect(await call('POST', `/api/applications/${app.id}/user-consent-scopes`, body)).toMatchObject({
      status: 400,
      body: { code: 'guard.invalid_input' },
    });
    expect(await storedFor(app.id)).toEqual(nothingStored);
  });

  it('refuses an unknown scope type on delete with 400', async () => {
    const app = await thirdPartyApp();
    await call('POST', `/api/applications/${app.id}/user-consent-scopes`, { userScopes: ['profile'] });
    expect(await call('DELETE', `/api/applications/${app.id}/user-consent-scopes/everything/profile`)).toMatchObject({
      status: 400,
      body: { code: 'guard.invalid_input' },
    });
    expect((await storedFor(app.id)).userScopes).toEqual(['profile']);
  });

  it('is for third-party apps only (422) and answers 404 for an unknown app', async () => {
    const { data: firstParty } = await api.POST('/api/applications', { body: { name: 'Own app', type: 'SPA' } });
    for (const [method, suffix, body] of [
      ['GET', ''],
      ['POST', '', { userScopes: ['profile'] }],
      ['DELETE', '/user-scopes/profile'],
    ] as const) {
      expect(
        await call(method, `/api/applications/${firstParty!.id}/user-consent-scopes${suffix}`, body),
        `${method} first-party`,
      ).toMatchObject({
        status: 422,
        body: { code: 'application.third_party_application_only' },
      });
      expect(await call(method, `/api/applications/no-such-app/user-consent-scopes${suffix}`, body), `${method} unknown`).toMatchObject({
        status: 404,
        body: { code: 'entity.not_exists_with_id' },
      });
    }
    expect(await storedFor(firstParty!.id)).toEqual(nothingStored);
  });
});

describe('user consent scopes across tenants', () => {
  it("never reaches another tenant's apps or scopes", async () => {
    const db = stack.database.db;
    const foreignApp = await insertApplication(db, adminTenantId, { type: 'Traditional', name: 'admin partner', isThirdParty: true });
    await db.insert(applicationUserConsentUserScopes).values({ tenantId: adminTenantId, applicationId: foreignApp.id, userScope: 'email' });
    expect((await call('GET', `/api/applications/${foreignApp.id}/user-consent-scopes`)).status).toBe(404);
    expect((await call('POST', `/api/applications/${foreignApp.id}/user-consent-scopes`, { userScopes: ['profile'] })).status).toBe(404);
    expect((await call('DELETE', `/api/applications/${foreignApp.id}/user-consent-scopes/user-scopes/email`)).status).toBe(404);
    expect((await storedFor(foreignApp.id)).userScopes).toEqual(['email']);

    // A scope of the admin tenant cannot be assigned to a default-tenant app.
    const foreignScopeId = (await insertResource(db, adminTenantId, 'https://admin-only.example.com', ['admin:read'])).scopes['admin:read'];
    const app = await thirdPartyApp();
    expect(await call('POST', `/api/applications/${app.id}/user-consent-scopes`, { resourceScopes: [foreignScopeId] })).toMatchObject({
      status: 422,
      body: { code: 'application.user_consent_scopes_not_found' },
    });
    expect(await storedFor(app.id)).toEqual(nothingStored);
  });
});

describe('organization consent scopes', () => {
  const addOrganizationScope = async (name: string, description?: string): Promise<Scope> => {
    const { data, response } = await api.POST('/api/organization-scopes', { body: { name: `${name}-${Date.now()}`, description } });
    expect(response.status).toBe(201);
    return { id: data!.id, name: data!.name, description: data!.description ?? null };
  };

  it('assigns, lists and removes organization scopes and organization resource scopes', async () => {
    const app = await thirdPartyApp();
    const path = { applicationId: app.id };
    const manage = await addOrganizationScope('b-manage', 'Manage the organization');
    const invite = await addOrganizationScope('a-invite');
    const assigned = await api.POST('/api/applications/{applicationId}/user-consent-scopes', {
      params: { path },
      body: {
        organizationScopes: [manage.id, invite.id, manage.id],
        organizationResourceScopes: [write.id, other.scope.id],
        resourceScopes: [read.id],
      },
    });
    expect(assigned.response.status).toBe(201);
    // Again, with one already there: only the new one is added.
    expect(
      (await call('POST', `/api/applications/${app.id}/user-consent-scopes`, { organizationResourceScopes: [read.id, write.id] })).status,
    ).toBe(201);

    const listed = await api.GET('/api/applications/{applicationId}/user-consent-scopes', { params: { path } });
    expect(listed.data).toEqual({
      organizationScopes: [invite, manage],
      resourceScopes: [{ resource, scopes: [read] }],
      organizationResourceScopes: [
        { resource: other.resource, scopes: [other.scope] },
        { resource, scopes: [read, write] },
      ],
      userScopes: [],
    });

    for (const [scopeType, scopeId] of [
      ['organization-scopes', manage.id],
      ['organization-resource-scopes', write.id],
    ] as const) {
      const removed = await api.DELETE('/api/applications/{applicationId}/user-consent-scopes/{scopeType}/{scopeId}', {
        params: { path: { ...path, scopeType, scopeId } },
      });
      expect(removed.response.status, scopeType).toBe(204);
      expect(await call('DELETE', `/api/applications/${app.id}/user-consent-scopes/${scopeType}/${scopeId}`), scopeType).toMatchObject({
        status: 404,
        body: { code: 'entity.not_found' },
      });
    }
    // A resource scope assigned for users is no organization resource scope, and the reverse.
    expect((await call('DELETE', `/api/applications/${app.id}/user-consent-scopes/resource-scopes/${other.scope.id}`)).status).toBe(404);
    expect((await call('DELETE', `/api/applications/${app.id}/user-consent-scopes/organization-resource-scopes/${read.id}`)).status).toBe(
      204,
    );
    expect(await storedFor(app.id)).toEqual({
      organizationScopes: [invite.id],
      organizationResourceScopes: [other.scope.id],
      resourceScopes: [read.id],
      userScopes: [],
    });

    // Deleting the organization scope itself drops it from consent.
    expect((await call('DELETE', `/api/organization-scopes/${invite.id}`)).status).toBe(204);
    expect((await call('GET', `/api/applications/${app.id}/user-consent-scopes`)).body).toMatchObject({ organizationScopes: [] });
  });

  it('refuses unknown ids of every kind with 422 listing them, storing none of the request', async () => {
    const app = await thirdPartyApp();
    const known = await addOrganizationScope('known');
    expect(
      await call('POST', `/api/applications/${app.id}/user-consent-scopes`, {
        organizationScopes: [known.id, 'no-org-scope'],
        resourceScopes: [read.id],
        organizationResourceScopes: [write.id, 'no-scope'],
        userScopes: ['email'],
      }),
    ).toMatchObject({
      status: 422,
      body: {
        code: 'application.user_consent_scopes_not_found',
        data: { invalidOrganizationScopes: ['no-org-scope'], invalidResourceScopes: [], invalidOrganizationResourceScopes: ['no-scope'] },
      },
    });
    // An organization scope id is no API resource scope, and the reverse.
    expect(
      await call('POST', `/api/applications/${app.id}/user-consent-scopes`, {
        organizationScopes: [read.id],
        organizationResourceScopes: [known.id],
      }),
    ).toMatchObject({
      status: 422,
      body: { data: { invalidOrganizationScopes: [read.id], invalidOrganizationResourceScopes: [known.id] } },
    });
    expect(await storedFor(app.id)).toEqual(nothingStored);
  });

  it("refuses the Management API's scopes at organization level too", async () => {
    const app = await thirdPartyApp();
    const [managementScope] = await stack.database.db
      .select({ id: scopes.id })
      .from(scopes)
      .innerJoin(resources, and(eq(resources.tenantId, scopes.tenantId), eq(resources.id, scopes.resourceId)))
      .where(and(eq(scopes.tenantId, defaultTenantId), eq(resources.indicator, managementApiIndicatorOf(defaultTenantId))));
    expect(
      await call('POST', `/api/applications/${app.id}/user-consent-scopes`, { organizationResourceScopes: [read.id, managementScope!.id] }),
    ).toMatchObject({ status: 400, body: { code: 'application.consent_management_api_scopes_not_allowed' } });
    expect(await storedFor(app.id)).toEqual(nothingStored);
  });

  it("never assigns another tenant's organization scopes", async () => {
    const app = await thirdPartyApp();
    const foreignScopeId = generateId();
    await stack.database.db.insert(organizationScopes).values({ tenantId: adminTenantId, id: foreignScopeId, name: foreignScopeId });
    expect(await call('POST', `/api/applications/${app.id}/user-consent-scopes`, { organizationScopes: [foreignScopeId] })).toMatchObject({
      status: 422,
      body: { code: 'application.user_consent_scopes_not_found', data: { invalidOrganizationScopes: [foreignScopeId] } },
    });
    expect(await storedFor(app.id)).toEqual(nothingStored);
  });
});
