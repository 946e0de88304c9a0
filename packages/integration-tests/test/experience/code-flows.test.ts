import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateId } from '@idp/db';
import { defaultTenantId } from '@idp/db';
import { hashPassword } from '@idp/password';
import { connectors, passcodes, signInExperiences, users } from '@idp/schemas';
import { and, eq, sql } from 'drizzle-orm';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ExperienceFlow,
  insertUser,
  startTestStack,
  type TestStack,
  registerSpa,
  startMailCatcher,
  startSmsReceiver,
  type MailCatcher,
} from '../../src/index.ts';

// Verification codes by email: through a real SMTP server started here, and through the
// file-writing mock connector that local development uses.
let stack: TestStack;
let rp: client.Configuration;
let smtp: MailCatcher;
let mockFolder: string;

beforeAll(async () => {
  stack = await startTestStack();
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
  mockFolder = await mkdtemp(path.join(tmpdir(), 'idp-mock-connectors-'));
});
afterAll(async () => {
  await smtp?.close();
  await stack?.stop();
  if (mockFolder) await rm(mockFolder, { recursive: true, force: true });
});

async function useConnector(connectorId: string, config: Record<string, unknown>) {
  const { db } = stack.database;
  await db.delete(connectors).where(eq(connectors.tenantId, defaultTenantId));
  await db.insert(connectors).values({ tenantId: defaultTenantId, id: generateId(), connectorId, config });
}

const useSmtp = () =>
  useConnector('smtp', {
    host: '127.0.0.1',
    port: smtp.port,
    secure: false,
    fromEmail: 'noreply@idp.test',
    templates: [
      { usageType: 'Register', subject: 'Welcome: your code', content: 'Your registration code is {{code}}.' },
      { usageType: 'Generic', subject: 'Your code', content: 'Your code is {{code}}.' },
    ],
  });

const codeInMail = (to: string) => {
  const mail = smtp.mails.findLast((candidate) => candidate.to === to);
  return /code is (\d{6})/.exec(mail?.raw ?? '')?.[1];
};

const codeInMockFile = async () => {
  const record = JSON.parse(await readFile(path.join(mockFolder, 'mock-email-service.json'), 'utf8')) as {
    address: string;
    code: string;
    type: string;
  };
  return record;
};

async function sendCode(flow: ExperienceFlow, email: string, interactionEvent: string) {
  const sent = await flow.api('POST', '/verification/verification-code', { identifier: { type: 'email', value: email }, interactionEvent });
  expect(sent.status, JSON.stringify(sent.body)).toBe(200);
  return String(sent.body.verificationId);
}

describe('registration with an email code over SMTP', () => {
  it('mails a code, verifies it, asks for the password, and creates the account', async () => {
    await useSmtp();
    const email = 'Ada.Lovelace@example.com';
    const flow = new ExperienceFlow(stack);
    await flow.start(rp);
    await flow.api('PUT', '', { interactionEvent: 'Register' });
    const verificationId = await sendCode(flow, email, 'Register');
    const mail = smtp.mails.findLast((candidate) => candidate.to === email)!;
    expect(mail.raw).toContain('Subject: Welcome: your code');
    const code = codeInMail(email)!;
    expect(code).toMatch(/^\d{6}$/);

    const verified = await flow.api('POST', '/verification/verification-code/verify', {
      identifier: { type: 'email', value: email },
      verificationId,
      code,
    });
    expect(verified.status).toBe(200);
    expect(await flow.api('POST', '/identification', { verificationId })).toMatchObject({
      status: 422,
      body: { code: 'user.missing_profile', data: { missingProfile: ['password'] } },
    });
    expect((await flow.api('POST', '/profile', { type: 'password', value: 'A-strong-password-9' })).status).toBe(204);
    expect((await flow.api('POST', '/identification', {})).status).toBe(201);
    const tokens = await flow.redeem(rp, await flow.submitAndReturn());
    const userinfo = await client.fetchUserInfo(rp, tokens.access_token, tokens.claims()!.sub);
    expect(userinfo).toMatchObject({ email, email_verified: true });
  });

  it('refuses an email that is taken, whatever its case', async () => {
    await useSmtp();
    await insertUser(stack.database.db, defaultTenantId, { primaryEmail: 'taken@example.com' });
    const flow = new ExperienceFlow(stack);
    await flow.start(rp);
    await flow.api('PUT', '', { interactionEvent: 'Register' });
    const verificationId = await sendCode(flow, 'TAKEN@example.com', 'Register');
    const code = codeInMail('TAKEN@example.com')!;
    await flow.api('POST', '/verification/verification-code/verify', {
      identifier: { type: 'email', value: 'TAKEN@example.com' },
      verificationId,
      code,
    });
    expect(await flow.api('POST', '/identification', { verificationId })).toMatchObject({
      status: 422,
      body: { code: 'user.email_already_in_use' },
    });
  });
});

describe('verification code failures', () => {
  async function started(email: string) {
    await useSmtp();
    const flow = new ExperienceFlow(stack);
    await flow.start(rp);
    await flow.api('PUT', '', { interactionEvent: 'Register' });
    const verificationId = await sendCode(flow, email, 'Register');
    return { flow, verificationId, code: codeInMail(email)!, identifier: { type: 'email', value: email } };
  }

  it('refuses a wrong code, then accepts the right one exactly once', async () => {
    const { flow, verificationId, code, identifier } = await started('once@example.com');
    const wrong = code === '000000' ? '111111' : '000000';
    expect(await flow.api('POST', '/verification/verification-code/verify', { identifier, verificationId, code: wrong })).toMatchObject({
      status: 400,
      body: { code: 'verification_code.code_mismatch' },
    });
    expect((await flow.api('POST', '/verification/verification-code/verify', { identifier, verificationId, code })).status).toBe(200);
    expect(await flow.api('POST', '/verification/verification-code/verify', { identifier, verificationId, code })).toMatchObject({
      status: 400,
      body: { code: 'verification_code.not_found' },
    });
  });

  it('refuses an expired code', async () => {
    const { flow, verificationId, code, identifier } = await started('late@example.com');
    await stack.database.db
      .update(passcodes)
      .set({ createdAt: sql`now() - interval '11 minutes'` })
      .where(eq(passcodes.email, 'late@example.com'));
    expect(await flow.api('POST', '/verification/verification-code/verify', { identifier, verificationId, code })).toMatchObject({
      status: 400,
      body: { code: 'verification_code.expired' },
    });
  });

  it('refuses a code presented for another address', async () => {
    const { flow, verificationId, code } = await started('mine@example.com');
    expect(
      await flow.api('POST', '/verification/verification-code/verify', {
        identifier: { type: 'email', value: 'other@example.com' },
        verificationId,
        code,
      }),
    ).toMatchObject({ status: 400, body: { code: 'verification_code.email_mismatch' } });
  });

  it('locks the code after five wrong attempts, even for the right one', async () => {
    const { flow, verificationId, code, identifier } = await started('guesser@example.com');
    const wrong = code === '000000' ? '111111' : '000000';
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await flow.api('POST', '/verification/verification-code/verify', { identifier, verificationId, code: wrong });
    }
    expect(await flow.api('POST', '/verification/verification-code/verify', { identifier, verificationId, code })).toMatchObject({
      status: 400,
      body: { code: 'verification_code.exceed_max_try' },
    });
  });

  it('does not identify with an unverified code', async () => {
    const { flow, verificationId } = await started('unverified@example.com');
    expect(await flow.api('POST', '/identification', { verificationId })).toMatchObject({
      status: 400,
      body: { code: 'session.verification_failed' },
    });
  });

  it('answers 501 connector.not_found when no email connector is configured (as Logto)', async () => {
    await stack.database.db.delete(connectors).where(eq(connectors.tenantId, defaultTenantId));
    const flow = new ExperienceFlow(stack);
    await flow.start(rp);
    await flow.api('PUT', '', { interactionEvent: 'Register' });
    expect(
      await flow.api('POST', '/verification/verification-code', {
        identifier: { type: 'email', value: 'x@example.com' },
        interactionEvent: 'Register',
      }),
    ).toMatchObject({ status: 501, body: { code: 'connector.not_found' } });
  });
});

describe('forgot password with the mock email connector', () => {
  it("resets the password with a code read from the mock connector's file", async () => {
    await useConnector('mock-email-service', { folder: mockFolder });
    const email = 'forgetful@example.com';
    const user = await insertUser(stack.database.db, defaultTenantId, { primaryEmail: email, ...(await hashPassword('Old-password-123')) });

    // Signed in somewhere with the old password: that session's refresh token dies with the reset.
    const earlier = new ExperienceFlow(stack);
    await earlier.start(rp);
    await earlier.api('PUT', '', { interactionEvent: 'SignIn' });
    const oldVerification = await earlier.api('POST', '/verification/password', {
      identifier: { type: 'email', value: email },
      password: 'Old-password-123',
    });
    await earlier.api('POST', '/identification', { verificationId: oldVerification.body.verificationId });
    const earlierTokens = await earlier.redeem(rp, await earlier.submitAndReturn());
    expect(earlierTokens.refresh_token).toBeTruthy();

    const flow = new ExperienceFlow(stack);
    await flow.start(rp);
    await flow.api('PUT', '', { interactionEvent: 'ForgotPassword' });
    const verificationId = await sendCode(flow, email, 'ForgotPassword');
    const record = await codeInMockFile();
    expect(record).toMatchObject({ address: email, type: 'ForgotPassword' });
    await flow.api('POST', '/verification/verification-code/verify', {
      identifier: { type: 'email', value: email },
      verificationId,
      code: record.code,
    });
    expect((await flow.api('POST', '/identification', { verificationId })).status).toBe(204);
    expect(await flow.api('PUT', '/profile/password', { password: 'Old-password-123' })).toMatchObject({
      status: 422,
      body: { code: 'user.same_password' },
    });
    expect((await flow.api('PUT', '/profile/password', { password: 'New-password-456' })).status).toBe(204);
    expect((await flow.api('POST', '/submit')).status).toBe(204);

    const signIn = async (password: string) => {
      const again = new ExperienceFlow(stack);
      await again.start(rp);
      await again.api('PUT', '', { interactionEvent: 'SignIn' });
      return again.api('POST', '/verification/password', { identifier: { type: 'email', value: email }, password });
    };
    expect((await signIn('Old-password-123')).status).toBe(422);
    expect((await signIn('New-password-456')).status).toBe(200);
    await expect(client.refreshTokenGrant(rp, earlierTokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    const [row] = await stack.database.db
      .select()
      .from(users)
      .where(and(eq(users.tenantId, defaultTenantId), eq(users.id, user.id)));
    expect(row!.passwordEncryptionMethod).toBe('Argon2id');
  });

  it('signs in with an email code instead of a password', async () => {
    await useConnector('mock-email-service', { folder: mockFolder });
    const email = 'passwordless@example.com';
    const user = await insertUser(stack.database.db, defaultTenantId, { primaryEmail: email });
    const flow = new ExperienceFlow(stack);
    await flow.start(rp);
    await flow.api('PUT', '', { interactionEvent: 'SignIn' });
    const verificationId = await sendCode(flow, email, 'SignIn');
    const { code } = await codeInMockFile();
    await flow.api('POST', '/verification/verification-code/verify', { identifier: { type: 'email', value: email }, verificationId, code });
    expect((await flow.api('POST', '/identification', { verificationId })).status).toBe(204);
    expect((await flow.redeem(rp, await flow.submitAndReturn())).claims()!.sub).toBe(user.id);
  });
});

describe("a code to the user's own email as the second factor", () => {
  it('is asked for after the password, refuses a wrong code, and finishes with the right one', async () => {
    await useConnector('mock-email-service', { folder: mockFolder });
    const setFactors = (factors: string[]) =>
      stack.database.db
        .update(signInExperiences)
        .set({ mfa: { factors, policy: 'Mandatory' } })
        .where(eq(signInExperiences.tenantId, defaultTenantId));
    await setFactors(['EmailVerificationCode']);
    try {
      const email = 'two-steps@example.com';
      const user = await insertUser(stack.database.db, defaultTenantId, {
        primaryEmail: email,
        ...(await hashPassword('Two-steps-password-9')),
      });
      const flow = new ExperienceFlow(stack);
      await flow.start(rp);
      await flow.api('PUT', '', { interactionEvent: 'SignIn' });
      const verified = await flow.api('POST', '/verification/password', {
        identifier: { type: 'email', value: email },
        password: 'Two-steps-password-9',
      });
      await flow.api('POST', '/identification', { verificationId: verified.body.verificationId });
      expect(await flow.api('POST', '/submit')).toMatchObject({
        status: 403,
        body: { code: 'session.mfa.require_mfa_verification', data: { availableFactors: ['EmailVerificationCode'] } },
      });
      expect((await flow.api('POST', '/verification/mfa-verification-code', { identifierType: 'phone' })).status).toBe(400);
      const sent = await flow.api('POST', '/verification/mfa-verification-code', { identifierType: 'email' });
      expect(sent.status).toBe(200);
      const { code, address } = (await codeInMockFile()) as { code: string; address: string };
      expect(address).toBe(email);
      const verify = (candidate: string) =>
        flow.api('POST', '/verification/mfa-verification-code/verify', {
          verificationId: sent.body.verificationId,
          code: candidate,
          identifierType: 'email',
        });
      expect(await verify(code === '000000' ? '111111' : '000000')).toMatchObject({
        status: 400,
        body: { code: 'verification_code.code_mismatch' },
      });
      expect((await verify(code)).status).toBe(200);
      const tokens = await flow.redeem(rp, await flow.submitAndReturn());
      expect(tokens.claims()!.sub).toBe(user.id);
    } finally {
      await setFactors([]);
    }
  });
});

describe('phone numbers through the HTTP SMS connector', () => {
  it('texts a code to a real HTTP endpoint, registers with the phone alone, and signs in with a new code', async () => {
    const receiver = await startSmsReceiver();
    const { texts } = receiver;
    const { db } = stack.database;
    const [previous] = await db.select().from(signInExperiences).where(eq(signInExperiences.tenantId, defaultTenantId));
    try {
      await useConnector('http-sms', {
        endpoint: receiver.endpoint,
        authorization: 'Bearer sms-secret',
      });
      await db
        .update(signInExperiences)
        .set({
          signUp: { identifiers: ['phone'], password: false, verify: true },
          signIn: { methods: [{ identifier: 'phone', password: false, verificationCode: true, isPasswordPrimary: false }] },
        })
        .where(eq(signInExperiences.tenantId, defaultTenantId));
      const phone = '821012345678';
      const withCode = async (interactionEvent: 'Register' | 'SignIn') => {
        const flow = new ExperienceFlow(stack);
        await flow.start(rp);
        await flow.api('PUT', '', { interactionEvent });
        const sent = await flow.api('POST', '/verification/verification-code', {
          identifier: { type: 'phone', value: phone },
          interactionEvent,
        });
        expect(sent.status, JSON.stringify(sent.body)).toBe(200);
        const text = texts.at(-1)!;
        expect(text).toMatchObject({ to: phone, type: interactionEvent, authorization: 'Bearer sms-secret' });
        const verified = await flow.api('POST', '/verification/verification-code/verify', {
          identifier: { type: 'phone', value: phone },
          verificationId: sent.body.verificationId,
          code: text.payload.code,
        });
        expect(verified.status).toBe(200);
        return { flow, verificationId: sent.body.verificationId };
      };

      const registration = await withCode('Register');
      expect((await registration.flow.api('POST', '/identification', { verificationId: registration.verificationId })).status).toBe(201);
      const registered = (await registration.flow.redeem(rp, await registration.flow.submitAndReturn())).claims()!.sub;
      const [user] = await db
        .select()
        .from(users)
        .where(and(eq(users.tenantId, defaultTenantId), eq(users.id, registered)));
      expect(user).toMatchObject({ primaryPhone: phone, passwordEncrypted: null });

      const signIn = await withCode('SignIn');
      expect((await signIn.flow.api('POST', '/identification', { verificationId: signIn.verificationId })).status).toBe(204);
      expect((await signIn.flow.redeem(rp, await signIn.flow.submitAndReturn())).claims()!.sub).toBe(registered);
      expect(texts).toHaveLength(2);
    } finally {
      await db
        .update(signInExperiences)
        .set({ signUp: previous!.signUp, signIn: previous!.signIn })
        .where(eq(signInExperiences.tenantId, defaultTenantId));
      await receiver.close();
    }
  });
});
