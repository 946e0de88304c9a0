// Organizations' machine-to-machine members (apps with their organization roles, and the
// organizations of an app) and just-in-time provisioning settings, over real HTTP and PostgreSQL.
import { defaultTenantId, generateId } from '@idp/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, createManagementClient, insertApplication, managementToken, startTestStack, type TestStack } from './test-stack.ts';

let stack: TestStack;
let token: string;
const call = (method: string, path: string, body?: unknown) => callApi(stack.userUrl, token, method, path, body);
const unique = (prefix: string) => `${prefix}-${generateId().slice(0, 8)}`;
const ids = (body: unknown) => (body as Array<{ id: string }>).map(({ id }) => id);

beforeAll(async () => {
  stack = await startTestStack();
  token = await managementToken(stack.userUrl, (await createManagementClient(stack)).app);
});
afterAll(async () => stack?.stop());

async function createOrganization() {
  const response = await call('POST', '/api/organizations', { name: unique('org') });
  expect(response.status).toBe(201);
  return response.body as { id: string; name: string };
}

async function createRole(body: Record<string, unknown> = {}) {
  const response = await call('POST', '/api/organization-roles', { name: unique('role'), ...body });
  expect(response.status).toBe(201);
  return response.body as { id: string; name: string; type: string };
}

describe('machine-to-machine apps as members', () => {
  it('adds M2M apps with M2M roles, and lists the organizations of an app', async () => {
    const organization = await createOrganization();
    const app = await insertApplication(stack.database.db, defaultTenantId, { type: 'MachineToMachine' });
    const spa = await insertApplication(stack.database.db, defaultTenantId, { type: 'SPA' });
    const role = await createRole({ type: 'MachineToMachine' });
    const userRole = await createRole();
    const base = `/api/organizations/${organization.id}/applications`;

    const notM2m = await call('POST', base, { applicationIds: [spa.id] });
    expect(notM2m.status).toBe(422);
    expect(notM2m.body).toMatchObject({ code: 'entity.db_constraint_violated' });
    expect((await call('POST', base, { applicationIds: ['nope'] })).body).toMatchObject({ code: 'entity.relation_foreign_key_not_found' });

    expect((await call('POST', base, { applicationIds: [app.id] })).status).toBe(201);
    expect((await call('POST', `${base}/${app.id}/roles`, { organizationRoleIds: [role.id] })).status).toBe(201);
    expect((await call('POST', `${base}/${app.id}/roles`, { organizationRoleIds: [userRole.id] })).status).toBe(422);
    expect(ids((await call('GET', `${base}/${app.id}/roles`)).body)).toEqual([role.id]);

    const listed = await call('GET', base);
    expect(listed.headers.get('total-number')).toBe('1');
    expect(listed.body).toEqual([
      expect.objectContaining({ id: app.id, type: 'MachineToMachine', organizationRoles: [{ id: role.id, name: role.name }] }),
    ]);

    const orgs = await call('GET', `/api/applications/${app.id}/organizations`);
    expect(orgs.body).toEqual([expect.objectContaining({ id: organization.id, organizationRoles: [{ id: role.id, name: role.name }] })]);

    expect((await call('PUT', `${base}/${app.id}/roles`, { organizationRoleIds: [] })).status).toBe(204);
    expect((await call('POST', `${base}/roles`, { applicationIds: [app.id], organizationRoleIds: [role.id] })).status).toBe(201);
    expect((await call('DELETE', `${base}/${app.id}/roles/${role.id}`)).status).toBe(204);
    expect((await call('DELETE', `${base}/${app.id}`)).status).toBe(204);
    expect((await call('DELETE', `${base}/${app.id}`)).status).toBe(404);
    expect((await call('GET', `${base}/${app.id}/roles`)).body).toMatchObject({ code: 'organization.require_membership' });
    expect((await call('PUT', base, { applicationIds: [app.id] })).status).toBe(204);
    expect((await call('GET', `/api/applications/${app.id}/organizations`)).body).toEqual([
      expect.objectContaining({ id: organization.id, organizationRoles: [] }),
    ]);
    expect((await call('GET', '/api/applications/nope/organizations')).status).toBe(404);
  });
});

describe('just-in-time provisioning settings', () => {
  it('manages email domains and default roles', async () => {
    const organization = await createOrganization();
    const base = `/api/organizations/${organization.id}/jit`;
    const added = await call('POST', `${base}/email-domains`, { emailDomain: 'Acme.example' });
    expect(added.status).toBe(201);
    expect(added.body).toEqual({ tenantId: defaultTenantId, organizationId: organization.id, emailDomain: 'acme.example' });
    const duplicate = await call('POST', `${base}/email-domains`, { emailDomain: 'acme.example' });
    expect(duplicate.status).toBe(422);
    expect(duplicate.body).toMatchObject({ code: 'entity.unique_integrity_violation' });
    expect((await call('POST', `${base}/email-domains`, { emailDomain: '' })).status).toBe(400);
    expect((await call('POST', '/api/organizations/nope/jit/email-domains', { emailDomain: 'x.example' })).status).toBe(422);

    expect((await call('PUT', `${base}/email-domains`, { emailDomains: ['b.example', 'c.example'] })).status).toBe(204);
    const domains = await call('GET', `${base}/email-domains`);
    expect(domains.headers.get('total-number')).toBe('2');
    expect((domains.body as Array<{ emailDomain: string }>).map(({ emailDomain }) => emailDomain)).toEqual(['b.example', 'c.example']);
    expect((await call('DELETE', `${base}/email-domains/b.example`)).status).toBe(204);
    expect((await call('DELETE', `${base}/email-domains/b.example`)).status).toBe(404);

    const role = await createRole();
    expect((await call('POST', `${base}/roles`, { organizationRoleIds: [role.id] })).status).toBe(201);
    const roles = await call('GET', `${base}/roles`);
    expect(roles.headers.get('total-number')).toBeNull();
    expect(ids(roles.body)).toEqual([role.id]);
    expect((await call('GET', `${base}/roles?page=1`)).headers.get('total-number')).toBe('1');
    expect((await call('POST', `${base}/roles`, { organizationRoleIds: ['nope'] })).status).toBe(422);
    expect((await call('PUT', `${base}/roles`, { organizationRoleIds: [] })).status).toBe(204);
    expect((await call('DELETE', `${base}/roles/${role.id}`)).status).toBe(404);

    // Deleting the organization deletes its JIT settings.
    expect((await call('DELETE', `/api/organizations/${organization.id}`)).status).toBe(204);
    expect((await call('GET', `${base}/email-domains`)).status).toBe(404);
  });
});
