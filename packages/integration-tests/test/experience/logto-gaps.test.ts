// Experience API answers that must be Logto's where the first version differed: a password cannot
// identify a password reset, identification honours the tenant's enabled sign-in methods and its
// sign-in mode, and a new password identity is a username only. Each through the real stack.
import { defaultTenantId, generateId } from '@idp/db';
import { hashPassword } from '@idp/password';
import { connectors, signInExperiences, type SignInExperience } from '@idp/schemas';
import { eq } from 'drizzle-orm';
import type * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ExperienceFlow,
  insertUser,
  registerSpa,
  startSmsReceiver,
  startTestStack,
  type SmsReceiver,
  type TestStack,
} from '../../src/index.ts';

let stack: TestStack;
let rp: client.Configuration;
let smsReceiver: SmsReceiver;

const password = 'Plenty-of-entropy-42';
const unique = (prefix: string) => `${prefix}_${Math.random().toString(36).slice(2, 10)}`;
const usernameOnly = [{ identifier: 'username', password: true, verificationCode: false, isPasswordPrimary: true }];

const setSignInMethods = (methods: SignInExperience['signIn']['methods']) =>
  stack.database.db.update(signInExperiences).set({ signIn: { methods } }).where(eq(signInExperiences.tenantId, defaultTenantId));
const setSignInMode = (signInMode: SignInExperience['signInMode']) =>
  stack.database.db.update(signInExperiences).set({ signInMode }).where(eq(signInExperiences.tenantId, defaultTenantId));

beforeAll(async () => {
  stack = await startTestStack();
  ({ rp } = await registerSpa(stack));
  smsReceiver = await startSmsReceiver();
  await stack.database.db.insert(connectors).values({
    tenantId: defaultTenantId,
    id: generateId(),
    connectorId: 'http-sms',
    config: { endpoint: smsReceiver.endpoint },
  });
});
afterAll(async () => {
  await stack?.stop();
  await smsReceiver?.close();
});

async function started(interactionEvent: 'SignIn' | 'Register' | 'ForgotPassword') {
  const flow = new ExperienceFlow(stack);
  await flow.start(rp);
  expect((await flow.api('PUT', '', { interactionEvent })).status).toBe(204);
  return flow;
}

async function user() {
  const name = unique('gaps');
  const phone = `6141${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
  const row = await insertUser(stack.database.db, defaultTenantId, {
    username: name,
    primaryEmail: `${name}@example.com`,
    primaryPhone: phone,
    ...(await hashPassword(password)),
  });
  return { ...row, username: name, email: `${name}@example.com`, phone };
}

/** A verified phone code record of `flow` for `phone`. */
async function verifiedPhone(flow: ExperienceFlow, phone: string, interactionEvent: string): Promise<string> {
  const identifier = { type: 'phone', value: phone };
  const sent = await flow.api('POST', '/verification/verification-code', { identifier, interactionEvent });
  expect(sent.status, JSON.stringify(sent.body)).toBe(200);
  const code = smsReceiver.texts.findLast(({ to }) => to === phone)?.payload.code;
  const verified = await flow.api('POST', '/verification/verification-code/verify', {
    identifier,
    verificationId: sent.body.verificationId,
    code,
  });
  expect(verified.status, JSON.stringify(verified.body)).toBe(200);
  return String(sent.body.verificationId);
}

describe('a password during a password reset', () => {
  it('verifies, but cannot identify the reset: 422 session.not_supported_for_forgot_password', async () => {
    const { username } = await user();
    const flow = await started('ForgotPassword');
    const verification = await flow.api('POST', '/verification/password', { identifier: { type: 'username', value: username }, password });
    expect(verification.status).toBe(200);
    expect(await flow.api('POST', '/identification', { verificationId: verification.body.verificationId })).toMatchObject({
      status: 422,
      body: { code: 'session.not_supported_for_forgot_password' },
    });
    expect((await flow.api('GET', '/interaction')).body).not.toHaveProperty('userId');
  });
});

describe('signIn.methods at identification', () => {
  it('refuses a password for an identifier without password sign-in: 422 user.sign_in_method_not_enabled', async () => {
    const { email, username } = await user();
    await setSignInMethods(usernameOnly);
    const flow = await started('SignIn');
    // As in Logto, the check is made at identification: the verification itself succeeds.
    const verification = await flow.api('POST', '/verification/password', { identifier: { type: 'email', value: email }, password });
    expect(verification.status).toBe(200);
    const refused = await flow.api('POST', '/identification', { verificationId: verification.body.verificationId });
    expect(refused).toMatchObject({ status: 422, body: { code: 'user.sign_in_method_not_enabled' } });
    expect(refused.body).not.toHaveProperty('data');

    // Email enabled with codes only: a password still cannot sign in by email.
    await setSignInMethods([...usernameOnly, { identifier: 'email', password: false, verificationCode: true, isPasswordPrimary: false }]);
    expect(await flow.api('POST', '/identification', { verificationId: verification.body.verificationId })).toMatchObject({
      status: 422,
      body: { code: 'user.sign_in_method_not_enabled' },
    });

    // With email passwords enabled the same record identifies the user.
    await setSignInMethods([...usernameOnly, { identifier: 'email', password: true, verificationCode: false, isPasswordPrimary: true }]);
    try {
      expect((await flow.api('POST', '/identification', { verificationId: verification.body.verificationId })).status).toBe(204);
      await flow.redeem(rp, await flow.submitAndReturn());
      // Username sign-in is unaffected.
      const other = new ExperienceFlow(stack);
      await other.start(rp);
      await other.signInWithPassword(username, password);
    } finally {
      await setSignInMethods(usernameOnly);
    }
  });

  it('refuses a code for a channel without code sign-in, and allows it once enabled', async () => {
    const { phone, id } = await user();
    await setSignInMethods([...usernameOnly, { identifier: 'phone', password: true, verificationCode: false, isPasswordPrimary: true }]);
    try {
      const flow = await started('SignIn');
      const verificationId = await verifiedPhone(flow, phone, 'SignIn');
      expect(await flow.api('POST', '/identification', { verificationId })).toMatchObject({
        status: 422,
        body: { code: 'user.sign_in_method_not_enabled' },
      });
      await setSignInMethods([...usernameOnly, { identifier: 'phone', password: false, verificationCode: true, isPasswordPrimary: false }]);
      expect((await flow.api('POST', '/identification', { verificationId })).status).toBe(204);
      const tokens = await flow.redeem(rp, await flow.submitAndReturn());
      expect(tokens.claims()?.sub).toBe(id);
    } finally {
      await setSignInMethods(usernameOnly);
    }
  });

  it('a password reset by code does not depend on the sign-in methods', async () => {
    const { phone } = await user();
    await setSignInMethods(usernameOnly);
    const flow = await started('ForgotPassword');
    const verificationId = await verifiedPhone(flow, phone, 'ForgotPassword');
    expect((await flow.api('POST', '/identification', { verificationId })).status).toBe(204);
  });

  it('a registration record cannot sign in: 422 user.sign_in_method_not_enabled', async () => {
    const flow = await started('Register');
    const identity = await flow.api('POST', '/verification/new-password-identity', {
      identifier: { type: 'username', value: unique('newcomer') },
      password,
    });
    expect(identity.status).toBe(200);
    expect((await flow.api('PUT', '/interaction-event', { interactionEvent: 'SignIn' })).status).toBe(204);
    expect(await flow.api('POST', '/identification', { verificationId: identity.body.verificationId })).toMatchObject({
      status: 422,
      body: { code: 'user.sign_in_method_not_enabled' },
    });
  });
});

describe('signInMode at identification', () => {
  it('refuses an event the mode no longer allows with 403 auth.forbidden, as when the experience started', async () => {
    const { username } = await user();
    const signIn = await started('SignIn');
    const verification = await signIn.api('POST', '/verification/password', {
      identifier: { type: 'username', value: username },
      password,
    });
    const register = await started('Register');
    const identity = await register.api('POST', '/verification/new-password-identity', {
      identifier: { type: 'username', value: unique('late') },
      password,
    });
    try {
      await setSignInMode('Register');
      expect(await signIn.api('POST', '/identification', { verificationId: verification.body.verificationId })).toMatchObject({
        status: 403,
        body: { code: 'auth.forbidden' },
      });
      await setSignInMode('SignIn');
      expect(await register.api('POST', '/identification', { verificationId: identity.body.verificationId })).toMatchObject({
        status: 403,
        body: { code: 'auth.forbidden' },
      });
      // The record was added to the registration's profile all the same.
      expect((await register.api('GET', '/interaction')).body).toMatchObject({ profile: { hasPassword: true } });
    } finally {
      await setSignInMode('SignInAndRegister');
    }
    expect((await signIn.api('POST', '/identification', { verificationId: verification.body.verificationId })).status).toBe(204);
    expect((await register.api('POST', '/identification', {})).status).toBe(201);
  });
});

describe('new password identity', () => {
  it('is a username and a password only, as Logto documents: email and phone are 400 guard.invalid_input', async () => {
    const flow = await started('Register');
    for (const identifier of [
      { type: 'email', value: `${unique('new')}@example.com` },
      { type: 'phone', value: '61412345678' },
    ]) {
      expect(await flow.api('POST', '/verification/new-password-identity', { identifier, password })).toMatchObject({
        status: 400,
        body: { code: 'guard.invalid_input' },
      });
    }
    expect(
      (await flow.api('POST', '/verification/new-password-identity', { identifier: { type: 'username', value: unique('new') }, password }))
        .status,
    ).toBe(200);
  });
});
