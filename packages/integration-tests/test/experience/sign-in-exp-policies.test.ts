// Logto's later sign-in experience policies, set through the Management API and honoured by the
// real Experience API: username case sensitivity, secondary sign-up identifiers, password reset
// methods, the email blocklist and password expiration; and the support links in the built
// sign-in UI, in a real browser.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defaultTenantId } from '@idp/db';
import { repoRoot } from '@idp/launcher';
import { hashPassword } from '@idp/password';
import { users } from '@idp/schemas';
import { callbackUrl, startManagementTest as startManagementTestOn } from '@idp/test-stack';
import { and, eq } from 'drizzle-orm';
import * as client from 'openid-client';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ExperienceFlow,
  insertUser,
  launchBrowser,
  type ManagementTest,
  registerSpa,
  startTestStack,
  type TestStack,
} from '../../src/index.ts';

let stack: TestStack;
let call: ManagementTest['call'];
let rp: client.Configuration;
let folder: string;
let browser: Browser | undefined;

const password = 'Plenty-of-entropy-42';
const unique = (prefix: string) => `${prefix}_${Math.random().toString(36).slice(2, 10)}`;

async function patch(body: Record<string, unknown>) {
  const response = await call('PATCH', '/api/sign-in-exp', body);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
}

beforeAll(async () => {
  const dist = (name: string) => path.join(repoRoot, 'packages', name, 'dist');
  ({ stack, call } = await startManagementTestOn(() =>
    startTestStack({ frontends: { ui: dist('ui'), console: dist('console'), demoApp: dist('demo-app') } }),
  ));
  ({ rp } = await registerSpa(stack));
  folder = await mkdtemp(path.join(tmpdir(), 'sign-in-exp-policies-'));
  for (const connectorId of ['mock-email-service', 'mock-short-message-service']) {
    expect((await call('POST', '/api/connectors', { connectorId, config: { folder } })).status).toBe(200);
  }
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  if (folder) await rm(folder, { recursive: true, force: true });
});

/** The code the mock email connector last wrote. */
const lastEmailCode = async () =>
  (JSON.parse(await readFile(path.join(folder, 'mock-email-service.json'), 'utf8')) as { code: string }).code;

async function started(interactionEvent: 'SignIn' | 'Register' | 'ForgotPassword') {
  const flow = new ExperienceFlow(stack);
  await flow.start(rp);
  expect((await flow.api('PUT', '', { interactionEvent })).status).toBe(204);
  return flow;
}

/** Sends a code to `email` and verifies it: the verification id, or the refusal of the send. */
async function verifiedEmail(flow: ExperienceFlow, email: string, interactionEvent: string) {
  const identifier = { type: 'email', value: email };
  const sent = await flow.api('POST', '/verification/verification-code', { identifier, interactionEvent });
  if (sent.status !== 200) return { sent };
  const verificationId = String(sent.body.verificationId);
  const verified = await flow.api('POST', '/verification/verification-code/verify', {
    identifier,
    verificationId,
    code: await lastEmailCode(),
  });
  expect(verified.status).toBe(200);
  return { sent, verificationId };
}

const passwordSignIn = (flow: ExperienceFlow, username: string, secret = password) =>
  flow.api('POST', '/verification/password', { identifier: { type: 'username', value: username }, password: secret });

const casePolicy = (caseSensitive: boolean) => ({
  usernamePolicy: {
    caseSensitive,
    minLength: 1,
    maxLength: 128,
    allowedChars: { lowercase: true, uppercase: true, numbers: true, underscore: true },
  },
});

describe('usernamePolicy.caseSensitive', () => {
  it('matches usernames regardless of case once it is off, and refuses case-variant registrations', async () => {
    const name = unique('Mixed_Case');
    const user = await insertUser(stack.database.db, defaultTenantId, { username: name, ...(await hashPassword(password)) });

    // Case-sensitive (the default): another case is another, unknown, username.
    expect(await passwordSignIn(await started('SignIn'), name.toLowerCase())).toMatchObject({
      status: 422,
      body: { code: 'session.invalid_credentials' },
    });
    const variant = await (await started('Register')).api('POST', '/verification/new-password-identity', {
      identifier: { type: 'username', value: name.toUpperCase() },
      password,
    });
    expect(variant.status).toBe(200);

    await patch(casePolicy(false));
    try {
      const flow = await started('SignIn');
      const verification = await passwordSignIn(flow, name.toLowerCase());
      expect(verification.status).toBe(200);
      expect((await flow.api('POST', '/identification', { verificationId: verification.body.verificationId })).status).toBe(204);
      const tokens = await flow.redeem(rp, await flow.submitAndReturn());
      expect(tokens.claims()?.sub).toBe(user.id);

      expect(
        await (await started('Register')).api('POST', '/verification/new-password-identity', {
          identifier: { type: 'username', value: name.toUpperCase() },
          password,
        }),
      ).toMatchObject({ status: 422, body: { code: 'user.username_already_in_use' } });
    } finally {
      await patch(casePolicy(true));
    }
  });
});

describe('signUp.secondaryIdentifiers', () => {
  it("asks a registration for each one with Logto's missing-profile names", async () => {
    await patch({
      signUp: { identifiers: ['username'], password: true, verify: false, secondaryIdentifiers: [{ identifier: 'email', verify: true }] },
    });
    try {
      const flow = await started('Register');
      const username = unique('second');
      const identity = await flow.api('POST', '/verification/new-password-identity', {
        identifier: { type: 'username', value: username },
        password,
      });
      expect(await flow.api('POST', '/identification', { verificationId: identity.body.verificationId })).toMatchObject({
        status: 422,
        body: { code: 'user.missing_profile', data: { missingProfile: ['email'] } },
      });
      const email = `${username}@example.com`;
      const { verificationId } = await verifiedEmail(flow, email, 'Register');
      expect((await flow.api('POST', '/profile', { type: 'email', verificationId })).status).toBe(204);
      expect((await flow.api('POST', '/identification', {})).status).toBe(201);
      await flow.redeem(rp, await flow.submitAndReturn());
      const [created] = await stack.database.db
        .select()
        .from(users)
        .where(and(eq(users.tenantId, defaultTenantId), eq(users.username, username)));
      expect(created).toMatchObject({ primaryEmail: email });
      expect(created?.passwordUpdatedAt).toBeInstanceOf(Date);

      // emailOrPhone and username as secondary identifiers of an email registration.
      await patch({
        signUp: {
          identifiers: ['email'],
          password: false,
          verify: true,
          secondaryIdentifiers: [{ identifier: 'username' }, { identifier: 'emailOrPhone' }],
        },
        signIn: { methods: [{ identifier: 'email', password: false, verificationCode: true, isPasswordPrimary: false }] },
      });
      const second = await started('Register');
      const { verificationId: emailVerification } = await verifiedEmail(second, `${unique('by_email')}@example.com`, 'Register');
      expect(await second.api('POST', '/identification', { verificationId: emailVerification })).toMatchObject({
        status: 422,
        body: { code: 'user.missing_profile', data: { missingProfile: ['username'] } },
      });
    } finally {
      await patch({
        signUp: { identifiers: ['username'], password: true, verify: false },
        signIn: { methods: [{ identifier: 'username', password: true, verificationCode: false, isPasswordPrimary: true }] },
      });
    }
  });
});

describe('forgotPasswordMethods', () => {
  it('refuses a reset by a channel the list leaves out with session.not_supported_for_forgot_password', async () => {
    const email = `${unique('reset')}@example.com`;
    await insertUser(stack.database.db, defaultTenantId, { primaryEmail: email, ...(await hashPassword(password)) });
    await patch({ forgotPasswordMethods: ['PhoneVerificationCode'] });
    try {
      const refused = await started('ForgotPassword');
      const { verificationId } = await verifiedEmail(refused, email, 'ForgotPassword');
      expect(await refused.api('POST', '/identification', { verificationId })).toMatchObject({
        status: 422,
        body: { code: 'session.not_supported_for_forgot_password' },
      });

      await patch({ forgotPasswordMethods: ['EmailVerificationCode', 'PhoneVerificationCode'] });
      const allowed = await started('ForgotPassword');
      const { verificationId: again } = await verifiedEmail(allowed, email, 'ForgotPassword');
      expect((await allowed.api('POST', '/identification', { verificationId: again })).status).toBe(204);
    } finally {
      await patch({ forgotPasswordMethods: null });
    }
  });
});

describe('emailBlocklistPolicy', () => {
  it("refuses blocked addresses at registration and when one is added to a profile, with Logto's codes", async () => {
    await patch({ emailBlocklistPolicy: { blockSubaddressing: true, customBlocklist: ['@blocked.test', 'person@denied.test'] } });
    try {
      const flow = await started('Register');
      const refusal = async (email: string) => (await verifiedEmail(flow, email, 'Register')).sent;
      expect(await refusal('someone+tag@example.com')).toMatchObject({
        status: 422,
        body: { code: 'session.email_blocklist.email_subaddressing_not_allowed' },
      });
      expect(await refusal('anyone@BLOCKED.test')).toMatchObject({
        status: 422,
        body: { code: 'session.email_blocklist.email_not_allowed' },
      });
      expect(await refusal('Person@denied.test')).toMatchObject({
        status: 422,
        body: { code: 'session.email_blocklist.email_not_allowed' },
      });
      expect((await refusal('other@denied.test')).status).toBe(200);

      // A code sent for another purpose cannot slip a blocked address into a registration's profile.
      const { verificationId } = await verifiedEmail(flow, 'sneaky+tag@example.com', 'SignIn');
      expect(await flow.api('POST', '/profile', { type: 'email', verificationId })).toMatchObject({
        status: 422,
        body: { code: 'session.email_blocklist.email_subaddressing_not_allowed' },
      });
    } finally {
      await patch({ emailBlocklistPolicy: {} });
    }
  });
});

describe('passwordExpiration', () => {
  it('refuses an expired password at sign-in with password.expired until it is reset', async () => {
    const { db } = stack.database;
    const old = unique('old_password');
    const email = `${old}@example.com`;
    const stale = await insertUser(db, defaultTenantId, {
      username: old,
      primaryEmail: email,
      ...(await hashPassword(password)),
      passwordUpdatedAt: new Date(Date.now() - 40 * 24 * 60 * 60 * 1000),
    });
    const legacy = unique('legacy');
    await insertUser(db, defaultTenantId, { username: legacy, ...(await hashPassword(password)) });
    const fresh = unique('fresh');
    await insertUser(db, defaultTenantId, { username: fresh, ...(await hashPassword(password)), passwordUpdatedAt: new Date() });

    await patch({ passwordExpiration: { enabled: true, validPeriodDays: 30 } });
    try {
      expect(await passwordSignIn(await started('SignIn'), old)).toMatchObject({ status: 422, body: { code: 'password.expired' } });
      // A password of unknown age counts from when the policy was switched on.
      expect((await passwordSignIn(await started('SignIn'), legacy)).status).toBe(200);
      expect((await passwordSignIn(await started('SignIn'), fresh)).status).toBe(200);

      // Resetting it (Logto's way out) makes the new password valid again.
      const reset = await started('ForgotPassword');
      const { verificationId } = await verifiedEmail(reset, email, 'ForgotPassword');
      expect((await reset.api('POST', '/identification', { verificationId })).status).toBe(204);
      const newPassword = 'Another-good-password-77';
      expect((await reset.api('PUT', '/profile/password', { password: newPassword })).status).toBe(204);
      expect((await reset.api('POST', '/submit')).status).toBe(204);
      const [row] = await db.select().from(users).where(eq(users.id, stale.id));
      expect(row!.passwordUpdatedAt!.getTime()).toBeGreaterThan(Date.now() - 60_000);
      expect((await passwordSignIn(await started('SignIn'), old, newPassword)).status).toBe(200);

      // Switched off, old passwords sign in again.
      await db
        .update(users)
        .set({ passwordUpdatedAt: new Date(0) })
        .where(eq(users.id, stale.id));
      expect((await passwordSignIn(await started('SignIn'), old, newPassword)).status).toBe(422);
      await patch({ passwordExpiration: { enabled: false } });
      expect((await passwordSignIn(await started('SignIn'), old, newPassword)).status).toBe(200);
    } finally {
      await patch({ passwordExpiration: { enabled: false } });
    }
  });
});

describe('the built sign-in UI', () => {
  it('asks a registration for a secondary email, verifies it and creates the account', async () => {
    await patch({
      signUp: { identifiers: ['username'], password: true, verify: false, secondaryIdentifiers: [{ identifier: 'email', verify: true }] },
    });
    try {
      browser ??= await launchBrowser();
      const page = await browser.newPage();
      const url = client.buildAuthorizationUrl(rp, {
        redirect_uri: callbackUrl,
        scope: 'openid',
        code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
        code_challenge_method: 'S256',
        first_screen: 'register',
      });
      await page.goto(url.href);
      await page.waitForURL(`${stack.userUrl}/register**`);
      const username = unique('ui_second');
      const email = `${username}@example.com`;
      await page.getByLabel(/Username/).fill(username);
      await page.getByLabel('Password', { exact: true }).fill(password);
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.getByRole('heading', { name: /email/i }).waitFor();
      await page.getByLabel(/Email/).fill(email);
      await page.getByRole('button', { name: 'Send code' }).click();
      const mailed = async () =>
        JSON.parse(await readFile(path.join(folder, 'mock-email-service.json'), 'utf8')) as { address: string; code: string };
      await expect.poll(async () => (await mailed()).address).toBe(email);
      await page.getByLabel('Verification code').fill((await mailed()).code);
      const returned = page.waitForRequest((request) => request.url().startsWith(callbackUrl));
      await page.getByRole('button', { name: 'Continue' }).click();
      await returned;
      const [created] = await stack.database.db
        .select()
        .from(users)
        .where(and(eq(users.tenantId, defaultTenantId), eq(users.username, username)));
      expect(created).toMatchObject({ primaryEmail: email });
      await page.close();
    } finally {
      await patch({ signUp: { identifiers: ['username'], password: true, verify: false } });
    }
  });

  it("shows the tenant's support email and website under its pages, error pages included", async () => {
    await patch({ supportEmail: 'help@example.com', supportWebsiteUrl: 'https://help.example.com/contact' });
    try {
      browser ??= await launchBrowser();
      const page = await browser.newPage();
      await page.goto(`${stack.userUrl}/error?code=session.not_found`);
      const footer = page.locator('footer.support');
      await footer.waitFor();
      expect(await footer.locator('a[href="mailto:help@example.com"]').textContent()).toContain('help@example.com');
      expect(await footer.locator('a[href="https://help.example.com/contact"]').count()).toBe(1);

      await patch({ supportEmail: '', supportWebsiteUrl: null });
      await page.goto(`${stack.userUrl}/error?code=session.not_found`);
      await page.locator('h1').waitFor();
      expect(await page.locator('footer.support').count()).toBe(0);
    } finally {
      await patch({ supportEmail: null, supportWebsiteUrl: null });
    }
  });
});
