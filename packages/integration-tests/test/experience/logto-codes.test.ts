// The codes and statuses the Experience API answers where Logto's differ from a first guess:
// optional MFA suggested, second factors the user lacks or steps before identification, a locked
// identifier, codes for the wrong address, a code that cannot be sent. Each through the real stack.
import { defaultTenantId, generateId } from '@idp/db';
import { hashPassword } from '@idp/password';
import { connectors, signInExperiences, users, type Mfa } from '@idp/schemas';
import { and, eq } from 'drizzle-orm';
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

beforeAll(async () => {
  stack = await startTestStack();
  ({ rp } = await registerSpa(stack));
  smsReceiver = await startSmsReceiver();
});
afterAll(async () => {
  await stack?.stop();
  await smsReceiver?.close();
});

const password = 'Plenty-of-entropy-42';
const setSignInExperience = (values: Partial<typeof signInExperiences.$inferInsert>) =>
  stack.database.db.update(signInExperiences).set(values).where(eq(signInExperiences.tenantId, defaultTenantId));
const setMfa = (mfa: Mfa) => setSignInExperience({ mfa });
const useSms = async () => {
  await stack.database.db.delete(connectors).where(eq(connectors.tenantId, defaultTenantId));
  await stack.database.db.insert(connectors).values({
    tenantId: defaultTenantId,
    id: generateId(),
    connectorId: 'http-sms',
    config: { endpoint: smsReceiver.endpoint },
  });
};
const newUsername = () => `codes_${Math.random().toString(36).slice(2, 10)}`;

async function passwordUser(values: Partial<typeof users.$inferInsert> = {}) {
  return insertUser(stack.database.db, defaultTenantId, { username: newUsername(), ...(await hashPassword(password)), ...values });
}

async function started(event: 'SignIn' | 'Register' | 'ForgotPassword' = 'SignIn') {
  const flow = new ExperienceFlow(stack);
  await flow.start(rp);
  expect((await flow.api('PUT', '', { interactionEvent: event })).status).toBe(204);
  return flow;
}

/** A flow identified by password, submit not yet called. */
async function identified(username: string) {
  const flow = new ExperienceFlow(stack);
  await flow.start(rp);
  await flow.signInWithPassword(username, password);
  return flow;
}

describe('optional 2-step verification', () => {
  it.each(['UserControlled', 'PromptAtSignInAndSignUp', 'PromptOnlyAtSignIn'] as const)(
    'under %s, a user who has not decided is asked with 422 user.suggest_mfa; skipping is remembered',
    async (policy) => {
      await setMfa({ factors: ['Totp'], policy });
      const user = await passwordUser();
      const flow = await identified(user.username!);
      expect(await flow.api('POST', '/submit')).toMatchObject({ status: 422, body: { code: 'user.suggest_mfa' } });
      expect((await flow.api('POST', '/profile/mfa/mfa-skipped')).status).toBe(204);
      await flow.submitAndReturn();
      const again = await identified(user.username!);
      expect((await again.submitAndReturn()).searchParams.get('code')).toBeTruthy();
    },
  );

  it('a user who turns it on is then asked to set a factor up, and may still skip it', async () => {
    await setMfa({ factors: ['Totp'], policy: 'PromptAtSignInAndSignUp' });
    const user = await passwordUser();
    const flow = await identified(user.username!);
    expect((await flow.api('POST', '/profile/mfa/mfa-enabled')).status).toBe(204);
    expect(await flow.api('POST', '/submit')).toMatchObject({
      status: 422,
      body: { code: 'user.missing_mfa', data: { availableFactors: ['Totp'], skippable: true } },
    });
  });

  it('is not suggested where it is required or never prompted', async () => {
    const user = await passwordUser();
    await setMfa({ factors: ['Totp'], policy: 'Mandatory' });
    expect(await (await identified(user.username!)).api('POST', '/submit')).toMatchObject({
      status: 422,
      body: { code: 'user.missing_mfa', data: { availableFactors: ['Totp'], skippable: false } },
    });
    await setMfa({ factors: ['Totp'], policy: 'NoPrompt' });
    expect((await (await identified(user.username!)).submitAndReturn()).searchParams.get('code')).toBeTruthy();
  });
});

describe('second factors the user lacks, or steps before identification', () => {
  beforeAll(() => setMfa({ factors: ['Totp', 'WebAuthn', 'BackupCode', 'EmailVerificationCode'], policy: 'NoPrompt' }));

  it("verifying a factor the user has not bound gets that factor's error", async () => {
    const flow = await identified((await passwordUser()).username!);
    expect(await flow.api('POST', '/verification/totp/verify', { code: '123456' })).toMatchObject({
      status: 400,
      body: { code: 'session.mfa.invalid_totp_code' },
    });
    expect(await flow.api('POST', '/verification/backup-code/verify', { code: 'abcdefghjk' })).toMatchObject({
      status: 400,
      body: { code: 'session.mfa.invalid_backup_code' },
    });
    expect(await flow.api('POST', '/verification/web-authn/authentication')).toMatchObject({
      status: 400,
      body: { code: 'session.mfa.webauthn_verification_not_found' },
    });
    expect(await flow.api('POST', '/verification/mfa-verification-code', { identifierType: 'email' })).toMatchObject({
      status: 400,
      body: { code: 'session.mfa.mfa_factor_not_enabled' },
    });
  });

  it('before identification: 400 session.identifier_not_found, 404 on the WebAuthn steps', async () => {
    const flow = await started();
    for (const path of ['/verification/totp/secret', '/verification/backup-code/generate']) {
      expect(await flow.api('POST', path), path).toMatchObject({ status: 400, body: { code: 'session.identifier_not_found' } });
    }
    expect(await flow.api('POST', '/verification/totp/verify', { code: '123456' })).toMatchObject({ status: 400 });
    expect(await flow.api('POST', '/verification/mfa-verification-code', { identifierType: 'email' })).toMatchObject({
      status: 400,
      body: { code: 'session.identifier_not_found' },
    });
    for (const path of ['/verification/web-authn/registration', '/verification/web-authn/authentication']) {
      expect(await flow.api('POST', path), path).toMatchObject({ status: 404, body: { code: 'session.identifier_not_found' } });
    }
    expect(await flow.api('POST', '/submit')).toMatchObject({ status: 404, body: { code: 'session.identifier_not_found' } });
  });

  it('a verification id of another kind or of nobody is 404 session.verification_session_not_found', async () => {
    const flow = await identified((await passwordUser()).username!);
    const secret = await flow.api('POST', '/verification/totp/secret');
    expect(secret.status).toBe(200);
    expect(
      await flow.api('POST', '/verification/web-authn/registration/verify', {
        verificationId: secret.body.verificationId,
        payload: { type: 'public-key', id: 'x', rawId: 'x', clientExtensionResults: {}, response: {} },
      }),
    ).toMatchObject({ status: 404, body: { code: 'session.verification_session_not_found' } });
    expect(await flow.api('POST', '/identification', { verificationId: 'nobody-made-this' })).toMatchObject({
      status: 404,
      body: { code: 'session.verification_session_not_found' },
    });
  });

  it('MFA choices need the bound factor answered first: 403 session.mfa.require_mfa_verification', async () => {
    const user = await passwordUser({ primaryEmail: `mfa-${generateId().slice(0, 6)}@example.com` });
    const flow = await identified(user.username!);
    for (const path of ['/profile/mfa/mfa-skipped', '/profile/mfa/mfa-enabled']) {
      expect(await flow.api('POST', path), path).toMatchObject({
        status: 403,
        body: { code: 'session.mfa.require_mfa_verification', data: { availableFactors: ['EmailVerificationCode'] } },
      });
    }
  });

  it('binding a factor the tenant has not enabled is 400 session.mfa.mfa_factor_not_enabled', async () => {
    await setMfa({ factors: ['WebAuthn'], policy: 'NoPrompt' });
    const flow = await identified((await passwordUser()).username!);
    const secret = await flow.api('POST', '/verification/totp/secret');
    expect(secret.status).toBe(200);
    const { Secret, TOTP } = await import('otpauth');
    const code = new TOTP({ secret: Secret.fromBase32(String(secret.body.secret)) }).generate();
    expect((await flow.api('POST', '/verification/totp/verify', { verificationId: secret.body.verificationId, code })).status).toBe(200);
    expect(await flow.api('POST', '/profile/mfa', { type: 'Totp', verificationId: secret.body.verificationId })).toMatchObject({
      status: 400,
      body: { code: 'session.mfa.mfa_factor_not_enabled' },
    });
    await setMfa({ factors: ['Totp', 'WebAuthn', 'BackupCode', 'EmailVerificationCode'], policy: 'NoPrompt' });
  });
});

describe('the interaction itself', () => {
  it('without an interaction cookie: 400 session.not_found; before PUT /api/experience: 404 session.interaction_not_found', async () => {
    const bare = new ExperienceFlow(stack);
    const body = { identifier: { type: 'username', value: 'x' }, password: 'y' };
    expect(await bare.api('POST', '/verification/password', body)).toMatchObject({ status: 400, body: { code: 'session.not_found' } });
    const flow = new ExperienceFlow(stack);
    await flow.start(rp);
    expect(await flow.api('POST', '/verification/password', body)).toMatchObject({
      status: 404,
      body: { code: 'session.interaction_not_found' },
    });
  });
});

describe('enterprise SSO lookup', () => {
  it('answers which SSO connectors sign in an email domain (none here), and 400 for what is not an email', async () => {
    const flow = await started();
    expect(await flow.api('GET', '/sso-connectors?email=someone%40example.com')).toEqual({ status: 200, body: { connectorIds: [] } });
    expect(await flow.api('GET', '/sso-connectors?email=nobody')).toMatchObject({ status: 400, body: { code: 'guard.invalid_input' } });
  });
});

describe('interaction events', () => {
  it('an event the tenant does not allow is 403 auth.forbidden', async () => {
    await setSignInExperience({ signInMode: 'SignIn' });
    try {
      const flow = new ExperienceFlow(stack);
      await flow.start(rp);
      expect(await flow.api('PUT', '', { interactionEvent: 'Register' })).toMatchObject({ status: 403, body: { code: 'auth.forbidden' } });
    } finally {
      await setSignInExperience({ signInMode: 'SignInAndRegister' });
    }
  });

  it("steps of another event's kind: 400 session.not_supported_for_forgot_password / session.invalid_interaction_type", async () => {
    const reset = await started('ForgotPassword');
    expect(await reset.api('POST', '/profile', { type: 'username', value: 'someone' })).toMatchObject({
      status: 400,
      body: { code: 'session.not_supported_for_forgot_password' },
    });
    expect(await reset.api('POST', '/profile/mfa/mfa-skipped')).toMatchObject({
      status: 404,
      body: { code: 'session.identifier_not_found' },
    });
    const signIn = await started('SignIn');
    expect(await signIn.api('PUT', '/profile/password', { password: 'Another-password-77' })).toMatchObject({
      status: 400,
      body: { code: 'session.invalid_interaction_type' },
    });
  });

  it('a password reset cannot become another event, nor another event one: 400 session.not_supported_for_forgot_password', async () => {
    const reset = await started('ForgotPassword');
    expect(await reset.api('PUT', '/interaction-event', { interactionEvent: 'SignIn' })).toMatchObject({
      status: 400,
      body: { code: 'session.not_supported_for_forgot_password' },
    });
    const signIn = await started('SignIn');
    expect(await signIn.api('PUT', '/interaction-event', { interactionEvent: 'ForgotPassword' })).toMatchObject({
      status: 400,
      body: { code: 'session.not_supported_for_forgot_password' },
    });
    expect((await signIn.api('PUT', '/interaction-event', { interactionEvent: 'Register' })).status).toBe(204);
  });
});

describe('locks and codes', () => {
  afterAll(() => setSignInExperience({ sentinelPolicy: {} }));

  it('a locked identifier gets 400 session.verification_blocked_too_many_attempts at password verification', async () => {
    await setSignInExperience({ sentinelPolicy: { maxAttempts: 2, attemptWindow: 10, lockoutDuration: 5 } });
    const user = await passwordUser();
    const flow = await started();
    const attempt = (candidate: string) =>
      flow.api('POST', '/verification/password', { identifier: { type: 'username', value: user.username }, password: candidate });
    for (let count = 0; count < 2; count += 1) {
      expect(await attempt('Wrong-password-1')).toMatchObject({ status: 422, body: { code: 'session.invalid_credentials' } });
    }
    expect(await attempt(password)).toMatchObject({ status: 400, body: { code: 'session.verification_blocked_too_many_attempts' } });
  });

  it('sending a code without a connector of its kind is 501 connector.not_found', async () => {
    await stack.database.db.delete(connectors).where(eq(connectors.tenantId, defaultTenantId));
    const flow = await started('Register');
    for (const identifier of [
      { type: 'email', value: 'nobody-sends@example.com' },
      { type: 'phone', value: '14155550100' },
    ]) {
      expect(await flow.api('POST', '/verification/verification-code', { identifier, interactionEvent: 'Register' })).toMatchObject({
        status: 501,
        body: { code: 'connector.not_found' },
      });
    }
  });

  it("a code checked for another number is phone_mismatch; a wrong one code_mismatch; another kind's record is 404", async () => {
    await useSms();
    const flow = await started('Register');
    const identifier = { type: 'phone', value: '14155550101' };
    const sent = await flow.api('POST', '/verification/verification-code', { identifier, interactionEvent: 'Register' });
    expect(sent.status).toBe(200);
    const { code } = smsReceiver.texts.at(-1)!.payload;
    const verify = (body: Record<string, unknown>) =>
      flow.api('POST', '/verification/verification-code/verify', { identifier, verificationId: sent.body.verificationId, code, ...body });
    expect(await verify({ identifier: { type: 'phone', value: '14155550102' } })).toMatchObject({
      status: 400,
      body: { code: 'verification_code.phone_mismatch' },
    });
    expect(await verify({ identifier: { type: 'email', value: 'a@example.com' } })).toMatchObject({
      status: 404,
      body: { code: 'session.verification_session_not_found' },
    });
    expect(await verify({ code: code === '000000' ? '111111' : '000000' })).toMatchObject({
      status: 400,
      body: { code: 'verification_code.code_mismatch' },
    });
    expect((await verify({})).status).toBe(200);
  });

  it('a password reset submitted before a new password is set is 422 user.new_password_required_in_profile', async () => {
    await useSms();
    const phone = `1415555${String(Math.floor(Math.random() * 9000) + 1000)}`;
    await passwordUser({ primaryPhone: phone });
    const flow = await started('ForgotPassword');
    const identifier = { type: 'phone', value: phone };
    const sent = await flow.api('POST', '/verification/verification-code', { identifier, interactionEvent: 'ForgotPassword' });
    const { code } = smsReceiver.texts.at(-1)!.payload;
    await flow.api('POST', '/verification/verification-code/verify', { identifier, verificationId: sent.body.verificationId, code });
    expect((await flow.api('POST', '/identification', { verificationId: sent.body.verificationId })).status).toBe(204);
    expect(await flow.api('POST', '/submit')).toMatchObject({ status: 422, body: { code: 'user.new_password_required_in_profile' } });
    const found = await stack.database.db
      .select()
      .from(users)
      .where(and(eq(users.tenantId, defaultTenantId), eq(users.primaryPhone, phone)));
    expect(found).toHaveLength(1);
  });
});
