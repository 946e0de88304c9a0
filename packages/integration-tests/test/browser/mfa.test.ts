import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defaultTenantId, generateId } from '@idp/db';
import { repoRoot } from '@idp/launcher';
import { hashPassword } from '@idp/password';
import { applications, connectors, signInExperiences } from '@idp/schemas';
import { and, eq } from 'drizzle-orm';
import { Secret, TOTP } from 'otpauth';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { insertUser, launchBrowser, saveScreenshot, startTestStack, type TestStack } from '../../src/index.ts';

// 2-step verification and passkeys in a real browser: the built demo app and sign-in UI behind
// the gateway, an authenticator app played by `otpauth`, and Chromium's virtual authenticator.
//
// WebAuthn refuses IP addresses as relying parties, and the Experience API takes its relying
// party from the tenant's endpoint: the stack's endpoints are on `localhost` (a secure context
// over http, resolving to the loopback address the stack listens on).
let stack: TestStack;
let browser: Browser;
let base: string;
let mailFolder: string;

beforeAll(async () => {
  const dist = (name: string) => path.join(repoRoot, 'packages', name, 'dist');
  stack = await startTestStack({
    endpointHost: 'localhost',
    frontends: { ui: dist('ui'), console: dist('console'), demoApp: dist('demo-app') },
  });
  base = stack.userUrl;

  const { db } = stack.database;
  const demoApp = `${base}/demo-app`;
  await db
    .update(applications)
    .set({ oidcClientMetadata: { redirectUris: [demoApp], postLogoutRedirectUris: [demoApp] } })
    .where(and(eq(applications.tenantId, defaultTenantId), eq(applications.id, 'demo-app')));
  mailFolder = await mkdtemp(path.join(tmpdir(), 'idp-browser-mfa-mail-'));
  await db
    .insert(connectors)
    .values({ tenantId: defaultTenantId, id: generateId(), connectorId: 'mock-email-service', config: { folder: mailFolder } });
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  if (mailFolder) await rm(mailFolder, { recursive: true, force: true });
});

const lastMail = async () =>
  JSON.parse(await readFile(path.join(mailFolder, 'mock-email-service.json'), 'utf8')) as { address: string; code: string; type: string };

/** Username and password to register and sign in, with the given MFA and passkey settings. */
async function configureSignInExperience(changes: Pick<typeof signInExperiences.$inferInsert, 'mfa' | 'passkeySignIn' | 'sentinelPolicy'>) {
  await stack.database.db
    .update(signInExperiences)
    .set({
      signUp: { identifiers: ['username'], password: true, verify: false },
      signIn: { methods: [{ identifier: 'username', password: true, verificationCode: false, isPasswordPrimary: true }] },
      ...changes,
    })
    .where(eq(signInExperiences.tenantId, defaultTenantId));
}

async function newPage(name: string, locale = 'en-US'): Promise<Page> {
  const context = await browser.newContext({ locale });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  onTestFailed(async () => {
    console.log(`screenshot: ${await saveScreenshot(page, name)} at ${page.url()}`);
  });
  return page;
}

async function expectSignedIn(page: Page, username: string) {
  await page.waitForURL(`${base}/demo-app**`);
  await page.getByRole('heading', { name: 'ID token claims' }).waitFor();
  await page.getByRole('heading', { name: 'User info' }).waitFor();
  await expect.poll(async () => page.locator('body').innerText()).toContain(username);
}

/** From the signed-in demo app: sign out, then "Sign in" again to the sign-in page. */
async function signOutAndOpenSignIn(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${base}/sign-in**`);
}

async function signInWithPassword(page: Page, username: string, password: string) {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

const errorText = (page: Page) => page.getByRole('alert').filter({ hasText: /\S/ }).first().innerText();

const totpPeriodMs = 30_000;
const stepAt = (time: number) => Math.floor(time / totpPeriodMs);

describe('2-step verification in the browser', () => {
  it('sets up an authenticator app and backup codes at registration, then signs in with each', async () => {
    await configureSignInExperience({ mfa: { factors: ['Totp', 'BackupCode'], policy: 'Mandatory' }, passkeySignIn: { enabled: false } });
    const page = await newPage('mfa-totp-backup-codes');
    const username = 'totp_person';
    const password = 'Quiet-harbor-58';

    // Register in the demo app; the account must set up a second step before it gets in.
    await page.goto(`${base}/demo-app`);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(`${base}/register**`);
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Create account', exact: true }).click();

    await page.getByRole('heading', { name: 'Set up 2-step verification' }).waitFor();
    await page.getByRole('link', { name: /Authenticator app/ }).click();

    // The authenticator app: the QR code for phones, and the key as text, which we "type" into otpauth.
    await page.getByRole('heading', { name: 'Set up your authenticator app' }).waitFor();
    await expect.poll(() => page.getByRole('img', { name: /QR code/ }).getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    const secret = (await page.getByRole('group', { name: 'Setup key' }).locator('code').innerText()).replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    const totp = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' });
    const codeField = page.getByLabel('Code from your authenticator app');
    await expect.poll(() => codeField.getAttribute('autocomplete')).toBe('one-time-code');

    // A wrong code is announced and the field stays for the next try.
    const nowCodes = [-1, 0, 1].map((offset) => totp.generate({ timestamp: Date.now() + offset * totpPeriodMs }));
    let wrong = '000000';
    while (nowCodes.includes(wrong)) wrong = String(Number(wrong) + 1).padStart(6, '0');
    await codeField.fill(wrong);
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => errorText(page)).toMatch(/code is wrong/i);

    const boundAt = Date.now();
    await codeField.fill(totp.generate({ timestamp: boundAt }));
    await page.getByRole('button', { name: 'Continue' }).click();

    // Backup codes come next, as the tenant enables them too.
    await page.getByRole('heading', { name: 'Save your backup codes' }).waitFor();
    const codeList = page.getByRole('list', { name: 'Backup codes' });
    await codeList.waitFor();
    const codes = await codeList.getByRole('listitem').allInnerTexts();
    expect(codes).toHaveLength(10);
    await expect(page.getByRole('button', { name: 'Copy codes' }).isVisible()).resolves.toBe(true);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download' }).click();
    expect((await download).suggestedFilename()).toBe('backup-codes.txt');
    await page.getByRole('button', { name: 'I have saved them' }).click();
    await expectSignedIn(page, username);

    // Next sign-in: password, then the authenticator app. The code used when binding is spent,
    // so the app's code of the next time step (accepted one step early) is typed.
    await signOutAndOpenSignIn(page);
    await signInWithPassword(page, username, password);
    await page.getByRole('heading', { name: '2-step verification' }).waitFor();
    await page.waitForURL(`${base}/mfa-verification/totp**`);
    const nextStep = Math.max(stepAt(Date.now()), stepAt(boundAt) + 1);
    await page.getByLabel('Code from your authenticator app').fill(totp.generate({ timestamp: nextStep * totpPeriodMs }));
    await page.getByRole('button', { name: 'Continue' }).click();
    await expectSignedIn(page, username);

    // And once with a backup code instead.
    await signOutAndOpenSignIn(page);
    await signInWithPassword(page, username, password);
    await page.getByRole('heading', { name: '2-step verification' }).waitFor();
    await page.getByRole('link', { name: 'Use a backup code' }).click();
    await page.waitForURL(`${base}/mfa-verification/backup-code**`);
    await page.getByLabel('Backup code').fill(codes[0]!);
    await page.getByRole('button', { name: 'Continue' }).click();
    await expectSignedIn(page, username);
  }, 180_000);

  it('binds a passkey at sign-in, verifies with it, then signs in with the passkey alone', async () => {
    await configureSignInExperience({ mfa: { factors: ['WebAuthn'], policy: 'Mandatory' }, passkeySignIn: { enabled: true } });
    const username = 'passkey_person';
    const password = 'Amber-lantern-73';
    await insertUser(stack.database.db, defaultTenantId, { username, ...(await hashPassword(password)) });

    const page = await newPage('mfa-passkey');
    const cdp: CDPSession = await page.context().newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
    });

    // Signing in with the password alone is not enough: a passkey is set up on the way.
    await page.goto(`${base}/demo-app`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/sign-in**`);
    await signInWithPassword(page, username, password);
    await page.getByRole('heading', { name: 'Set up 2-step verification' }).waitFor();
    await page.getByRole('link', { name: /Passkey or security key/ }).click();
    await page.getByRole('heading', { name: 'Create a passkey' }).waitFor();
    await page.getByRole('button', { name: 'Create a passkey' }).click();
    await expectSignedIn(page, username);
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(credentials).toHaveLength(1);
    expect(credentials[0]!.isResidentCredential).toBe(true);

    // Password, then the passkey as the second step.
    await signOutAndOpenSignIn(page);
    await signInWithPassword(page, username, password);
    await page.getByRole('heading', { name: '2-step verification' }).waitFor();
    await page.waitForURL(`${base}/mfa-verification/webauthn**`);
    await page.getByRole('button', { name: 'Use your passkey' }).click();
    await expectSignedIn(page, username);

    // The passkey alone: nothing typed.
    await signOutAndOpenSignIn(page);
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await expectSignedIn(page, username);

    // With autofill allowed, the sign-in page asks for a passkey as it opens (conditional
    // mediation, offered in the username field's suggestions); the virtual authenticator, having
    // no one to ask, answers at once with the only passkey it holds.
    await configureSignInExperience({
      mfa: { factors: ['WebAuthn'], policy: 'Mandatory' },
      passkeySignIn: { enabled: true, allowAutofill: true },
    });
    const visited: string[] = [];
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) visited.push(frame.url());
    });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expectSignedIn(page, username);
    expect(visited.some((url) => url.startsWith(`${base}/sign-in`))).toBe(true);
  }, 180_000);

  it("asks for a code sent to the account's email address as the second step", async () => {
    await configureSignInExperience({
      mfa: { factors: ['EmailVerificationCode'], policy: 'Mandatory' },
      passkeySignIn: { enabled: false },
    });
    const username = 'mail_person';
    const password = 'Velvet-orchard-26';
    const email = 'mail.person@example.com';
    await insertUser(stack.database.db, defaultTenantId, { username, primaryEmail: email, ...(await hashPassword(password)) });
    const page = await newPage('mfa-email-code');

    await page.goto(`${base}/demo-app`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/sign-in**`);
    await signInWithPassword(page, username, password);
    await page.waitForURL(`${base}/mfa-verification/email**`);
    await page.getByText('A code has been sent to your email address.').waitFor();
    const mail = await lastMail();
    expect(mail).toMatchObject({ address: email, type: 'MfaVerification' });
    const codeField = page.getByLabel('Verification code');
    await expect.poll(() => codeField.getAttribute('autocomplete')).toBe('one-time-code');
    await codeField.fill(mail.code === '000000' ? '000001' : '000000');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => errorText(page)).toBe('The verification code is wrong.');
    await codeField.fill(mail.code);
    await page.getByRole('button', { name: 'Continue' }).click();
    await expectSignedIn(page, username);
  }, 120_000);

  // Last in the file: its failed attempts also count against the browser's address.
  it('in Korean: explains a rejected password and, after repeated failures, when to try again', async () => {
    await configureSignInExperience({
      mfa: { factors: [], policy: 'UserControlled' },
      passkeySignIn: { enabled: false },
      sentinelPolicy: { maxAttempts: 3, lockoutDuration: 15 },
    });
    const username = 'locked_person';
    const password = 'Copper-meadow-41';
    await insertUser(stack.database.db, defaultTenantId, { username, ...(await hashPassword(password)) });
    const page = await newPage('mfa-korean-lockout', 'ko-KR');

    // Registering with a password from the breached list: the rule is named.
    await page.goto(`${base}/demo-app`);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(`${base}/register**`);
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('ko');
    await page.getByLabel('사용자 이름').fill('korean_person');
    await page.getByLabel('비밀번호', { exact: true }).fill('password');
    await page.getByRole('button', { name: '계정 만들기', exact: true }).click();
    await expect.poll(() => errorText(page)).toContain('흔히 쓰이거나 유출된 적이 있는 비밀번호입니다.');

    // Signing in: three wrong passwords, then the identifier is locked, even for the right one.
    await page.getByRole('link', { name: '로그인', exact: true }).click();
    await page.waitForURL(`${base}/sign-in**`);
    await page.getByLabel('사용자 이름').fill(username);
    const attempt = async (value: string) => {
      await page.getByLabel('비밀번호', { exact: true }).fill(value);
      await Promise.all([
        page.waitForResponse((response) => response.url().endsWith('/api/experience/verification/password')),
        page.getByRole('button', { name: '로그인', exact: true }).click(),
      ]);
    };
    for (const wrong of ['Wrong-guess-one', 'Wrong-guess-two', 'Wrong-guess-six']) {
      await attempt(wrong);
      await expect.poll(() => errorText(page)).toBe('계정 이름 또는 비밀번호가 올바르지 않습니다.');
    }
    await attempt(password);
    await expect.poll(() => errorText(page)).toBe('시도 횟수가 너무 많습니다. 15분 후에 다시 시도하세요.');
  }, 120_000);
});
