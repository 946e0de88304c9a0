// Organization invitations over real HTTP and PostgreSQL: creation (with the invitation email through
// the mock email connector), the list and its filters, status changes and acceptance, Logto's error
// codes for each refusal, and tenant isolation.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { adminTenantId, defaultTenantId, generateId } from '@idp/db';
import { connectors, organizationInvitations, organizations } from '@idp/schemas';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertUser, startManagementTest, type ManagementTest } from './test-stack.ts';

let t: ManagementTest;
let mockFolder: string;
const call = (method: string, path: string, body?: unknown) => t.call(method, path, body);
const unique = (prefix: string) => `${prefix}-${generateId().slice(0, 8)}`;
const inADay = () => Date.now() + 24 * 60 * 60 * 1000;
const base = '/api/organization-invitations';

type Invitation = {
  id: string;
  status: string;
  inviterId: string | null;
  invitee: string;
  organizationId: string;
  acceptedUserId: string | null;
  organizationRoles: Array<{ id: string; name: string }>;
};

beforeAll(async () => {
  t = await startManagementTest();
  mockFolder = await mkdtemp(path.join(tmpdir(), 'idp-invitations-'));
});
afterAll(async () => {
  await t?.stack.stop();
  if (mockFolder) await rm(mockFolder, { recursive: true, force: true });
});

async function useMockEmail(on: boolean) {
  const { db } = t.stack.database;
  await db.delete(connectors).where(eq(connectors.tenantId, defaultTenantId));
  if (on)
    await db.insert(connectors).values({
      tenantId: defaultTenantId,
      id: generateId(),
      connectorId: 'mock-email-service',
      config: {
        folder: mockFolder,
        // A template with Logto's `{{link}}` placeholder, to see the payload reach the connector.
        templates: [
          { usageType: 'OrganizationInvitation', type: 'text/plain', subject: 'Join {{organizationName}}', content: 'Open {{link}}' },
          { usageType: 'Generic', type: 'text/plain', subject: 'Code', content: '{{code}}' },
        ],
      },
    });
}

const lastMail = async () =>
  JSON.parse(await readFile(path.join(mockFolder, 'mock-email-service.json'), 'utf8')) as {
    address: string;
    type: string;
    code: string;
    payload: Record<string, unknown>;
    subject?: string;
    content?: string;
  };

async function createOrganization() {
  const response = await call('POST', '/api/organizations', { name: unique('org') });
  expect(response.status).toBe(201);
  return response.body as { id: string };
}

async function createRole(type = 'User') {
  const response = await call('POST', '/api/organization-roles', { name: unique('role'), type });
  expect(response.status).toBe(201);
  return response.body as { id: string; name: string };
}

const email = () => `${unique('invitee')}@example.com`;

async function invite(body: Record<string, unknown>) {
  const response = await call('POST', base, { expiresAt: inADay(), ...body });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as Invitation;
}

describe('creating and reading invitations', () => {
  it('creates an invitation with roles, reads it, lists and filters it, and deletes it', async () => {
    const organization = await createOrganization();
    const role = await createRole();
    const inviter = await insertUser(t.stack.database.db, defaultTenantId);
    const invitee = email();
    const expiresAt = inADay();
    const created = await invite({
      inviterId: inviter.id,
      invitee,
      organizationId: organization.id,
      expiresAt,
      organizationRoleIds: [role.id],
    });
    expect(created).toEqual({
      tenantId: defaultTenantId,
      id: expect.any(String),
      inviterId: inviter.id,
      invitee,
      acceptedUserId: null,
      organizationId: organization.id,
      status: 'Pending',
      createdAt: expect.any(Number),
      updatedAt: expect.any(Number),
      expiresAt,
      organizationRoles: [{ id: role.id, name: role.name }],
    });
    expect((await call('GET', `${base}/${created.id}`)).body).toEqual(created);

    const other = await invite({ invitee: email(), organizationId: organization.id });
    expect(other.inviterId).toBeNull();
    const byOrganization = await call('GET', `${base}?organizationId=${organization.id}`);
    expect((byOrganization.body as Invitation[]).map(({ id }) => id)).toEqual([other.id, created.id]);
    expect(byOrganization.headers.get('total-number')).toBeNull();
    expect((await call('GET', `${base}?invitee=${encodeURIComponent(invitee)}`)).body).toEqual([created]);
    expect((await call('GET', `${base}?inviterId=${inviter.id}`)).body).toEqual([created]);
    const paged = await call('GET', `${base}?organizationId=${organization.id}&page_size=1`);
    expect(paged.headers.get('total-number')).toBe('2');
    expect((paged.body as Invitation[]).map(({ id }) => id)).toEqual([other.id]);

    expect((await call('DELETE', `${base}/${created.id}`)).status).toBe(204);
    expect((await call('GET', `${base}/${created.id}`)).body).toMatchObject({ code: 'entity.not_exists_with_id' });
    expect((await call('DELETE', `${base}/${created.id}`)).status).toBe(404);
  });

  it("refuses what Logto refuses, with Logto's codes", async () => {
    const organization = await createOrganization();
    const m2mRole = await createRole('MachineToMachine');
    const body = { invitee: email(), organizationId: organization.id, expiresAt: inADay() };
    const refused = async (overrides: Record<string, unknown>, status: number, code: string) => {
      const response = await call('POST', base, { ...body, ...overrides });
      expect(response.status, JSON.stringify(overrides)).toBe(status);
      expect(response.body).toMatchObject({ code });
    };
    await refused({ organizationId: 'missing' }, 422, 'entity.relation_foreign_key_not_found');
    await refused({ organizationRoleIds: ['missing'] }, 422, 'entity.relation_foreign_key_not_found');
    await refused({ organizationRoleIds: [m2mRole.id] }, 422, 'entity.db_constraint_violated');
    await refused({ inviterId: 'missing' }, 422, 'entity.relation_foreign_key_not_found');
    await refused({ expiresAt: Date.now() - 1000 }, 400, 'request.invalid_input');
    await refused({ invitee: 'not-an-email' }, 400, 'guard.invalid_input');
    await refused({ expiresAt: 'tomorrow' }, 400, 'guard.invalid_input');
    await refused({ status: 'Accepted' }, 400, 'guard.invalid_input');
    await refused({ messagePayload: true }, 400, 'guard.invalid_input');
    const { organizationId: _, ...withoutOrganization } = body;
    expect((await call('POST', base, withoutOrganization)).status).toBe(400);

    // One pending invitation per invitee and organization.
    await invite(body);
    await refused({}, 422, 'entity.unique_integrity_violation');

    // Someone who is a member already (by primary email, any case) is not invited.
    const member = await insertUser(t.stack.database.db, defaultTenantId, { primaryEmail: email() });
    expect((await call('POST', `/api/organizations/${organization.id}/users`, { userIds: [member.id] })).status).toBe(201);
    await refused({ invitee: member.primaryEmail!.toUpperCase() }, 422, 'request.invalid_input');
    expect((await call('GET', `${base}/missing`)).status).toBe(404);
  });
});

describe('status changes', () => {
  it('accepting makes the invitee a member with the invitation roles, once', async () => {
    const organization = await createOrganization();
    const [admin, viewer] = [await createRole(), await createRole()];
    const invitee = email();
    const user = await insertUser(t.stack.database.db, defaultTenantId, { primaryEmail: invitee.toUpperCase() });
    const stranger = await insertUser(t.stack.database.db, defaultTenantId, { primaryEmail: email() });
    const invitation = await invite({ invitee, organizationId: organization.id, organizationRoleIds: [admin.id, viewer.id] });
    const status = (body: unknown) => call('PUT', `${base}/${invitation.id}/status`, body);

    expect(await status({ status: 'Accepted' })).toMatchObject({ status: 422, body: { code: 'request.invalid_input' } });
    expect(await status({ status: 'Accepted', acceptedUserId: stranger.id })).toMatchObject({
      status: 422,
      body: { code: 'request.invalid_input' },
    });
    expect(await status({ status: 'Accepted', acceptedUserId: 'missing' })).toMatchObject({
      status: 404,
      body: { code: 'entity.not_exists_with_id' },
    });
    expect((await status({ status: 'Pending' })).status).toBe(400);
    expect((await status({ status: 'Expired' })).status).toBe(400);

    const accepted = await status({ status: 'Accepted', acceptedUserId: user.id });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ id: invitation.id, status: 'Accepted', acceptedUserId: user.id });
    const roles = await call('GET', `/api/organizations/${organization.id}/users/${user.id}/roles`);
    expect((roles.body as Array<{ id: string }>).map(({ id }) => id).sort()).toEqual([admin.id, viewer.id].sort());

    // An ended invitation stays as it is.
    expect(await status({ status: 'Revoked' })).toMatchObject({ status: 422, body: { code: 'request.invalid_input' } });
    expect(await status({ status: 'Accepted', acceptedUserId: user.id })).toMatchObject({ status: 422 });
  });

  it('revokes a pending invitation, after which the invitee can be invited again', async () => {
    const organization = await createOrganization();
    const invitee = email();
    const invitation = await invite({ invitee, organizationId: organization.id });
    const revoked = await call('PUT', `${base}/${invitation.id}/status`, { status: 'Revoked' });
    expect(revoked).toMatchObject({ status: 200, body: { status: 'Revoked', acceptedUserId: null } });
    expect((await call('PUT', `${base}/${invitation.id}/status`, { status: 'Revoked' })).status).toBe(422);
    await invite({ invitee, organizationId: organization.id });
  });

  it('reads a pending invitation past its time as expired, which can no longer change, and invites again', async () => {
    const organization = await createOrganization();
    const invitee = email();
    const invitation = await invite({ invitee, organizationId: organization.id });
    await t.stack.database.db
      .update(organizationInvitations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(organizationInvitations.id, invitation.id));
    expect((await call('GET', `${base}/${invitation.id}`)).body).toMatchObject({ status: 'Expired' });
    expect((await call('PUT', `${base}/${invitation.id}/status`, { status: 'Revoked' })).status).toBe(422);
    const user = await insertUser(t.stack.database.db, defaultTenantId, { primaryEmail: invitee });
    expect((await call('PUT', `${base}/${invitation.id}/status`, { status: 'Accepted', acceptedUserId: user.id })).status).toBe(422);
    expect((await call('GET', `/api/organizations/${organization.id}/users`)).body).toEqual([]);

    const again = await invite({ invitee, organizationId: organization.id });
    expect(again.status).toBe('Pending');
    expect((await call('GET', `${base}/${invitation.id}`)).body).toMatchObject({ status: 'Expired' });
  });
});

describe('the invitation email', () => {
  it('is sent with the OrganizationInvitation template type, and again on request', async () => {
    const organization = await createOrganization();
    await useMockEmail(true);
    const invitee = email();
    const invitation = await invite({
      invitee,
      organizationId: organization.id,
      messagePayload: { code: '123456', link: 'https://app.example/join', organizationName: 'Acme' },
    });
    expect(await lastMail()).toMatchObject({
      address: invitee,
      type: 'OrganizationInvitation',
      code: '123456',
      payload: { code: '123456', link: 'https://app.example/join', organizationName: 'Acme' },
      subject: 'Join Acme',
      content: 'Open https://app.example/join',
    });

    const other = await invite({ invitee: email(), organizationId: organization.id });
    expect((await lastMail()).address).toBe(invitee); // no payload, no email
    expect((await call('POST', `${base}/${other.id}/message`, { code: '654321' })).status).toBe(204);
    expect(await lastMail()).toMatchObject({ address: other.invitee, type: 'OrganizationInvitation', code: '654321' });
    // Resending takes a new link too; a placeholder without a value stays as written.
    expect((await call('POST', `${base}/${other.id}/message`, { link: 'https://app.example/again' })).status).toBe(204);
    expect(await lastMail()).toMatchObject({ code: '', content: 'Open https://app.example/again', subject: 'Join {{organizationName}}' });
    expect((await call('POST', `${base}/missing/message`, {})).status).toBe(404);
    expect((await call('POST', `${base}/${invitation.id}/message`, { code: 1 })).status).toBe(400);
  });

  it('without an email connector answers 501 and keeps no invitation', async () => {
    const organization = await createOrganization();
    await useMockEmail(false);
    const invitee = email();
    const response = await call('POST', base, { invitee, organizationId: organization.id, expiresAt: inADay(), messagePayload: {} });
    expect(response).toMatchObject({ status: 501, body: { code: 'connector.not_found' } });
    expect((await call('GET', `${base}?invitee=${encodeURIComponent(invitee)}`)).body).toEqual([]);
    const kept = await invite({ invitee, organizationId: organization.id });
    expect((await call('POST', `${base}/${kept.id}/message`, {})).status).toBe(501);
  });
});

describe('tenant isolation', () => {
  it("never shows, changes or deletes another tenant's invitations", async () => {
    const { db } = t.stack.database;
    const organizationId = generateId().slice(0, 12);
    await db.insert(organizations).values({ tenantId: adminTenantId, id: organizationId, name: 'Admin tenant org' });
    const id = generateId();
    await db.insert(organizationInvitations).values({
      tenantId: adminTenantId,
      id,
      invitee: 'foreign@example.com',
      organizationId,
      status: 'Pending',
      expiresAt: new Date(inADay()),
    });
    expect((await call('GET', `${base}/${id}`)).status).toBe(404);
    expect((await call('PUT', `${base}/${id}/status`, { status: 'Revoked' })).status).toBe(404);
    expect((await call('POST', `${base}/${id}/message`, {})).status).toBe(404);
    expect((await call('DELETE', `${base}/${id}`)).status).toBe(404);
    expect((await call('GET', `${base}?organizationId=${organizationId}`)).body).toEqual([]);
    // Another tenant's organization cannot be invited to.
    expect((await call('POST', base, { invitee: email(), organizationId, expiresAt: inADay() })).status).toBe(422);
  });
});

describe('through @logto/api', () => {
  it('creates, reads and accepts an invitation as Logto clients do', async () => {
    const organization = await createOrganization();
    const invitee = email();
    const user = await insertUser(t.stack.database.db, defaultTenantId, { primaryEmail: invitee });
    const { data: created, response } = await t.api.POST('/api/organization-invitations', {
      body: { invitee, organizationId: organization.id, expiresAt: inADay(), messagePayload: false },
    });
    expect(response.status).toBe(201);
    const { data: read } = await t.api.GET('/api/organization-invitations/{id}', { params: { path: { id: created!.id } } });
    expect(read).toEqual(created);
    const { data: accepted } = await t.api.PUT('/api/organization-invitations/{id}/status', {
      params: { path: { id: created!.id } },
      body: { status: 'Accepted', acceptedUserId: user.id },
    });
    expect(accepted).toMatchObject({ status: 'Accepted', acceptedUserId: user.id });
    const { data: members } = await t.api.GET('/api/organizations/{id}/users', { params: { path: { id: organization.id } } });
    expect(members?.map(({ id }) => id)).toEqual([user.id]);
  });
});
