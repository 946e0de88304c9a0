// Just-in-time organization membership through the real Experience API: registering with a verified
// email of an organization's JIT domain makes the new user a member with its default roles; another
// domain, or an account that existed before, does not.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defaultTenantId, generateId } from '@idp/db';
import { connectors, signInExperiences } from '@idp/schemas';
import { eq } from 'drizzle-orm';
import type * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExperienceFlow, registerSpa, startManagementTest, type ManagementTest } from '../../src/index.ts';

let t: ManagementTest;
let rp: client.Configuration;
let mockFolder: string;
const unique = (prefix: string) => `${prefix}-${generateId().slice(0, 8)}`;
type Role = { id: string; name: string };

beforeAll(async () => {
  t = await startManagementTest();
  const { db } = t.stack.database;
  ({ rp } = await registerSpa(t.stack));
  // Sign-up by email code alone, the codes through the file-writing mock connector.
  await db
    .update(signInExperiences)
    .set({
      signUp: { identifiers: ['email'], password: false, verify: true },
      signIn: { methods: [{ identifier: 'email', password: false, verificationCode: true, isPasswordPrimary: false }] },
    })
    .where(eq(signInExperiences.tenantId, defaultTenantId));
  mockFolder = await mkdtemp(path.join(tmpdir(), 'idp-jit-'));
  await db
    .insert(connectors)
    .values({ tenantId: defaultTenantId, id: generateId(), connectorId: 'mock-email-service', config: { folder: mockFolder } });
});
afterAll(async () => {
  await t?.stack.stop();
  if (mockFolder) await rm(mockFolder, { recursive: true, force: true });
});

/** Registers through the Experience API with an email code and returns the new user's id. */
async function register(email: string): Promise<string> {
  const flow = new ExperienceFlow(t.stack);
  await flow.start(rp);
  expect((await flow.api('PUT', '', { interactionEvent: 'Register' })).status).toBe(204);
  const identifier = { type: 'email', value: email };
  const sent = await flow.api('POST', '/verification/verification-code', { identifier, interactionEvent: 'Register' });
  expect(sent.status, JSON.stringify(sent.body)).toBe(200);
  const verificationId = String(sent.body.verificationId);
  const { code } = JSON.parse(await readFile(path.join(mockFolder, 'mock-email-service.json'), 'utf8')) as { code: string };
  expect((await flow.api('POST', '/verification/verification-code/verify', { identifier, verificationId, code })).status).toBe(200);
  const identified = await flow.api('POST', '/identification', { verificationId });
  expect(identified.status, JSON.stringify(identified.body)).toBe(201);
  const tokens = await flow.redeem(rp, await flow.submitAndReturn());
  return tokens.claims()!.sub;
}

async function organizationWithJit(domain: string, roles: Role[]) {
  const created = await t.call('POST', '/api/organizations', { name: unique('org') });
  const organization = created.body as { id: string };
  expect((await t.call('POST', `/api/organizations/${organization.id}/jit/email-domains`, { emailDomain: domain })).status).toBe(201);
  if (roles.length > 0) {
    const added = await t.call('POST', `/api/organizations/${organization.id}/jit/roles`, {
      organizationRoleIds: roles.map(({ id }) => id),
    });
    expect(added.status).toBe(201);
  }
  return organization;
}

async function createRole(): Promise<Role> {
  const response = await t.call('POST', '/api/organization-roles', { name: unique('role') });
  expect(response.status).toBe(201);
  return response.body as Role;
}

const organizationsOf = async (userId: string) =>
  (await t.call('GET', `/api/users/${userId}/organizations`)).body as Array<{ id: string; organizationRoles: Role[] }>;

const byName = (roles: Role[]) => [...roles].sort((a, b) => a.name.localeCompare(b.name));

describe('just-in-time membership by email domain', () => {
  it('makes a new user of a JIT domain a member of each organization listing it, with its default roles', async () => {
    const domain = `${unique('acme')}.example`;
    const [admin, viewer] = [await createRole(), await createRole()];
    const first = await organizationWithJit(domain, [admin, viewer]);
    const second = await organizationWithJit(domain, []);
    const unrelated = await organizationWithJit(`${unique('other')}.example`, [admin]);

    // The domain matches whatever the case of the address.
    const userId = await register(`Grace.Hopper@${domain.toUpperCase()}`);
    const joined = await organizationsOf(userId);
    expect(joined.map(({ id }) => id).sort()).toEqual([first.id, second.id].sort());
    expect(joined.map(({ id }) => id)).not.toContain(unrelated.id);
    expect(byName(joined.find(({ id }) => id === first.id)!.organizationRoles)).toEqual(
      byName([admin, viewer].map(({ id, name }) => ({ id, name }))),
    );
    expect(joined.find(({ id }) => id === second.id)!.organizationRoles).toEqual([]);
  });

  it('leaves a user of another domain, and a subdomain, out', async () => {
    const domain = `${unique('corp')}.example`;
    const organization = await organizationWithJit(domain, [await createRole()]);
    expect(await organizationsOf(await register(`${unique('someone')}@elsewhere.example`))).toEqual([]);
    expect(await organizationsOf(await register(`${unique('someone')}@mail.${domain}`))).toEqual([]);
    expect((await t.call('GET', `/api/organizations/${organization.id}/users`)).body).toEqual([]);
  });
});
