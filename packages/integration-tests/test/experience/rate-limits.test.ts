// Limits that slow attackers without locking out the users who share their address: sign-in locks
// per (address, identifier), send limits on verification codes, and a code's attempt limit under
// parallel guessing. Every request here comes from the same address (the test's loopback).
import { defaultTenantId, generateId, sentinelTargetHash } from '@idp/db';
import { hashPassword } from '@idp/password';
import { connectors, passcodes, rateLimits, sentinelActivities, signInExperiences } from '@idp/schemas';
import { and, eq } from 'drizzle-orm';
import type * as client from 'openid-client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ExperienceFlow,
  insertUser,
  type ManagementTest,
  startManagementTest,
  type TestStack,
  registerSpa,
  startMailCatcher,
  type MailCatcher,
} from '../../src/index.ts';

let stack: TestStack;
let call: ManagementTest['call'];
let rp: client.Configuration;
let smtp: MailCatcher;
const address = '127.0.0.1';
const password = 'Plenty-of-entropy-42';

beforeAll(async () => {
  ({ stack, call } = await startManagementTest());
  const { db } = stack.database;
  ({ rp } = await registerSpa(stack));
  await db
    .update(signInExperiences)
    .set({
      signUp: { identifiers: ['email'], password: true, verify: true },
      signIn: { methods: [{ identifier: 'email', password: true, verificationCode: true, isPasswordPrimary: true }] },
    })
    .where(eq(signInExperiences.tenantId, defaultTenantId));
  smtp = await startMailCatcher();
  await db.insert(connectors).values({
    tenantId: defaultTenantId,
    id: generateId(),
    connectorId: 'smtp',
    config: {
      host: '127.0.0.1',
      port: smtp.port,
      secure: false,
      fromEmail: 'noreply@idp.test',
      templates: [{ usageType: 'Generic', subject: 'Your code', content: 'Your code is {{code}}.' }],
    },
  });
});
afterAll(async () => {
  await smtp?.close();
  await stack?.stop();
});
beforeEach(async () => {
  await stack.database.db.delete(sentinelActivities);
  await stack.database.db.delete(rateLimits);
});

const newUsername = () => `shared_${Math.random().toString(36).slice(2, 10)}`;
const mailsTo = (to: string) => smtp.mails.filter((mail) => mail.to === to);
const codeIn = (to: string) => /code is (\d{6})/.exec(mailsTo(to).at(-1)?.raw ?? '')?.[1];

async function started(interactionEvent: 'SignIn' | 'Register' | 'ForgotPassword') {
  const flow = new ExperienceFlow(stack);
  await flow.start(rp);
  await flow.api('PUT', '', { interactionEvent });
  return flow;
}
const signIn = (flow: ExperienceFlow, username: string, secret: string) =>
  flow.api('POST', '/verification/password', { identifier: { type: 'username', value: username }, password: secret });
const sendCode = (flow: ExperienceFlow, email: string, interactionEvent: string) =>
  flow.api('POST', '/verification/verification-code', { identifier: { type: 'email', value: email }, interactionEvent });

describe('sign-in failures at one address', () => {
  it('100 failures with random usernames do not lock out another user at that address, only slow it down', async () => {
    const username = newUsername();
    await insertUser(stack.database.db, defaultTenantId, { username, ...(await hashPassword(password)) });
    const attacker = await started('SignIn');
    for (let count = 0; count < 100; count += 1) {
      expect(await signIn(attacker, newUsername(), 'Wrong-password-1')).toMatchObject({
        status: 422,
        body: { code: 'session.invalid_credentials' },
      });
    }
    const startedAt = Date.now();
    expect((await signIn(await started('SignIn'), username, password)).status).toBe(200);
    // Past the address's ceiling every attempt waits a moment: slower, never refused.
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(900);
  }, 120_000);

  it("still locks one identifier after repeated failures from one address, with Logto's code", async () => {
    const username = newUsername();
    await insertUser(stack.database.db, defaultTenantId, { username, ...(await hashPassword(password)) });
    const flow = await started('SignIn');
    for (let count = 0; count < 10; count += 1) expect((await signIn(flow, username, 'Wrong-password-1')).status).toBe(422);
    expect(await signIn(flow, username, password)).toMatchObject({
      status: 400,
      body: { code: 'session.verification_blocked_too_many_attempts' },
    });
  });

  it('lifts an address-based lock through POST /api/sentinel-activities/delete with the address', async () => {
    const username = newUsername();
    await insertUser(stack.database.db, defaultTenantId, { username, ...(await hashPassword(password)) });
    const flow = await started('SignIn');
    for (let count = 0; count < 10; count += 1) await signIn(flow, username, 'Wrong-password-1');
    expect((await signIn(flow, username, password)).status).toBe(400);

    expect((await call('POST', '/api/sentinel-activities/delete', { targetType: 'User', targets: [address] })).status).toBe(204);
    const left = await stack.database.db
      .select()
      .from(sentinelActivities)
      .where(
        and(eq(sentinelActivities.targetType, 'Ip'), eq(sentinelActivities.targetHash, sentinelTargetHash({ type: 'Ip', value: address }))),
      );
    expect(left).toEqual([]);
    expect((await signIn(flow, username, password)).status).toBe(200);
  });
});

describe('verification code sends', () => {
  it('sends at most ten codes to one email in ten minutes; the rest answer 429 request.message_rate_limited', async () => {
    const email = `bombed-${generateId().slice(0, 6)}@example.com`;
    // One interaction each, as a script would: the sends race each other, not one interaction's saves.
    const flows = await Promise.all(Array.from({ length: 30 }, () => started('SignIn')));
    const results = await Promise.all(flows.map((flow) => sendCode(flow, email, 'SignIn')));
    const statuses = results.map(({ status }) => status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(10);
    for (const refused of results.filter(({ status }) => status !== 200)) {
      expect(refused).toMatchObject({ status: 429, body: { code: 'request.message_rate_limited' } });
      expect((refused.body.data as { retryAfter: number }).retryAfter).toBeGreaterThan(0);
    }
    expect(mailsTo(email)).toHaveLength(10);
    // Any case of the same address counts against the same recipient.
    expect(await sendCode(flows[0]!, email.toUpperCase(), 'SignIn')).toMatchObject({ status: 429 });
  });

  it('sends at most fifty codes from one address in ten minutes, to any recipients', async () => {
    const flow = await started('SignIn');
    const results = [];
    for (let count = 0; count < 52; count += 1)
      results.push((await sendCode(flow, `spray-${count}-${generateId().slice(0, 6)}@example.com`, 'SignIn')).status);
    expect(results.slice(0, 50).every((status) => status === 200)).toBe(true);
    expect(results.slice(50)).toEqual([429, 429]);
  }, 60_000);

  it('answers a password reset for an unknown email as for a known one, and sends nothing', async () => {
    const known = `known-${generateId().slice(0, 6)}@example.com`;
    const unknown = `unknown-${generateId().slice(0, 6)}@example.com`;
    await insertUser(stack.database.db, defaultTenantId, { primaryEmail: known });
    const flow = await started('ForgotPassword');
    const toKnown = await sendCode(flow, known, 'ForgotPassword');
    const toUnknown = await sendCode(flow, unknown, 'ForgotPassword');
    expect(toKnown.status).toBe(200);
    expect(toUnknown.status).toBe(200);
    expect(Object.keys(toUnknown.body)).toEqual(Object.keys(toKnown.body));
    expect(mailsTo(known)).toHaveLength(1);
    expect(mailsTo(unknown)).toHaveLength(0);
    const wrong = (email: string, verificationId: unknown) =>
      flow.api('POST', '/verification/verification-code/verify', {
        identifier: { type: 'email', value: email },
        verificationId,
        code: '000000',
      });
    expect(await wrong(unknown, toUnknown.body.verificationId)).toMatchObject({
      status: 400,
      body: { code: 'verification_code.code_mismatch' },
    });
  });
});

describe('guessing a code', () => {
  it('evaluates at most five of 150 parallel wrong guesses, then refuses even the right code', async () => {
    const email = `guessed-${generateId().slice(0, 6)}@example.com`;
    const flow = await started('SignIn');
    const sent = await sendCode(flow, email, 'SignIn');
    expect(sent.status).toBe(200);
    const code = codeIn(email)!;
    const wrong = code === '000000' ? '111111' : '000000';
    const identifier = { type: 'email', value: email };
    const verify = (candidate: string) =>
      flow.api('POST', '/verification/verification-code/verify', { identifier, verificationId: sent.body.verificationId, code: candidate });
    const results = await Promise.all(Array.from({ length: 150 }, () => verify(wrong)));
    const codes = results.map(({ body }) => body.code);
    expect(codes.filter((answer) => answer === 'verification_code.code_mismatch').length).toBeLessThanOrEqual(5);
    expect(codes.every((answer) => answer === 'verification_code.code_mismatch' || answer === 'verification_code.exceed_max_try')).toBe(
      true,
    );
    const [row] = await stack.database.db.select().from(passcodes).where(eq(passcodes.email, email));
    expect(row!.tryCount).toBe(5);
    expect(await verify(code)).toMatchObject({ status: 400, body: { code: 'verification_code.exceed_max_try' } });
  }, 60_000);
});

// Last in the file: it removes the tenant's connectors.
describe('a password reset without an email connector', () => {
  it('answers an unknown email as a known one: connector.not_found for both', async () => {
    await stack.database.db.delete(connectors).where(eq(connectors.tenantId, defaultTenantId));
    const known = `known-${generateId().slice(0, 6)}@example.com`;
    await insertUser(stack.database.db, defaultTenantId, { primaryEmail: known });
    const flow = await started('ForgotPassword');
    const toKnown = await sendCode(flow, known, 'ForgotPassword');
    const toUnknown = await sendCode(flow, `unknown-${generateId().slice(0, 6)}@example.com`, 'ForgotPassword');
    expect(toKnown).toMatchObject({ status: 501, body: { code: 'connector.not_found' } });
    expect(toUnknown).toMatchObject({ status: toKnown.status, body: toKnown.body });
  });
});
