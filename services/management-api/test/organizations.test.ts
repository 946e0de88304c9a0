// Organizations through the Management API over real HTTP and PostgreSQL: the organizations, their
// template (organization roles and scopes), members and their roles, M2M apps as members, JIT
// settings, the organizations of a user or an app, Logto's status and error codes, and tenants.
import { adminTenantId, defaultTenantId, generateId } from '@idp/db';
import { organizations } from '@idp/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callApi,
  createManagementClient,
  insertResource,
  insertUser,
  managementToken,
  startTestStack,
  type TestStack,
} from './test-stack.ts';

let stack: TestStack;
let token: string;
let api: Awaited<ReturnType<typeof createManagementClient>>['apiClient'];
const call = (method: string, path: string, body?: unknown) => callApi(stack.userUrl, token, method, path, body);
const unique = (prefix: string) => `${prefix}-${generateId().slice(0, 8)}`;
const ids = (body: unknown) => (body as Array<{ id: string }>).map(({ id }) => id);

beforeAll(async () => {
  stack = await startTestStack();
  const management = await createManagementClient(stack);
  api = management.apiClient;
  token = await managementToken(stack.userUrl, management.app);
});
afterAll(async () => stack?.stop());

async function createOrganization(body: Record<string, unknown> = {}) {
  const response = await call('POST', '/api/organizations', { name: unique('org'), ...body });
  expect(response.status).toBe(201);
  return response.body as { id: string; name: string };
}

async function createRole(body: Record<string, unknown> = {}) {
  const response = await call('POST', '/api/organization-roles', { name: unique('role'), ...body });
  expect(response.status).toBe(201);
  return response.body as { id: string; name: string; type: string };
}

async function createScope(name = unique('scope')) {
  const response = await call('POST', '/api/organization-scopes', { name });
  expect(response.status).toBe(201);
  return response.body as { id: string; name: string };
}

const newUser = () => insertUser(stack.database.db, defaultTenantId);

describe('organizations', () => {
  it('creates, reads, updates and deletes an organization', async () => {
    const created = await call('POST', '/api/organizations', {
      name: 'Acme',
      description: 'Our first customer',
      customData: { plan: 'pro' },
      isMfaRequired: true,
      branding: { logoUrl: 'https://acme.example/logo.png' },
      color: { primaryColor: '#112233' },
    });
    expect(created.status).toBe(201);
    const organization = created.body as Record<string, unknown> & { id: string };
    expect(organization).toEqual({
      tenantId: defaultTenantId,
      id: expect.stringMatching(/^[0-9a-z]{12}$/),
      name: 'Acme',
      description: 'Our first customer',
      customData: { plan: 'pro' },
      isMfaRequired: true,
      branding: { logoUrl: 'https://acme.example/logo.png' },
      color: { primaryColor: '#112233' },
      createdAt: expect.any(Number),
    });

    expect((await call('GET', `/api/organizations/${organization.id}`)).body).toEqual(organization);

    const updated = await call('PATCH', `/api/organizations/${organization.id}`, {
      name: 'Acme Inc.',
      description: null,
      isMfaRequired: false,
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ name: 'Acme Inc.', description: null, isMfaRequired: false, customData: { plan: 'pro' } });

    expect((await call('DELETE', `/api/organizations/${organization.id}`)).status).toBe(204);
    const gone = await call('GET', `/api/organizations/${organization.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ code: 'entity.not_exists_with_id', data: { id: organization.id } });
    expect((await call('DELETE', `/api/organizations/${organization.id}`)).status).toBe(404);
    expect((await call('PATCH', `/api/organizations/${organization.id}`, { name: 'x' })).status).toBe(404);
  });

  it('lists organizations newest first with pagination headers and `q`', async () => {
    const marker = unique('list');
    const first = await createOrganization({ name: `${marker} one` });
    const second = await createOrganization({ name: `${marker} two` });
    await createOrganization({ name: unique('other') });

    const page = await call('GET', `/api/organizations?q=${marker}&page=1&page_size=1`);
    expect(page.status).toBe(200);
    expect(page.headers.get('total-number')).toBe('2');
    expect(ids(page.body)).toEqual([second.id]);
    expect(page.headers.get('link')).toContain('rel="next"');
    const next = await call('GET', `/api/organizations?q=${marker.toUpperCase()}&page=2&page_size=1`);
    expect(ids(next.body)).toEqual([first.id]);
    expect((await call('GET', `/api/organizations?q=${first.id}`)).body).toEqual([expect.objectContaining({ id: first.id })]);
    expect((await call('GET', '/api/organizations?page_size=101')).body).toMatchObject({ code: 'guard.invalid_pagination' });
  });

  it('shows featured members with `showFeatured`', async () => {
    const organization = await createOrganization();
    const users = await Promise.all([newUser(), newUser(), newUser(), newUser()]);
    expect((await call('POST', `/api/organizations/${organization.id}/users`, { userIds: users.map(({ id }) => id) })).status).toBe(201);
    const { body } = await call('GET', `/api/organizations?q=${organization.name}&showFeatured=true`);
    const [listed] = body as Array<{ usersCount: number; featuredUsers: Array<{ id: string }> }>;
    expect(listed!.usersCount).toBe(4);
    expect(listed!.featuredUsers).toHaveLength(3);
    const plain = await call('GET', `/api/organizations?q=${organization.name}`);
    expect((plain.body as Array<Record<string, unknown>>)[0]).not.toHaveProperty('usersCount');
  });

  it.each([
    ['no name', {}],
    ['an empty name', { name: '' }],
    ['a name too long', { name: 'x'.repeat(129) }],
    ['a number for a name', { name: 123 }],
    ['an unknown field', { name: 'x', plan: 'pro' }],
    ['customData that is not an object', { name: 'x', customData: [] }],
    ['a bad color', { name: 'x', color: { primaryColor: 'red' } }],
    ['a string for isMfaRequired', { name: 'x', isMfaRequired: 'yes' }],
  ])('refuses to create an organization with %s (400 guard.invalid_input)', async (_case, body) => {
    const response = await call('POST', '/api/organizations', body);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'guard.invalid_input' });
  });

  it('needs a Management API token', async () => {
    expect((await callApi(stack.userUrl, undefined, 'GET', '/api/organizations')).status).toBe(401);
  });
});

describe('organization scopes and roles (the template)', () => {
  it('manages organization scopes; names are unique', async () => {
    const name = unique('read:thing');
    const scope = await createScope(name);
    expect(scope).toEqual({ tenantId: defaultTenantId, id: expect.any(String), name, description: null });
    const duplicate = await call('POST', '/api/organization-scopes', { name });
    expect(duplicate.status).toBe(422);
    expect(duplicate.body).toMatchObject({ code: 'entity.unique_integrity_violation' });

    const updated = await call('PATCH', `/api/organization-scopes/${scope.id}`, { description: 'Read things' });
    expect(updated.body).toMatchObject({ name, description: 'Read things' });
    const listed = await call('GET', `/api/organization-scopes?q=${name}`);
    expect(listed.headers.get('total-number')).toBe('1');
    expect(ids(listed.body)).toEqual([scope.id]);
    expect((await call('DELETE', `/api/organization-scopes/${scope.id}`)).status).toBe(204);
    expect((await call('GET', `/api/organization-scopes/${scope.id}`)).body).toMatchObject({ code: 'entity.not_exists_with_id' });
    expect((await call('POST', '/api/organization-scopes', { name: 42 })).status).toBe(400);
  });

  it('creates a role with organization scopes and resource scopes, and lists them with it', async () => {
    const [read, write] = [await createScope(), await createScope()];
    const resource = await insertResource(stack.database.db, defaultTenantId, `https://${unique('api')}.example.com`, ['orders:read']);
    const resourceScope = { id: resource.scopes['orders:read']! };
    const role = await createRole({
      description: 'Admins',
      organizationScopeIds: [read.id, write.id],
      resourceScopeIds: [resourceScope.id],
    });
    expect(role).toEqual({ tenantId: defaultTenantId, id: expect.any(String), name: role.name, description: 'Admins', type: 'User' });

    const listed = await call('GET', `/api/organization-roles?q=${role.name}`);
    expect(listed.body).toEqual([
      {
        ...role,
        scopes: expect.arrayContaining([
          { id: read.id, name: read.name },
          { id: write.id, name: write.name },
        ]),
        resourceScopes: [
          { id: resourceScope.id, name: 'orders:read', resource: { id: resource.resource.id, name: resource.resource.name } },
        ],
      },
    ]);

    const scopes = await call('GET', `/api/organization-roles/${role.id}/scopes`);
    expect(scopes.headers.get('total-number')).toBe('2');
    const resourceScopes = await call('GET', `/api/organization-roles/${role.id}/resource-scopes`);
    expect(resourceScopes.body).toEqual([
      expect.objectContaining({ id: resourceScope.id, resourceId: resource.resource.id, name: 'orders:read' }),
    ]);

    expect((await call('DELETE', `/api/organization-roles/${role.id}/scopes/${read.id}`)).status).toBe(204);
    expect((await call('DELETE', `/api/organization-roles/${role.id}/scopes/${read.id}`)).status).toBe(404);
    expect((await call('POST', `/api/organization-roles/${role.id}/scopes`, { organizationScopeIds: [read.id, write.id] })).status).toBe(
      201,
    );
    expect((await call('PUT', `/api/organization-roles/${role.id}/scopes`, { organizationScopeIds: [write.id] })).status).toBe(204);
    expect(ids((await call('GET', `/api/organization-roles/${role.id}/scopes`)).body)).toEqual([write.id]);
    expect((await call('PUT', `/api/organization-roles/${role.id}/resource-scopes`, { scopeIds: [] })).status).toBe(204);
    expect((await call('GET', `/api/organization-roles/${role.id}/resource-scopes`)).body).toEqual([]);
    expect((await call('POST', `/api/organization-roles/${role.id}/resource-scopes`, { scopeIds: [resourceScope.id] })).status).toBe(201);
    expect((await call('DELETE', `/api/organization-roles/${role.id}/resource-scopes/${resourceScope.id}`)).status).toBe(204);

    // Deleting a scope takes it off every role.
    expect((await call('DELETE', `/api/organization-scopes/${write.id}`)).status).toBe(204);
    expect((await call('GET', `/api/organization-roles/${role.id}/scopes`)).body).toEqual([]);
  });

  it('answers Logto codes for missing and duplicate roles and scopes', async () => {
    const role = await createRole();
    const duplicate = await call('POST', '/api/organization-roles', { name: role.name });
    expect(duplicate.status).toBe(422);
    expect(duplicate.body).toMatchObject({ code: 'entity.unique_integrity_violation' });
    const renamed = await call('PATCH', `/api/organization-roles/${(await createRole()).id}`, { name: role.name });
    expect(renamed.body).toMatchObject({ code: 'entity.unique_integrity_violation' });

    const missingScope = await call('POST', '/api/organization-roles', { name: unique('role'), organizationScopeIds: ['nope'] });
    expect(missingScope.status).toBe(422);
    expect(missingScope.body).toMatchObject({ code: 'entity.relation_foreign_key_not_found' });
    const missingResourceScope = await call('POST', `/api/organization-roles/${role.id}/resource-scopes`, { scopeIds: ['nope'] });
    expect(missingResourceScope.body).toMatchObject({ code: 'entity.relation_foreign_key_not_found' });

    expect((await call('GET', '/api/organization-roles/nope')).body).toMatchObject({ code: 'entity.not_exists_with_id' });
    expect((await call('GET', '/api/organization-roles/nope/scopes')).status).toBe(404);
    expect((await call('POST', '/api/organization-roles/nope/scopes', { organizationScopeIds: [(await createScope()).id] })).status).toBe(
      404,
    );
    expect((await call('POST', `/api/organization-roles/${role.id}/scopes`, { organizationScopeIds: [] })).status).toBe(400);
    expect((await call('POST', '/api/organization-roles', { name: unique('role'), type: 'Admin' })).status).toBe(400);
    expect((await call('DELETE', `/api/organization-roles/${role.id}`)).status).toBe(204);
    expect((await call('DELETE', `/api/organization-roles/${role.id}`)).status).toBe(404);
  });
});

describe('members and their organization roles', () => {
  it('adds, lists, searches, replaces and removes members', async () => {
    const organization = await createOrganization();
    const [alice, bob, carol] = [
      await insertUser(stack.database.db, defaultTenantId, { name: 'Alice Liddell' }),
      await newUser(),
      await newUser(),
    ];
    const base = `/api/organizations/${organization.id}/users`;
    expect((await call('POST', base, { userIds: [alice.id, bob.id] })).status).toBe(201);
    // Adding a member again is no error.
    expect((await call('POST', base, { userIds: [alice.id] })).status).toBe(201);

    const listed = await call('GET', `${base}?page_size=1`);
    expect(listed.headers.get('total-number')).toBe('2');
    expect((listed.body as unknown[]).length).toBe(1);
    const searched = await call('GET', `${base}?q=liddell`);
    expect(searched.body).toEqual([expect.objectContaining({ id: alice.id, name: 'Alice Liddell', organizationRoles: [] })]);
    expect(searched.body as Array<Record<string, unknown>>).not.toContainEqual(
      expect.objectContaining({ passwordEncrypted: expect.anything() }),
    );

    expect((await call('PUT', base, { userIds: [bob.id, carol.id] })).status).toBe(204);
    expect(ids((await call('GET', base)).body).sort()).toEqual([bob.id, carol.id].sort());

    expect((await call('DELETE', `${base}/${bob.id}`)).status).toBe(204);
    const again = await call('DELETE', `${base}/${bob.id}`);
    expect(again.status).toBe(404);
    expect(again.body).toMatchObject({ code: 'entity.not_found' });

    expect((await call('PUT', base, { userIds: [] })).status).toBe(204);
    expect((await call('GET', base)).body).toEqual([]);
  });

  it('refuses members that do not exist (422) and bodies of the wrong shape (400)', async () => {
    const organization = await createOrganization();
    const base = `/api/organizations/${organization.id}/users`;
    const missing = await call('POST', base, { userIds: ['nope'] });
    expect(missing.status).toBe(422);
    expect(missing.body).toMatchObject({ code: 'entity.relation_foreign_key_not_found' });
    expect((await call('POST', '/api/organizations/nope/users', { userIds: [(await newUser()).id] })).status).toBe(422);
    expect((await call('GET', '/api/organizations/nope/users')).status).toBe(404);
    for (const body of [{}, { userIds: [] }, { userIds: 'x' }, { userIds: [1] }, { userIds: ['x'], extra: true }]) {
      const response = await call('POST', base, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body).toMatchObject({ code: 'guard.invalid_input' });
    }
  });

  it('gives members organization roles, one by one and in bulk, and their scopes', async () => {
    const organization = await createOrganization();
    const scope = await createScope();
    const [admin, viewer] = [await createRole({ organizationScopeIds: [scope.id] }), await createRole()];
    const m2mRole = await createRole({ type: 'MachineToMachine' });
    const [user, other] = [await newUser(), await newUser()];
    const base = `/api/organizations/${organization.id}`;
    const roles = `${base}/users/${user.id}/roles`;

    // Roles need membership first.
    const notMember = await call('POST', roles, { organizationRoleIds: [admin.id] });
    expect(notMember.status).toBe(422);
    expect(notMember.body).toMatchObject({ code: 'organization.require_membership' });
    expect((await call('GET', roles)).body).toMatchObject({ code: 'organization.require_membership' });

    await call('POST', `${base}/users`, { userIds: [user.id, other.id] });
    expect((await call('POST', roles, { organizationRoleIds: [admin.id] })).status).toBe(201);
    expect((await call('POST', roles, { organizationRoleIds: [admin.id] })).status).toBe(201);
    const held = await call('GET', roles);
    expect(held.headers.get('total-number')).toBe('1');
    expect(held.body).toEqual([{ tenantId: defaultTenantId, id: admin.id, name: admin.name, description: null, type: 'User' }]);
    expect((await call('GET', `${base}/users/${user.id}/scopes`)).body).toEqual([
      { tenantId: defaultTenantId, id: scope.id, name: scope.name, description: null },
    ]);

    const wrongType = await call('POST', roles, { organizationRoleIds: [m2mRole.id] });
    expect(wrongType.status).toBe(422);
    expect(wrongType.body).toMatchObject({ code: 'entity.db_constraint_violated' });
    expect((await call('POST', roles, { organizationRoleIds: ['nope'] })).body).toMatchObject({
      code: 'entity.relation_foreign_key_not_found',
    });

    expect((await call('PUT', roles, { organizationRoleIds: [viewer.id] })).status).toBe(204);
    expect(ids((await call('GET', roles)).body)).toEqual([viewer.id]);
    expect((await call('DELETE', `${roles}/${viewer.id}`)).status).toBe(204);
    expect((await call('DELETE', `${roles}/${viewer.id}`)).status).toBe(404);

    // Roles may be named instead of given by id.
    expect((await call('POST', roles, { organizationRoleNames: [viewer.name] })).status).toBe(201);
    expect((await call('PUT', roles, { organizationRoleIds: [admin.id], organizationRoleNames: [viewer.name] })).status).toBe(204);
    expect(ids((await call('GET', roles)).body).sort()).toEqual([admin.id, viewer.id].sort());
    const unknownName = await call('POST', roles, { organizationRoleNames: ['no such role'] });
    expect(unknownName.status).toBe(422);
    expect(unknownName.body).toMatchObject({ code: 'entity.relation_foreign_key_not_found' });
    expect((await call('PUT', roles, {})).status).toBe(204);

    expect(
      (await call('POST', `${base}/users/roles`, { userIds: [user.id, other.id], organizationRoleIds: [admin.id, viewer.id] })).status,
    ).toBe(201);
    const members = await call('GET', `${base}/users`);
    for (const member of members.body as Array<{ organizationRoles: Array<{ id: string }> }>) {
      expect(ids(member.organizationRoles).sort()).toEqual([admin.id, viewer.id].sort());
    }
    const outsider = await newUser();
    expect((await call('POST', `${base}/users/roles`, { userIds: [outsider.id], organizationRoleIds: [admin.id] })).status).toBe(422);

    // Leaving the organization takes the roles with it.
    await call('DELETE', `${base}/users/${user.id}`);
    await call('POST', `${base}/users`, { userIds: [user.id] });
    expect((await call('GET', roles)).body).toEqual([]);
  });

  it('lists the organizations of a user with their roles there', async () => {
    const [first, second] = [await createOrganization(), await createOrganization()];
    const role = await createRole();
    const user = await newUser();
    await call('POST', `/api/organizations/${first.id}/users`, { userIds: [user.id] });
    await call('POST', `/api/organizations/${second.id}/users`, { userIds: [user.id] });
    await call('POST', `/api/organizations/${first.id}/users/${user.id}/roles`, { organizationRoleIds: [role.id] });

    const all = await call('GET', `/api/users/${user.id}/organizations`);
    expect(all.status).toBe(200);
    expect(all.headers.get('total-number')).toBeNull();
    const byId = Object.fromEntries(
      (all.body as Array<{ id: string; organizationRoles: unknown }>).map((row) => [row.id, row.organizationRoles]),
    );
    expect(byId).toEqual({ [first.id]: [{ id: role.id, name: role.name }], [second.id]: [] });
    const paged = await call('GET', `/api/users/${user.id}/organizations?page_size=1`);
    expect(paged.headers.get('total-number')).toBe('2');
    expect((paged.body as unknown[]).length).toBe(1);
    expect((await call('GET', '/api/users/nope/organizations')).status).toBe(404);
  });
});

describe('tenant isolation', () => {
  it("never shows or links another tenant's organizations and users", async () => {
    const { db } = stack.database;
    const foreignId = generateId().slice(0, 12);
    await db.insert(organizations).values({ tenantId: adminTenantId, id: foreignId, name: 'Admin tenant org' });
    const foreignUser = await insertUser(db, adminTenantId);

    const read = await call('GET', `/api/organizations/${foreignId}`);
    expect(read.status).toBe(404);
    expect(read.body).toMatchObject({ code: 'entity.not_exists_with_id' });
    expect((await call('PATCH', `/api/organizations/${foreignId}`, { name: 'mine' })).status).toBe(404);
    expect((await call('DELETE', `/api/organizations/${foreignId}`)).status).toBe(404);
    expect((await call('GET', `/api/organizations/${foreignId}/users`)).status).toBe(404);
    expect((await call('POST', `/api/organizations/${foreignId}/users`, { userIds: [(await newUser()).id] })).status).toBe(422);
    expect(ids((await call('GET', '/api/organizations?q=Admin tenant org')).body)).not.toContain(foreignId);

    const mine = await createOrganization();
    expect((await call('POST', `/api/organizations/${mine.id}/users`, { userIds: [foreignUser.id] })).status).toBe(422);
    expect((await call('GET', `/api/users/${foreignUser.id}/organizations`)).status).toBe(404);
  });
});

describe('through @logto/api', () => {
  it('builds an organization with a role, a scope and a member as Logto clients do', async () => {
    const { data: scope, response: scopeResponse } = await api.POST('/api/organization-scopes', {
      body: { name: unique('invite:member') },
    });
    expect(scopeResponse.status).toBe(201);
    const { data: role } = await api.POST('/api/organization-roles', {
      body: { name: unique('admin'), organizationScopeIds: [scope!.id], resourceScopeIds: [] },
    });
    const { data: organization, response } = await api.POST('/api/organizations', { body: { name: unique('Acme') } });
    expect(response.status).toBe(201);
    const user = await newUser();

    const added = await api.POST('/api/organizations/{id}/users', {
      params: { path: { id: organization!.id } },
      body: { userIds: [user.id] },
    });
    expect(added.response.status).toBe(201);
    const assigned = await api.POST('/api/organizations/{id}/users/{userId}/roles', {
      params: { path: { id: organization!.id, userId: user.id } },
      body: { organizationRoleIds: [role!.id] },
    });
    expect(assigned.response.status).toBe(201);

    const { data: members } = await api.GET('/api/organizations/{id}/users', { params: { path: { id: organization!.id } } });
    expect(members).toEqual([expect.objectContaining({ id: user.id, organizationRoles: [{ id: role!.id, name: role!.name }] })]);
    const { data: scopes } = await api.GET('/api/organizations/{id}/users/{userId}/scopes', {
      params: { path: { id: organization!.id, userId: user.id } },
    });
    expect(scopes?.map(({ name }) => name)).toEqual([scope!.name]);
    const { data: userOrganizations } = await api.GET('/api/users/{userId}/organizations', { params: { path: { userId: user.id } } });
    expect(userOrganizations?.map(({ id }) => id)).toEqual([organization!.id]);

    const missing = await api.GET('/api/organizations/{id}', { params: { path: { id: 'nope' } } });
    expect(missing.response.status).toBe(404);
    expect(missing.error).toMatchObject({ code: 'entity.not_exists_with_id' });
  });
});
