// Logto's mock connectors, end to end, as teams use them in their own tests: codes read from
// Logto's record file under the temporary folder, and a social sign-in with the mock provider.
// This file gives itself its own temporary folder (TMPDIR), so other runs' records never mix in.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defaultTenantId, generateId } from '@idp/db';
import { connectors, signInExperiences, users } from '@idp/schemas';
import { and, eq } from 'drizzle-orm';
import type * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExperienceFlow, insertUser, registerSpa, startTestStack, type TestStack } from '../../src/index.ts';

let stack: TestStack;
let rp: client.Configuration;
let root: string;
const originalTmpdir = process.env.TMPDIR;
const socialConnectorId = 'mock-social';
const socialCallback = 'https://app.example.com/callback/mock-social';

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'idp-mock-e2e-'));
  process.env.TMPDIR = root;
  stack = await startTestStack();
  const { db } = stack.database;
  ({ rp } = await registerSpa(stack));
  await db
    .update(signInExperiences)
    .set({ signIn: { methods: [{ identifier: 'email', password: false, verificationCode: true, isPasswordPrimary: false }] } })
    .where(eq(signInExperiences.tenantId, defaultTenantId));
  await db.insert(connectors).values([
    {
      tenantId: defaultTenantId,
      id: generateId(),
      connectorId: 'mock-email-service',
      // Logto's mock mail config, as its console saves it.
      config: {
        apiKey: 'any',
        fromEmail: 'noreply@example.com',
        templates: [{ usageType: 'SignIn', type: 'text/plain', subject: 'Sign-in code', content: 'Your code is {{code}}.' }],
      },
    },
    {
      tenantId: defaultTenantId,
      id: socialConnectorId,
      connectorId: 'mock-social-connector',
      config: { clientId: 'c', clientSecret: 's' },
    },
  ]);
});
afterAll(async () => {
  await stack?.stop();
  if (originalTmpdir === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = originalTmpdir;
  if (root) await rm(root, { recursive: true, force: true });
});

describe('the mock email connector', () => {
  it("leaves the sign-in code in logto/mock_email_record.txt, as Logto's does", async () => {
    const email = 'mock.user@example.com';
    const user = await insertUser(stack.database.db, defaultTenantId, { primaryEmail: email });
    const flow = new ExperienceFlow(stack);
    await flow.start(rp);
    await flow.api('PUT', '', { interactionEvent: 'SignIn' });
    const sent = await flow.api('POST', '/verification/verification-code', {
      identifier: { type: 'email', value: email },
      interactionEvent: 'SignIn',
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    const record = JSON.parse(await readFile(path.join(root, 'logto', 'mock_email_record.txt'), 'utf8')) as Record<string, unknown>;
    expect(record).toMatchObject({
      address: email,
      type: 'SignIn',
      subject: 'Sign-in code',
      content: `Your code is ${String(record.code)}.`,
    });
    const verificationId = String(sent.body.verificationId);
    const verified = await flow.api('POST', '/verification/verification-code/verify', {
      identifier: { type: 'email', value: email },
      verificationId,
      code: record.code,
    });
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    expect((await flow.api('POST', '/identification', { verificationId })).status).toBe(204);
    expect((await flow.redeem(rp, await flow.submitAndReturn())).claims()!.sub).toBe(user.id);
  });
});

describe('the mock social connector', () => {
  /** A social sign-in where the "provider" answers with whoever `connectorData` says. */
  async function socialVerification(profile: Record<string, string>) {
    const flow = new ExperienceFlow(stack);
    await flow.start(rp);
    await flow.api('PUT', '', { interactionEvent: 'SignIn' });
    const started = await flow.api('POST', `/verification/social/${socialConnectorId}/authorization-uri`, {
      state: 'state-1',
      redirectUri: socialCallback,
    });
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    const uri = new URL(String(started.body.authorizationUri));
    expect([uri.origin, uri.searchParams.get('state'), uri.searchParams.get('redirect_uri')]).toEqual([
      'http://mock-social',
      'state-1',
      socialCallback,
    ]);
    const verificationId = String(started.body.verificationId);
    const verified = await flow.api('POST', `/verification/social/${socialConnectorId}/verify`, {
      connectorData: { state: 'state-1', redirectUri: socialCallback, code: 'mock-code', ...profile },
      verificationId,
    });
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    return { flow, verificationId };
  }

  it('registers the user connectorData names, then signs the same user in again', async () => {
    const profile = { userId: 'mock-social-user-1', email: 'social.mock@example.com', name: 'Mock Social' };
    const first = await socialVerification(profile);
    expect(await first.flow.api('POST', '/identification', { verificationId: first.verificationId })).toMatchObject({
      status: 404,
      body: { code: 'user.identity_not_exist' },
    });
    expect((await first.flow.api('PUT', '/interaction-event', { interactionEvent: 'Register' })).status).toBe(204);
    expect((await first.flow.api('POST', '/identification', { verificationId: first.verificationId })).status).toBe(201);
    const sub = (await first.flow.redeem(rp, await first.flow.submitAndReturn())).claims()!.sub;
    const [user] = await stack.database.db
      .select()
      .from(users)
      .where(and(eq(users.tenantId, defaultTenantId), eq(users.id, sub)));
    expect(user).toMatchObject({ name: 'Mock Social', primaryEmail: 'social.mock@example.com' });
    expect(user!.identities['mock-social']).toMatchObject({ userId: 'mock-social-user-1' });

    const second = await socialVerification(profile);
    expect((await second.flow.api('POST', '/identification', { verificationId: second.verificationId })).status).toBe(204);
    expect((await second.flow.redeem(rp, await second.flow.submitAndReturn())).claims()!.sub).toBe(sub);
  });
});

describe('the mock social connector through the Management API', () => {
  it("links the identity connectorData names to a user, as Logto's tests do", async () => {
    const user = await insertUser(stack.database.db, defaultTenantId);
    const call = (method: string, path: string, body?: unknown) =>
      fetch(`${stack.userUrl}${path}`, {
        method,
        headers: { 'development-user-id': 'admin', 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then(async (response) => ({ status: response.status, body: (await response.json()) as Record<string, unknown> }));
    const started = await call('POST', `/api/connectors/${socialConnectorId}/authorization-uri`, {
      state: 'link-1',
      redirectUri: socialCallback,
    });
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    expect(String(started.body.redirectTo)).toMatch(/^http:\/\/mock-social\/\?/);
    const linked = await call('POST', `/api/users/${user.id}/identities`, {
      connectorId: socialConnectorId,
      connectorData: { state: 'link-1', redirectUri: socialCallback, code: 'mock-code', userId: 'linked-social-user' },
    });
    expect(linked.status, JSON.stringify(linked.body)).toBe(200);
    expect(linked.body['mock-social']).toMatchObject({ userId: 'linked-social-user' });
  });
});
