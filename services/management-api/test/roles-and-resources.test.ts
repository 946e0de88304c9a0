import { adminTenantId, defaultTenantId, generateId, managementApiIndicator } from '@idp/db';
import { resources, roles, scopes } from '@idp/schemas';
import { and, eq } from 'drizzle-orm';
import * as jose from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callApi,
  createManagementClient,
  insertApplication,
  insertResource,
  insertRole,
  insertUser,
  managementToken,
  startTestStack,
  type TestStack,
} from './test-stack.ts';

let stack: TestStack;
let api: Awaited<ReturnType<typeof createManagementClient>>['apiClient'];
let token: string;
const call = (method: string, path: string, body?: unknown) => callApi(stack.userUrl, token, method, path, body);
const total = async (path: string) =>
  (await call('GET', `${path}${path.includes('?') ? '&' : '?'}page_size=1`)).headers.get('total-number');
const ids = (body: unknown) => (body as Array<{ id: string }>).map(({ id }) => id);
const unique = (prefix: string) => `${prefix}-${generateId().slice(0, 8)}`;

beforeAll(async () => {
  stack = await startTestStack();
  const management = await createManagementClient(stack);
  api = management.apiClient;
  token = await managementToken(stack.userUrl, management.app);
});
afterAll(async () => stack?.stop());

async function createResource(scopeNames: string[] = []) {
  const indicator = `https://${unique('api')}.example.com`;
  const { data: resource } = await api.POST('/api/resources', { body: { name: indicator, indicator } });
  const created: Record<string, string> = {};
  for (const name of scopeNames) {
    const { data } = await api.POST('/api/resources/{resourceId}/scopes', {
      params: { path: { resourceId: resource!.id } },
      body: { name },
    });
    created[name] = data!.id;
  }
  return { resource: resource!, scopes: created };
}

async function createM2mApp() {
  const { data } = await api.POST('/api/applications', { body: { name: unique('m2m'), type: 'MachineToMachine' } });
  return { id: data!.id, secret: data!.secret! };
}

/** The scopes of a client-credentials token the app gets for the resource when asking for `scope`. */
async function grantedScopes(app: { id: string; secret: string }, indicator: string, scope: string) {
  const { scope: granted } = jose.decodeJwt(await managementToken(stack.userUrl, app, scope, indicator));
  return String(granted ?? '')
    .split(' ')
    .filter(Boolean)
    .sort();
}

describe('resources and scopes through @logto/api', () => {
  it('creates, reads, lists, updates and deletes a resource', async () => {
    const created = await api.POST('/api/resources', {
      body: { name: 'Orders API', indicator: 'https://orders.example.com', accessTokenTtl: 600 },
    });
    expect(created.response.status).toBe(201);
    const resource = created.data!;
    expect(resource).toMatchObject({
      tenantId: defaultTenantId,
      name: 'Orders API',
      indicator: 'https://orders.example.com',
      accessTokenTtl: 600,
      isDefault: false,
      scopes: [],
    });
    expect(resource.id).toMatch(/^[0-9a-z]{21}$/);

    const read = await api.GET('/api/resources/{id}', { params: { path: { id: resource.id } } });
    expect(read.data).toEqual({
      tenantId: defaultTenantId,
      id: resource.id,
      name: 'Orders API',
      indicator: 'https://orders.example.com',
      isDefault: false,
      accessTokenTtl: 600,
    });

    const updated = await api.PATCH('/api/resources/{id}', {
      params: { path: { id: resource.id } },
      body: { name: 'Orders', accessTokenTtl: 120 },
    });
    expect(updated.data).toMatchObject({ name: 'Orders', accessTokenTtl: 120, indicator: 'https://orders.example.com' });

    await api.POST('/api/resources/{resourceId}/scopes', { params: { path: { resourceId: resource.id } }, body: { name: 'read:orders' } });
    const listed = await api.GET('/api/resources', { params: { query: { includeScopes: 'true', page_size: 100 } } });
    const entry = listed.data!.find(({ id }) => id === resource.id);
    expect(entry?.scopes?.map(({ name }) => name)).toEqual(['read:orders']);
    expect(listed.data!.map(({ indicator }) => indicator)).toContain(managementApiIndicator);
    expect(Number(listed.response.headers.get('total-number'))).toBe(listed.data!.length);
    const withoutScopes = await api.GET('/api/resources', { params: { query: { page_size: 100 } } });
    expect(withoutScopes.data!.find(({ id }) => id === resource.id)).not.toHaveProperty('scopes');

    const deleted = await api.DELETE('/api/resources/{id}', { params: { path: { id: resource.id } } });
    expect(deleted.response.status).toBe(204);
    const gone = await api.GET('/api/resources/{id}', { params: { path: { id: resource.id } } });
    expect(gone.response.status).toBe(404);
    expect(gone.error).toMatchObject({ code: 'entity.not_exists_with_id' });
    // Its scopes went with it.
    expect(await stack.database.db.select().from(scopes).where(eq(scopes.resourceId, resource.id))).toEqual([]);
  });

  it('keeps at most one default resource', async () => {
    const { resource: first } = await createResource();
    const { resource: second } = await createResource();
    const setDefault = (id: string, isDefault: boolean) =>
      api.PATCH('/api/resources/{id}/is-default', { params: { path: { id } }, body: { isDefault } });
    expect((await setDefault(first.id, true)).data).toMatchObject({ id: first.id, isDefault: true });
    expect((await setDefault(second.id, true)).data).toMatchObject({ id: second.id, isDefault: true });
    expect((await api.GET('/api/resources/{id}', { params: { path: { id: first.id } } })).data!.isDefault).toBe(false);
    expect((await setDefault(second.id, false)).data!.isDefault).toBe(false);
  });

  it('refuses a second resource with the same indicator, an indicator that is no absolute URI, and a Management API indicator', async () => {
    const { resource } = await createResource();
    expect(await call('POST', '/api/resources', { name: 'again', indicator: resource.indicator })).toMatchObject({
      status: 422,
      body: { code: 'resource.resource_identifier_in_use' },
    });
    for (const indicator of ['not a uri', 'https://api.example.com/#fragment', 'https://admin.logto.app/api']) {
      expect(await call('POST', '/api/resources', { name: 'bad', indicator }), indicator).toMatchObject({
        status: 400,
        body: { code: 'guard.invalid_input' },
      });
    }
  });

  it('creates, lists, searches, updates and deletes the scopes of a resource', async () => {
    const { resource } = await createResource();
    const path = { resourceId: resource.id };
    const created = await api.POST('/api/resources/{resourceId}/scopes', {
      params: { path },
      body: { name: 'read', description: 'Read things' },
    });
    expect(created.response.status).toBe(201);
    expect(created.data).toMatchObject({ tenantId: defaultTenantId, resourceId: resource.id, name: 'read', description: 'Read things' });
    expect(typeof created.data!.createdAt).toBe('number');
    const write = (await api.POST('/api/resources/{resourceId}/scopes', { params: { path }, body: { name: 'write' } })).data!;
    expect(write.description).toBeNull();

    const listed = await api.GET('/api/resources/{resourceId}/scopes', { params: { path } });
    expect(listed.data!.map(({ name }) => name).sort()).toEqual(['read', 'write']);
    expect(listed.response.headers.get('total-number')).toBe('2');
    expect(ids((await call('GET', `/api/resources/${resource.id}/scopes?search=rit`)).body)).toEqual([write.id]);

    expect(await call('POST', `/api/resources/${resource.id}/scopes`, { name: 'read' })).toMatchObject({
      status: 422,
      body: { code: 'scope.name_exists' },
    });
    expect(await call('POST', `/api/resources/${resource.id}/scopes`, { name: 'read all' })).toMatchObject({
      status: 400,
      body: { code: 'scope.name_with_space' },
    });
    expect(await call('PATCH', `/api/resources/${resource.id}/scopes/${write.id}`, { name: 'read' })).toMatchObject({
      status: 422,
      body: { code: 'scope.name_exists' },
    });

    const updated = await api.PATCH('/api/resources/{resourceId}/scopes/{scopeId}', {
      params: { path: { ...path, scopeId: write.id } },
      body: { name: 'write:all', description: null },
    });
    expect(updated.data).toMatchObject({ id: write.id, name: 'write:all', description: null });

    // A scope is addressed through its own resource only.
    const { resource: other } = await createResource();
    expect((await call('PATCH', `/api/resources/${other.id}/scopes/${write.id}`, { name: 'x' })).status).toBe(404);
    expect((await call('DELETE', `/api/resources/${other.id}/scopes/${write.id}`)).status).toBe(404);

    const deleted = await api.DELETE('/api/resources/{resourceId}/scopes/{scopeId}', { params: { path: { ...path, scopeId: write.id } } });
    expect(deleted.response.status).toBe(204);
    expect((await call('DELETE', `/api/resources/${resource.id}/scopes/${write.id}`)).status).toBe(404);
    expect((await call('GET', '/api/resources/unknown-resource/scopes')).status).toBe(404);
  });

  it('never lets the Management API resource or its scopes be changed or deleted', async () => {
    const { db } = stack.database;
    const [management] = await db
      .select()
      .from(resources)
      .where(and(eq(resources.tenantId, defaultTenantId), eq(resources.indicator, managementApiIndicator)));
    const [all] = await db
      .select()
      .from(scopes)
      .where(and(eq(scopes.tenantId, defaultTenantId), eq(scopes.resourceId, management!.id)));
    const base = `/api/resources/${management!.id}`;
    const attempts: Array<[string, string, unknown, string]> = [
      ['PATCH', base, { name: 'Mine now', accessTokenTtl: 99999 }, 'resource.cannot_modify_management_api'],
      ['PATCH', `${base}/is-default`, { isDefault: true }, 'resource.cannot_modify_management_api'],
      ['DELETE', base, undefined, 'resource.cannot_delete_management_api'],
      ['POST', `${base}/scopes`, { name: 'extra' }, 'resource.cannot_modify_management_api'],
      ['PATCH', `${base}/scopes/${all!.id}`, { name: 'everything' }, 'resource.cannot_modify_management_api'],
      ['DELETE', `${base}/scopes/${all!.id}`, undefined, 'resource.cannot_modify_management_api'],
    ];
    for (const [method, path, body, code] of attempts) {
      expect(await call(method, path, body), `${method} ${path}`).toMatchObject({ status: 400, body: { code } });
    }
    const [after] = await db.select().from(resources).where(eq(resources.id, management!.id));
    expect(after).toEqual(management);
    expect(await db.select().from(scopes).where(eq(scopes.resourceId, management!.id))).toEqual([all]);
    // Still readable, and still what this very test authenticates with.
    expect((await api.GET('/api/resources/{id}', { params: { path: { id: management!.id } } })).data).toMatchObject({
      indicator: managementApiIndicator,
    });
  });
});

describe('roles through @logto/api', () => {
  it('creates a role with scopes, reads, lists, updates and deletes it', async () => {
    const { scopes: resourceScopes } = await createResource(['read', 'write']);
    const name = unique('editor');
    const created = await api.POST('/api/roles', {
      body: { name, description: 'Edits things', type: 'MachineToMachine', scopeIds: [resourceScopes.read!, resourceScopes.write!] },
    });
    expect(created.response.status).toBe(200);
    const role = created.data!;
    expect(role).toEqual({
      tenantId: defaultTenantId,
      id: role.id,
      name,
      description: 'Edits things',
      type: 'MachineToMachine',
      isDefault: false,
    });

    const roleScopes = await api.GET('/api/roles/{id}/scopes', { params: { path: { id: role.id } } });
    expect(roleScopes.data!.map(({ name: scopeName }) => scopeName).sort()).toEqual(['read', 'write']);
    expect(roleScopes.data![0]!.resource).toMatchObject({ id: expect.any(String), indicator: expect.stringMatching(/^https:\/\//) });

    expect((await api.GET('/api/roles/{id}', { params: { path: { id: role.id } } })).data).toEqual(role);
    const listed = await api.GET('/api/roles', { params: { query: { type: 'MachineToMachine', page_size: 100 } } });
    expect(listed.data!.map(({ id }) => id)).toContain(role.id);
    expect(listed.data!.every(({ type }) => type === 'MachineToMachine')).toBe(true);
    const userRoles = await call('GET', '/api/roles?type=User&page_size=100');
    expect(ids(userRoles.body)).not.toContain(role.id);

    const updated = await api.PATCH('/api/roles/{id}', {
      params: { path: { id: role.id } },
      body: { description: 'Edits everything', isDefault: true },
    });
    expect(updated.data).toMatchObject({ name, description: 'Edits everything', isDefault: true, type: 'MachineToMachine' });

    expect(await call('POST', '/api/roles', { name, description: 'twin' })).toMatchObject({
      status: 422,
      body: { code: 'role.name_in_use' },
    });
    const { data: other } = await api.POST('/api/roles', { body: { name: unique('other'), description: 'other' } });
    expect(other!.type).toBe('User');
    expect(await call('PATCH', `/api/roles/${other!.id}`, { name })).toMatchObject({ status: 422, body: { code: 'role.name_in_use' } });

    expect((await api.DELETE('/api/roles/{id}', { params: { path: { id: role.id } } })).response.status).toBe(204);
    expect(await call('GET', `/api/roles/${role.id}`)).toMatchObject({ status: 404, body: { code: 'entity.not_exists_with_id' } });
    expect((await call('DELETE', `/api/roles/${role.id}`)).status).toBe(404);
  });

  it('creates nothing when a scope of a new role does not exist', async () => {
    const name = unique('ghost');
    expect(await call('POST', '/api/roles', { name, description: 'x', scopeIds: ['no-such-scope'] })).toMatchObject({ status: 404 });
    expect(await stack.database.db.select().from(roles).where(eq(roles.name, name))).toEqual([]);
  });

  it('adds and removes the scopes of a role', async () => {
    const { scopes: resourceScopes } = await createResource(['a', 'b', 'c']);
    const { data: role } = await api.POST('/api/roles', {
      body: { name: unique('scoped'), description: 'scoped', scopeIds: [resourceScopes.a!] },
    });
    const path = { id: role!.id };
    const added = await api.POST('/api/roles/{id}/scopes', {
      params: { path },
      body: { scopeIds: [resourceScopes.b!, resourceScopes.c!] },
    });
    expect(added.response.status).toBe(201);
    expect(added.data!.map(({ name }) => name).sort()).toEqual(['a', 'b', 'c']);
    expect(await call('POST', `/api/roles/${role!.id}/scopes`, { scopeIds: [resourceScopes.a!] })).toMatchObject({
      status: 422,
      body: { code: 'role.scope_exists' },
    });
    expect(await call('POST', `/api/roles/${role!.id}/scopes`, { scopeIds: ['no-such-scope'] })).toMatchObject({ status: 404 });

    const removed = await api.DELETE('/api/roles/{id}/scopes/{scopeId}', { params: { path: { ...path, scopeId: resourceScopes.b! } } });
    expect(removed.response.status).toBe(204);
    expect((await call('DELETE', `/api/roles/${role!.id}/scopes/${resourceScopes.b!}`)).status).toBe(404);
    const listed = await api.GET('/api/roles/{id}/scopes', { params: { path, query: { page_size: 1 } } });
    expect(listed.data).toHaveLength(1);
    expect(listed.response.headers.get('total-number')).toBe('2');
  });

  it('never gives a user role a Management API scope', async () => {
    const [all] = await stack.database.db
      .select({ id: scopes.id })
      .from(scopes)
      .innerJoin(resources, eq(resources.id, scopes.resourceId))
      .where(and(eq(scopes.tenantId, defaultTenantId), eq(resources.indicator, managementApiIndicator)));
    const name = unique('sneaky');
    expect(await call('POST', '/api/roles', { name, description: 'x', scopeIds: [all!.id] })).toMatchObject({
      status: 400,
      body: { code: 'role.management_api_scopes_not_assignable_to_user_role' },
    });
    const { data: role } = await api.POST('/api/roles', { body: { name, description: 'x' } });
    expect(await call('POST', `/api/roles/${role!.id}/scopes`, { scopeIds: [all!.id] })).toMatchObject({
      status: 400,
      body: { code: 'role.management_api_scopes_not_assignable_to_user_role' },
    });
  });

  it('assigns user roles to users only, and lists them', async () => {
    const { db } = stack.database;
    const [alice, bob] = [await insertUser(db, defaultTenantId, { name: 'Alice' }), await insertUser(db, defaultTenantId, { name: 'Bob' })];
    const { data: role } = await api.POST('/api/roles', { body: { name: unique('staff'), description: 'staff' } });
    const path = { id: role!.id };
    const assigned = await api.POST('/api/roles/{id}/users', { params: { path }, body: { userIds: [alice.id, bob.id] } });
    expect(assigned.response.status).toBe(201);
    const listed = await api.GET('/api/roles/{id}/users', { params: { path } });
    expect(listed.data!.map(({ id }) => id).sort()).toEqual([alice.id, bob.id].sort());
    expect(listed.data![0]).toMatchObject({ customData: {}, identities: {}, isSuspended: false, createdAt: expect.any(Number) });
    expect(listed.data![0]).not.toHaveProperty('passwordEncrypted');
    expect(ids((await call('GET', `/api/roles/${role!.id}/users?search=alic`)).body)).toEqual([alice.id]);

    expect(await call('POST', `/api/roles/${role!.id}/users`, { userIds: [alice.id] })).toMatchObject({
      status: 422,
      body: { code: 'role.user_exists' },
    });
    expect(await call('POST', `/api/roles/${role!.id}/users`, { userIds: ['no-such-user'] })).toMatchObject({ status: 404 });

    const { data: m2mRole } = await api.POST('/api/roles', {
      body: { name: unique('robots'), description: 'robots', type: 'MachineToMachine' },
    });
    expect(await call('POST', `/api/roles/${m2mRole!.id}/users`, { userIds: [alice.id] })).toMatchObject({
      status: 422,
      body: { code: 'user.invalid_role_type' },
    });

    expect((await api.DELETE('/api/roles/{id}/users/{userId}', { params: { path: { ...path, userId: bob.id } } })).response.status).toBe(
      204,
    );
    expect(ids((await call('GET', `/api/roles/${role!.id}/users`)).body)).toEqual([alice.id]);
    expect((await call('DELETE', `/api/roles/${role!.id}/users/${bob.id}`)).status).toBe(404);
  });

  it('assigns machine-to-machine roles to machine-to-machine apps only, and lists them', async () => {
    const app = await createM2mApp();
    const { data: role } = await api.POST('/api/roles', {
      body: { name: unique('workers'), description: 'workers', type: 'MachineToMachine' },
    });
    const path = { id: role!.id };
    expect((await api.POST('/api/roles/{id}/applications', { params: { path }, body: { applicationIds: [app.id] } })).response.status).toBe(
      201,
    );
    const listed = await api.GET('/api/roles/{id}/applications', { params: { path } });
    expect(listed.data!.map(({ id }) => id)).toEqual([app.id]);
    expect(await call('POST', `/api/roles/${role!.id}/applications`, { applicationIds: [app.id] })).toMatchObject({
      status: 422,
      body: { code: 'role.application_exists' },
    });

    const spa = await insertApplication(stack.database.db, defaultTenantId, { type: 'SPA' });
    expect(await call('POST', `/api/roles/${role!.id}/applications`, { applicationIds: [spa.id] })).toMatchObject({
      status: 422,
      body: { code: 'application.invalid_type' },
    });
    const { data: userRole } = await api.POST('/api/roles', { body: { name: unique('humans'), description: 'humans' } });
    expect(await call('POST', `/api/roles/${userRole!.id}/applications`, { applicationIds: [app.id] })).toMatchObject({
      status: 422,
      body: { code: 'application.invalid_role_type' },
    });

    const removed = await api.DELETE('/api/roles/{id}/applications/{applicationId}', {
      params: { path: { ...path, applicationId: app.id } },
    });
    expect(removed.response.status).toBe(204);
    expect((await call('GET', `/api/roles/${role!.id}/applications`)).body).toEqual([]);
  });

  it("lists roles with their holders counted, three featured, and excludes a holder's roles on request", async () => {
    const { db } = stack.database;
    const { data: role } = await api.POST('/api/roles', { body: { name: unique('crowd'), description: 'crowd' } });
    const members = [];
    for (let index = 0; index < 4; index += 1)
      members.push(await insertUser(db, defaultTenantId, { name: `member ${index}`, avatar: null }));
    await api.POST('/api/roles/{id}/users', { params: { path: { id: role!.id } }, body: { userIds: members.map(({ id }) => id) } });
    const { data: m2mRole } = await api.POST('/api/roles', {
      body: { name: unique('fleet'), description: 'fleet', type: 'MachineToMachine' },
    });
    const app = await createM2mApp();
    await api.POST('/api/applications/{applicationId}/roles', {
      params: { path: { applicationId: app.id } },
      body: { roleIds: [m2mRole!.id] },
    });

    const listed = await api.GET('/api/roles', { params: { query: { page_size: 100 } } });
    const crowd = listed.data!.find(({ id }) => id === role!.id)!;
    expect(crowd).toMatchObject({ usersCount: 4, applicationsCount: 0, featuredApplications: [] });
    expect(crowd.featuredUsers).toHaveLength(3);
    expect(crowd.featuredUsers[0]).toEqual({ id: expect.any(String), name: expect.stringMatching(/^member /), avatar: null });
    const fleet = listed.data!.find(({ id }) => id === m2mRole!.id)!;
    expect(fleet).toMatchObject({ usersCount: 0, applicationsCount: 1, featuredApplications: [{ id: app.id, type: 'MachineToMachine' }] });

    expect(ids((await call('GET', `/api/roles?page_size=100&excludeUserId=${members[0]!.id}`)).body)).not.toContain(role!.id);
    const withoutApps = ids((await call('GET', `/api/roles?page_size=100&excludeApplicationId=${app.id}`)).body);
    expect(withoutApps).not.toContain(m2mRole!.id);
    expect(withoutApps).toContain(role!.id);
  });
});

describe('machine-to-machine app roles and the tokens they give', () => {
  it("grants exactly the scopes of the app's roles, and stops granting them once a role is gone", async () => {
    const { resource, scopes: resourceScopes } = await createResource(['read', 'write', 'admin']);
    const app = await createM2mApp();
    expect(await grantedScopes(app, resource.indicator, 'read write admin')).toEqual([]);

    const { data: reader } = await api.POST('/api/roles', {
      body: { name: unique('reader'), description: 'reads', type: 'MachineToMachine', scopeIds: [resourceScopes.read!] },
    });
    const { data: writer } = await api.POST('/api/roles', {
      body: { name: unique('writer'), description: 'writes', type: 'MachineToMachine', scopeIds: [resourceScopes.write!] },
    });
    const path = { applicationId: app.id };
    const assigned = await api.POST('/api/applications/{applicationId}/roles', {
      params: { path },
      body: { roleIds: [reader!.id, writer!.id] },
    });
    expect(assigned.response.status).toBe(201);
    expect(assigned.data).toEqual({ roleIds: [reader!.id, writer!.id], addedRoleIds: [reader!.id, writer!.id] });
    const again = await api.POST('/api/applications/{applicationId}/roles', { params: { path }, body: { roleIds: [reader!.id] } });
    expect(again.data).toEqual({ roleIds: [reader!.id], addedRoleIds: [] });

    const held = await api.GET('/api/applications/{applicationId}/roles', { params: { path } });
    expect(held.data!.map(({ id }) => id).sort()).toEqual([reader!.id, writer!.id].sort());
    expect(held.response.headers.get('total-number')).toBe('2');
    expect(await grantedScopes(app, resource.indicator, 'read write admin')).toEqual(['read', 'write']);

    // A scope added to a role reaches the app's next token, a removed one leaves it.
    await api.POST('/api/roles/{id}/scopes', { params: { path: { id: writer!.id } }, body: { scopeIds: [resourceScopes.admin!] } });
    expect(await grantedScopes(app, resource.indicator, 'read write admin')).toEqual(['admin', 'read', 'write']);
    await api.DELETE('/api/roles/{id}/scopes/{scopeId}', { params: { path: { id: writer!.id, scopeId: resourceScopes.admin! } } });
    expect(await grantedScopes(app, resource.indicator, 'read write admin')).toEqual(['read', 'write']);

    // Deleting a role takes its scopes out of the app's future tokens at once.
    await api.DELETE('/api/roles/{id}', { params: { path: { id: writer!.id } } });
    expect(await grantedScopes(app, resource.indicator, 'read write admin')).toEqual(['read']);
    expect((await api.GET('/api/applications/{applicationId}/roles', { params: { path } })).data!.map(({ id }) => id)).toEqual([
      reader!.id,
    ]);

    // Removing the last role leaves nothing.
    const removed = await api.DELETE('/api/applications/{applicationId}/roles/{roleId}', {
      params: { path: { ...path, roleId: reader!.id } },
    });
    expect(removed.response.status).toBe(204);
    expect(await grantedScopes(app, resource.indicator, 'read write admin')).toEqual([]);
    expect((await call('DELETE', `/api/applications/${app.id}/roles/${reader!.id}`)).status).toBe(404);
  });

  it("replaces an app's roles with PUT", async () => {
    const { resource, scopes: resourceScopes } = await createResource(['one', 'two']);
    const app = await createM2mApp();
    const makeRole = async (scopeId: string) =>
      (await api.POST('/api/roles', { body: { name: unique('r'), description: 'r', type: 'MachineToMachine', scopeIds: [scopeId] } }))
        .data!;
    const [one, two] = [await makeRole(resourceScopes.one!), await makeRole(resourceScopes.two!)];
    const path = { applicationId: app.id };
    await api.POST('/api/applications/{applicationId}/roles', { params: { path }, body: { roleIds: [one.id] } });

    const replaced = await api.PUT('/api/applications/{applicationId}/roles', { params: { path }, body: { roleIds: [two.id] } });
    expect(replaced.response.status).toBe(200);
    expect((await api.GET('/api/applications/{applicationId}/roles', { params: { path } })).data!.map(({ id }) => id)).toEqual([two.id]);
    expect(await grantedScopes(app, resource.indicator, 'one two')).toEqual(['two']);

    await api.PUT('/api/applications/{applicationId}/roles', { params: { path }, body: { roleIds: [] } });
    expect((await call('GET', `/api/applications/${app.id}/roles`)).body).toEqual([]);
    expect(await grantedScopes(app, resource.indicator, 'one two')).toEqual([]);

    // A refused replacement changes nothing.
    await api.PUT('/api/applications/{applicationId}/roles', { params: { path }, body: { roleIds: [one.id] } });
    expect((await call('PUT', `/api/applications/${app.id}/roles`, { roleIds: [two.id, 'no-such-role'] })).status).toBe(404);
    expect(ids((await call('GET', `/api/applications/${app.id}/roles`)).body)).toEqual([one.id]);
  });

  it('refuses user roles for apps, and roles for apps that are not machine-to-machine', async () => {
    const app = await createM2mApp();
    const { data: userRole } = await api.POST('/api/roles', { body: { name: unique('people'), description: 'people' } });
    for (const method of ['POST', 'PUT']) {
      expect(await call(method, `/api/applications/${app.id}/roles`, { roleIds: [userRole!.id] }), method).toMatchObject({
        status: 422,
        body: { code: 'application.invalid_role_type' },
      });
    }
    expect((await call('GET', `/api/applications/${app.id}/roles`)).body).toEqual([]);

    const spa = await insertApplication(stack.database.db, defaultTenantId, { type: 'SPA' });
    expect(await call('GET', `/api/applications/${spa.id}/roles`)).toMatchObject({
      status: 422,
      body: { code: 'application.invalid_type' },
    });
    expect(await call('POST', `/api/applications/${spa.id}/roles`, { roleIds: [] })).toMatchObject({
      status: 422,
      body: { code: 'application.invalid_type' },
    });
    expect((await call('POST', `/api/applications/${app.id}/roles`, { roleIds: ['no-such-role'] })).status).toBe(404);
    expect((await call('GET', '/api/applications/no-such-app/roles')).status).toBe(404);
  });
});

describe('input validation', () => {
  const long = (length: number) => 'x'.repeat(length);

  it.each([
    ['a role without a name', '/api/roles', { description: 'x' }],
    ['a role without a description', '/api/roles', { name: 'x' }],
    ['a role with a numeric name', '/api/roles', { name: 123, description: 'x' }],
    ['a role with an unknown type', '/api/roles', { name: 'x', description: 'x', type: 'Admin' }],
    ['a role with an over-long name', '/api/roles', { name: long(129), description: 'x' }],
    ['a role with an over-long description', '/api/roles', { name: 'x', description: long(129) }],
    ['a role with an unknown field', '/api/roles', { name: 'x', description: 'x', colour: 'red' }],
    ['a role with scopeIds that are no list', '/api/roles', { name: 'x', description: 'x', scopeIds: 'abc' }],
    ['a role with an empty name', '/api/roles', { name: '', description: 'x' }],
    ['a resource without an indicator', '/api/resources', { name: 'x' }],
    ['a resource with a string TTL', '/api/resources', { name: 'x', indicator: 'https://x.example.com', accessTokenTtl: '60' }],
    ['a resource with a fractional TTL', '/api/resources', { name: 'x', indicator: 'https://x.example.com', accessTokenTtl: 1.5 }],
    ['a resource with a negative TTL', '/api/resources', { name: 'x', indicator: 'https://x.example.com', accessTokenTtl: -1 }],
    ['a resource with an over-long name', '/api/resources', { name: long(257), indicator: 'https://x.example.com' }],
    ['a resource with an over-long indicator', '/api/resources', { name: 'x', indicator: `https://x.example.com/${long(2048)}` }],
    ['a resource set default at creation', '/api/resources', { name: 'x', indicator: 'https://x.example.com', isDefault: true }],
  ])('refuses %s with 400 guard.invalid_input, creating nothing', async (_label, path, body) => {
    const before = await total(path);
    expect(await call('POST', path, body)).toMatchObject({ status: 400, body: { code: 'guard.invalid_input' } });
    expect(await total(path)).toBe(before);
  });

  it('refuses bad scope, relation and update bodies', async () => {
    const { resource } = await createResource(['s']);
    const { data: role } = await api.POST('/api/roles', { body: { name: unique('v'), description: 'v', type: 'MachineToMachine' } });
    const app = await createM2mApp();
    const attempts: Array<[string, string, unknown]> = [
      ['POST', `/api/resources/${resource.id}/scopes`, {}],
      ['POST', `/api/resources/${resource.id}/scopes`, { name: long(257) }],
      ['POST', `/api/resources/${resource.id}/scopes`, { name: 'x', description: 5 }],
      ['POST', `/api/resources/${resource.id}/scopes`, { name: 'x', resourceId: 'elsewhere' }],
      ['PATCH', `/api/resources/${resource.id}`, { indicator: 'https://moved.example.com' }],
      ['PATCH', `/api/resources/${resource.id}/is-default`, {}],
      ['PATCH', `/api/resources/${resource.id}/is-default`, { isDefault: 'yes' }],
      ['PATCH', `/api/roles/${role!.id}`, { type: 'User' }],
      ['POST', `/api/roles/${role!.id}/scopes`, { scopeIds: [] }],
      ['POST', `/api/roles/${role!.id}/users`, { userIds: 'someone' }],
      ['POST', `/api/roles/${role!.id}/applications`, {}],
      ['POST', `/api/applications/${app.id}/roles`, { roleIds: [role!.id], extra: true }],
      ['PUT', `/api/applications/${app.id}/roles`, { roleIds: [1] }],
    ];
    for (const [method, path, body] of attempts) {
      expect(await call(method, path, body), `${method} ${path} ${JSON.stringify(body)}`).toMatchObject({
        status: 400,
        body: { code: 'guard.invalid_input' },
      });
    }
    expect(await total(`/api/resources/${resource.id}/scopes`)).toBe('1');
    expect((await api.GET('/api/roles/{id}', { params: { path: { id: role!.id } } })).data!.type).toBe('MachineToMachine');
    expect((await call('GET', `/api/applications/${app.id}/roles`)).body).toEqual([]);
  });

  it('refuses bad pagination and filters on every list', async () => {
    const { resource } = await createResource();
    const { data: role } = await api.POST('/api/roles', { body: { name: unique('p'), description: 'p' } });
    const app = await createM2mApp();
    const lists = [
      '/api/roles',
      '/api/resources',
      `/api/resources/${resource.id}/scopes`,
      `/api/roles/${role!.id}/scopes`,
      `/api/roles/${role!.id}/users`,
      `/api/roles/${role!.id}/applications`,
      `/api/applications/${app.id}/roles`,
    ];
    for (const path of lists) {
      for (const query of ['page_size=101', 'page_size=0', 'page=0', 'page=abc']) {
        expect(await call('GET', `${path}?${query}`), `${path}?${query}`).toMatchObject({
          status: 400,
          body: { code: 'guard.invalid_pagination' },
        });
      }
    }
    expect(await call('GET', '/api/roles?type=Admin')).toMatchObject({ status: 400, body: { code: 'guard.invalid_input' } });
  });

  it('lets no body choose an id or a tenant', async () => {
    const { db } = stack.database;
    for (const [path, body] of [
      ['/api/roles', { name: unique('m'), description: 'm' }],
      ['/api/resources', { name: 'm', indicator: `https://${unique('m')}.example.com` }],
    ] as const) {
      for (const field of [{ id: 'chosen-id' }, { tenantId: adminTenantId }]) {
        expect((await call('POST', path, { ...body, ...field })).status, `${path} ${JSON.stringify(field)}`).toBe(400);
      }
    }
    expect(await db.select().from(roles).where(eq(roles.id, 'chosen-id'))).toEqual([]);
    expect(await db.select().from(resources).where(eq(resources.id, 'chosen-id'))).toEqual([]);

    const { data: role } = await api.POST('/api/roles', { body: { name: unique('fixed'), description: 'fixed' } });
    const { resource, scopes: resourceScopes } = await createResource(['s']);
    expect((await call('PATCH', `/api/roles/${role!.id}`, { tenantId: adminTenantId, id: 'other' })).status).toBe(400);
    expect((await call('PATCH', `/api/resources/${resource.id}`, { tenantId: adminTenantId })).status).toBe(400);
    expect(
      (await call('PATCH', `/api/resources/${resource.id}/scopes/${resourceScopes.s!}`, { id: 'other', tenantId: adminTenantId })).status,
    ).toBe(400);
    const [roleRow] = await db.select().from(roles).where(eq(roles.id, role!.id));
    const [scopeRow] = await db.select().from(scopes).where(eq(scopes.id, resourceScopes.s!));
    expect(roleRow?.tenantId).toBe(defaultTenantId);
    expect(scopeRow).toMatchObject({ tenantId: defaultTenantId, resourceId: resource.id });
  });

  it('treats SQL and LIKE characters in a search term as data', async () => {
    const { data: role } = await api.POST('/api/roles', {
      body: { name: `O'Brien 100%_role ${generateId().slice(0, 4)}`, description: 'quoted' },
    });
    const search = (term: string, path = '/api/roles') => call('GET', `${path}?page_size=100&search=${encodeURIComponent(term)}`);
    expect(ids((await search("'Brien 100%_")).body)).toEqual([role!.id]);
    expect(await search("%' or 1=1 --")).toMatchObject({ status: 200, body: [] });
    expect(ids((await search('%')).body)).toEqual([role!.id]);
    expect(ids((await search('_')).body)).toEqual([role!.id]);

    const { resource } = await createResource();
    const { data: scope } = await api.POST('/api/resources/{resourceId}/scopes', {
      params: { path: { resourceId: resource.id } },
      body: { name: 'read:50%_off' },
    });
    await api.POST('/api/resources/{resourceId}/scopes', { params: { path: { resourceId: resource.id } }, body: { name: 'read:500' } });
    expect(ids((await search('50%', `/api/resources/${resource.id}/scopes`)).body)).toEqual([scope!.id]);
    expect(await search("'; drop table scopes; --", `/api/resources/${resource.id}/scopes`)).toMatchObject({ status: 200, body: [] });
  });
});

describe('tenant isolation', () => {
  it("never shows or touches another tenant's roles, resources and scopes", async () => {
    const { db } = stack.database;
    const { resource, scopes: foreignScopes } = await insertResource(db, adminTenantId, 'https://admin-only.example.com', ['secret']);
    const foreignRole = await insertRole(db, adminTenantId, {
      type: 'MachineToMachine',
      scopeIds: [foreignScopes.secret!],
      name: 'admin-only role',
    });
    const foreignApp = await insertApplication(db, adminTenantId, { type: 'MachineToMachine', name: 'admin-only app' });
    const foreignUser = await insertUser(db, adminTenantId);

    for (const [method, path, body] of [
      ['GET', `/api/roles/${foreignRole.id}`, undefined],
      ['PATCH', `/api/roles/${foreignRole.id}`, { name: 'taken over' }],
      ['DELETE', `/api/roles/${foreignRole.id}`, undefined],
      ['GET', `/api/roles/${foreignRole.id}/scopes`, undefined],
      ['DELETE', `/api/roles/${foreignRole.id}/scopes/${foreignScopes.secret!}`, undefined],
      ['GET', `/api/roles/${foreignRole.id}/applications`, undefined],
      ['GET', `/api/resources/${resource.id}`, undefined],
      ['PATCH', `/api/resources/${resource.id}`, { name: 'taken over' }],
      ['PATCH', `/api/resources/${resource.id}/is-default`, { isDefault: true }],
      ['DELETE', `/api/resources/${resource.id}`, undefined],
      ['GET', `/api/resources/${resource.id}/scopes`, undefined],
      ['POST', `/api/resources/${resource.id}/scopes`, { name: 'planted' }],
      ['PATCH', `/api/resources/${resource.id}/scopes/${foreignScopes.secret!}`, { name: 'renamed' }],
      ['DELETE', `/api/resources/${resource.id}/scopes/${foreignScopes.secret!}`, undefined],
      ['GET', `/api/applications/${foreignApp.id}/roles`, undefined],
      ['POST', `/api/applications/${foreignApp.id}/roles`, { roleIds: [] }],
    ] as const) {
      expect((await call(method, path, body)).status, `${method} ${path}`).toBe(404);
    }

    // Our own rows cannot be linked to theirs either.
    const app = await createM2mApp();
    const { data: role } = await api.POST('/api/roles', { body: { name: unique('own'), description: 'own', type: 'MachineToMachine' } });
    const { data: userRole } = await api.POST('/api/roles', { body: { name: unique('own-users'), description: 'own' } });
    expect((await call('POST', `/api/roles/${role!.id}/scopes`, { scopeIds: [foreignScopes.secret!] })).status).toBe(404);
    expect((await call('POST', `/api/roles/${role!.id}/applications`, { applicationIds: [foreignApp.id] })).status).toBe(404);
    expect((await call('POST', `/api/roles/${userRole!.id}/users`, { userIds: [foreignUser.id] })).status).toBe(404);
    expect((await call('POST', `/api/applications/${app.id}/roles`, { roleIds: [foreignRole.id] })).status).toBe(404);
    expect((await call('POST', '/api/roles', { name: unique('x'), description: 'x', scopeIds: [foreignScopes.secret!] })).status).toBe(404);

    for (const path of ['/api/roles?page_size=100', '/api/resources?page_size=100&includeScopes=true', '/api/roles?search=admin-only']) {
      const listed = JSON.stringify((await call('GET', path)).body);
      expect(listed, path).not.toContain(foreignRole.id);
      expect(listed, path).not.toContain(resource.id);
      expect(listed, path).not.toContain('admin-only');
    }

    const [roleRow] = await db.select().from(roles).where(eq(roles.id, foreignRole.id));
    const [resourceRow] = await db.select().from(resources).where(eq(resources.id, resource.id));
    expect(roleRow).toMatchObject({ tenantId: adminTenantId, name: 'admin-only role' });
    expect(resourceRow).toMatchObject({ tenantId: adminTenantId, name: 'https://admin-only.example.com', isDefault: false });
    expect(await db.select().from(scopes).where(eq(scopes.resourceId, resource.id))).toHaveLength(1);
  });
});
