import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { adminTenantId, defaultTenantId, generateId } from '@idp/db';
import { repoRoot } from '@idp/launcher';
import { hashPassword } from '@idp/password';
import { applications, connectors, oidcModelInstances, signInExperiences, type UpdateAccountCenterBody } from '@idp/schemas';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { Secret, TOTP } from 'otpauth';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import {
  callApi,
  createManagementClient,
  insertApplication,
  insertUser,
  launchBrowser,
  managementToken,
  saveScreenshot,
  startTestStack,
  type TestStack,
} from '../../src/index.ts';
import { everyFieldEditable } from '../account-api/harness.ts';

// The account center of the sign-in UI in a real browser: the built demo app links to /account,
// which signs in as the seeded `account-center` app and calls the Account API; the administrator
// turns fields on and off through the Management API.
let stack: TestStack;
let browser: Browser;
let base: string;
let adminToken: string;
let mailFolder: string;
const socialConnectorId = 'upstream-connector';

beforeAll(async () => {
  const dist = (name: string) => path.join(repoRoot, 'packages', name, 'dist');
  // On `localhost`: WebAuthn refuses IP addresses as relying parties.
  stack = await startTestStack({
    endpointHost: 'localhost',
    frontends: { ui: dist('ui'), console: dist('console'), demoApp: dist('demo-app') },
  });
  base = stack.userUrl;
  const { db } = stack.database;
  // The seed names the default endpoint; the stack listens elsewhere.
  for (const [id, redirectUri, postLogoutUri] of [
    ['demo-app', `${base}/demo-app`, `${base}/demo-app`],
    ['account-center', `${base}/account/callback`, `${base}/account`],
  ] as const) {
    await db
      .update(applications)
      .set({ oidcClientMetadata: { redirectUris: [redirectUri], postLogoutRedirectUris: [postLogoutUri] } })
      .where(and(eq(applications.tenantId, defaultTenantId), eq(applications.id, id)));
  }
  await db
    .update(signInExperiences)
    .set({
      signIn: { methods: [{ identifier: 'username', password: true, verificationCode: false, isPasswordPrimary: true }] },
      socialSignInConnectorTargets: ['upstream'],
    })
    .where(eq(signInExperiences.tenantId, defaultTenantId));
  mailFolder = await mkdtemp(path.join(tmpdir(), 'idp-browser-account-mail-'));
  await db
    .insert(connectors)
    .values({ tenantId: defaultTenantId, id: generateId(), connectorId: 'mock-email-service', config: { folder: mailFolder } });
  // A social provider to link: the admin tenant of our own OP, with a user of its own.
  const upstreamApp = await insertApplication(db, adminTenantId, {
    type: 'Traditional',
    oidcClientMetadata: { redirectUris: [`${base}/account/social/callback/${socialConnectorId}`], postLogoutRedirectUris: [] },
  });
  await insertUser(db, adminTenantId, {
    username: 'upstream_person',
    primaryEmail: 'upstream.person@example.com',
    ...(await hashPassword('Upstream-pass-42')),
  });
  await db.insert(connectors).values({
    tenantId: defaultTenantId,
    id: socialConnectorId,
    connectorId: 'oidc',
    config: { issuer: `${stack.adminUrl}/oidc`, clientId: upstreamApp.id, clientSecret: upstreamApp.secret, target: 'upstream' },
    metadata: { target: 'upstream', name: { en: 'Upstream' } },
  });
  adminToken = await managementToken(base, (await createManagementClient(stack)).app);
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  if (mailFolder) await rm(mailFolder, { recursive: true, force: true });
  await Promise.all(
    stored.map((url) => rm(path.resolve('.data', 'user-assets', 'default', path.basename(new URL(url).pathname)), { force: true })),
  );
});

// A 1×1 PNG, and the avatars uploaded (removed from the stack's default folder afterwards).
const onePixelPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const stored: string[] = [];

const lastMail = async () =>
  JSON.parse(await readFile(path.join(mailFolder, 'mock-email-service.json'), 'utf8')) as { address: string; code: string };

/** The 2-step verification factors the tenant offers (none: sign-in never asks to set one up). */
async function setMfaFactors(factors: string[]) {
  await stack.database.db
    .update(signInExperiences)
    .set({ mfa: { factors, policy: 'UserControlled' } })
    .where(eq(signInExperiences.tenantId, defaultTenantId));
}

async function setAccountCenter(body: UpdateAccountCenterBody) {
  const { status } = await callApi(base, adminToken, 'PATCH', '/api/account-center', body);
  expect(status).toBe(200);
}

/** Signs a new browser in to the account pages directly. */
async function openAccount(name: string, username: string, password: string, at = '/account'): Promise<Page> {
  const page = await newPage(name);
  await page.goto(`${base}${at}`);
  await signInWithPassword(page, username, password);
  await page.waitForURL(`${base}${at}`);
  return page;
}

/** The step-up dialog, answered with the current password. */
async function stepUp(page: Page, password: string) {
  const dialog = page.getByRole('dialog', { name: 'Verify it is you' });
  await dialog.getByLabel('Current password').fill(password);
  await dialog.getByRole('button', { name: 'Continue' }).click();
  await dialog.waitFor({ state: 'detached' });
}

/** The step-up dialog, answered with a code sent to the user's current email address. */
async function stepUpWithEmailCode(page: Page, email: string) {
  const dialog = page.getByRole('dialog', { name: 'Verify it is you' });
  await dialog.getByRole('button', { name: `Send a code to ${email} instead` }).click();
  const before = await lastMail().catch(() => undefined);
  await dialog.getByRole('button', { name: 'Send code' }).click();
  await expect
    .poll(() =>
      lastMail().then(
        (mail) => mail.code,
        () => '',
      ),
    )
    .not.toBe(before?.code ?? '');
  await dialog.getByLabel('Verification code').fill((await lastMail()).code);
  await dialog.getByRole('button', { name: 'Continue' }).click();
  await dialog.waitFor({ state: 'detached' });
}

async function newPage(name: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  onTestFailed(async () => {
    console.log(`screenshot: ${await saveScreenshot(page, name)} at ${page.url()}`);
  });
  return page;
}

async function signInWithPassword(page: Page, username: string, password: string) {
  await page.waitForURL(`${base}/sign-in**`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

const errorText = (page: Page) => page.getByRole('alert').filter({ hasText: /\S/ }).first().innerText();

describe('the account center in a browser', () => {
  it('changes the name and the password (after a step-up), and the new password signs in', async () => {
    await setAccountCenter(everyFieldEditable);
    const username = 'account_person';
    const oldPassword = 'Amber-lantern-42';
    const newPassword = 'Copper-meadow-87';
    await insertUser(stack.database.db, defaultTenantId, { username, ...(await hashPassword(oldPassword)) });
    const page = await newPage('account-center-journey');

    // The demo app, then "Manage account": the account pages sign in on the same session.
    await page.goto(`${base}/demo-app`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await signInWithPassword(page, username, oldPassword);
    await page.waitForURL(`${base}/demo-app**`);
    await page.getByRole('link', { name: 'Manage account' }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    await page.waitForURL(`${base}/account`);
    await expect.poll(() => page.locator('.account-list').first().innerText()).toContain(username);

    // The name: changed in place, kept after a reload.
    await page.getByRole('button', { name: 'Change Name' }).click();
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Ada Lovelace');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.locator('.account-list').first().innerText()).toContain('Ada Lovelace');
    await page.reload();
    await expect.poll(() => page.locator('.account-list').first().innerText()).toContain('Ada Lovelace');

    // The password: the form, then a step-up dialog asking for the current one (a wrong one is refused).
    await page.getByRole('link', { name: 'Change Password' }).click();
    await page.waitForURL(`${base}/account/password`);
    await page.getByLabel('New password', { exact: true }).fill(newPassword);
    await page.getByLabel('Confirm new password').fill(newPassword);
    await page.getByRole('button', { name: 'Change password' }).click();
    const dialog = page.getByRole('dialog', { name: 'Verify it is you' });
    await dialog.getByLabel('Current password').fill('Not-the-password-1');
    await dialog.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => dialog.getByRole('alert').innerText()).toMatch(/wrong/i);
    await dialog.getByLabel('Current password').fill(oldPassword);
    await dialog.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${base}/account?done=password`);
    await expect.poll(() => page.getByRole('status').first().innerText()).toContain('Your password has been changed.');

    // Sign out: the account pages send the user to sign in again, where only the new password works.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signInWithPassword(page, username, oldPassword);
    await expect.poll(() => errorText(page)).toMatch(/wrong/i);
    await page.getByLabel('Password', { exact: true }).fill(newPassword);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    await expect.poll(() => page.locator('.account-list').first().innerText()).toContain('Ada Lovelace');
  }, 120_000);

  it('changes the email with a code, adds and removes TOTP, backup codes and a passkey, ends a session, revokes an app', async () => {
    await setAccountCenter({ enabled: true, fields: { ...everyFieldEditable.fields, session: 'Edit' } });
    const username = 'busy_person';
    const password = 'Velvet-harbor-29';
    await insertUser(stack.database.db, defaultTenantId, {
      username,
      primaryEmail: 'old.busy@example.com',
      ...(await hashPassword(password)),
    });
    const page = await openAccount('account-center-email-mfa-sessions', username, password);
    await page.getByRole('heading', { name: 'Your account' }).waitFor();

    // Email: a code goes to the new address; the step-up comes before the change.
    await page.getByRole('link', { name: 'Change Email' }).click();
    await page.getByLabel('New Email').fill('new.busy@example.com');
    await page.getByRole('button', { name: 'Send code' }).click();
    await expect
      .poll(() =>
        lastMail().then(
          (mail) => mail.address,
          () => '',
        ),
      )
      .toBe('new.busy@example.com');
    await page.getByLabel('Verification code').fill((await lastMail()).code);
    await page.getByRole('button', { name: 'Continue' }).click();
    await stepUp(page, password);
    await page.waitForURL(`${base}/account?done=email`);
    await expect.poll(() => page.locator('.account-list').nth(1).innerText()).toContain('new.busy@example.com');

    // An authenticator app: the key as text (typed into otpauth here), its first code, the step-up.
    await setMfaFactors(['Totp', 'BackupCode', 'WebAuthn']);
    await page.reload();
    await page.getByRole('link', { name: '2-step verification' }).click();
    await page.getByRole('heading', { name: '2-step verification' }).waitFor();
    await page.getByRole('button', { name: 'Add an authenticator app' }).click();
    const secret = (await page.getByRole('group', { name: 'Setup key' }).locator('code').innerText()).replace(/\s/g, '');
    const totp = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' });
    await page.getByLabel('Code from your authenticator app').fill(totp.generate());
    await page.getByRole('button', { name: 'Continue' }).click();
    await stepUp(page, password);
    await page.getByRole('button', { name: 'Remove Authenticator app' }).waitFor();
    // Backup codes, once another factor is there: shown once, saved after the step-up.
    await page.getByRole('button', { name: 'Create backup codes' }).click();
    await expect.poll(() => page.getByRole('list', { name: 'Backup codes' }).locator('li').count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'I have saved them' }).click();
    await stepUp(page, password);
    // This step-up takes a code sent to the (new) email address instead of the password.
    await page.getByRole('button', { name: 'Remove Backup codes' }).click();
    await stepUpWithEmailCode(page, 'new.busy@example.com');
    await expect.poll(() => page.getByRole('button', { name: 'Remove Backup codes' }).count()).toBe(0);
    // A passkey, made by Chromium's virtual authenticator.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
    });
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await stepUp(page, password);
    await page.getByRole('button', { name: 'Remove Passkey' }).click();
    await stepUp(page, password);
    await expect.poll(() => page.locator('.account-items li').count()).toBe(1);
    await page.getByRole('button', { name: 'Remove Authenticator app' }).click();
    await stepUp(page, password);
    await page.getByText('No 2-step verification method is set up.').waitFor();
    await setMfaFactors([]);

    // Another browser signs in; this one sees both sessions after a step-up and ends the other.
    const other = await openAccount('account-center-other-browser', username, password);
    await other.getByRole('heading', { name: 'Your account' }).waitFor();
    // This browser also signs in to the demo app (on the same session).
    await page.goto(`${base}/demo-app`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'ID token claims' }).waitFor();
    await page.goto(`${base}/account`);
    await page.getByRole('link', { name: 'Sessions and apps' }).click();
    await stepUp(page, password);
    await page.getByRole('heading', { name: 'Where you are signed in' }).waitFor();
    const devices = page.locator('.account-items').first().locator('li');
    await expect.poll(() => devices.count()).toBe(2);
    const apps = page.locator('.account-items').nth(1).locator('li');
    await expect.poll(() => apps.count()).toBe(3); // the demo app, and the account pages in each browser
    // The first change uses the record the list was shown with; it ends the other browser's apps too.
    await devices.filter({ hasText: 'Another browser' }).getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => devices.count()).toBe(1);
    await expect.poll(() => apps.count()).toBe(2);
    await expect.poll(() => devices.first().innerText()).toContain('This browser');
    // In the database, the account pages keep one grant of this user (this browser's), and only
    // its tokens: the other browser's went with its session.
    const accountPageRows = await stack.database.db
      .select({ model: oidcModelInstances.modelName, id: oidcModelInstances.id, payload: oidcModelInstances.payload })
      .from(oidcModelInstances)
      .where(
        and(
          eq(oidcModelInstances.tenantId, defaultTenantId),
          inArray(oidcModelInstances.modelName, ['Grant', 'AccessToken', 'RefreshToken']),
          sql`${oidcModelInstances.payload} ->> 'clientId' = 'account-center'`,
          sql`${oidcModelInstances.payload} ->> 'accountId' = (select id from users where username = ${username} and tenant_id = ${defaultTenantId})`,
        ),
      );
    const grantsLeft = new Set(accountPageRows.map(({ model, id, payload }) => (model === 'Grant' ? id : String(payload.grantId))));
    expect(grantsLeft.size, JSON.stringify(accountPageRows.map(({ model, payload }) => [model, payload.grantId]))).toBe(1);
    // The other browser's token no longer works: it is told to sign in again.
    await other.reload();
    // Polled as text, so a failure shows what the other browser shows instead.
    await expect.poll(() => other.locator('body').innerText(), { timeout: 15_000 }).toContain('Sign in again');

    // Revoking the demo app's access asks again: the record was spent.
    await page.getByRole('button', { name: 'Revoke Live Preview' }).click();
    await stepUp(page, password);
    await expect.poll(() => apps.count()).toBe(1);
    await expect.poll(() => apps.first().innerText()).toContain('Account Center');
  }, 180_000);

  it('unlinks and links social accounts, uploads an avatar, changes the username', async () => {
    await setAccountCenter(everyFieldEditable);
    const password = 'Linen-compass-71';
    await insertUser(stack.database.db, defaultTenantId, {
      username: 'linked_person',
      identities: { github: { userId: 'gh-1234', details: { email: 'linked@example.com' } } },
      ...(await hashPassword(password)),
    });
    const page = await openAccount('account-center-social-username', 'linked_person', password, '/account/social');
    await page.getByRole('heading', { name: 'Social accounts' }).waitFor();
    await expect.poll(() => page.locator('.account-items').innerText()).toContain('linked@example.com');
    await page.getByRole('button', { name: 'Unlink github' }).click();
    await stepUp(page, password);
    await page.getByText('No social accounts are linked.').waitFor();

    // Linking: the step-up first, then the provider's own sign-in page, then back here.
    await page.getByRole('button', { name: 'Link Upstream' }).click();
    await stepUp(page, password);
    await page.waitForURL(`${stack.adminUrl}/sign-in**`);
    await page.getByLabel(/Username/).fill('upstream_person');
    await page.getByLabel('Password', { exact: true }).fill('Upstream-pass-42');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(`${base}/account/social?done=linked`);
    await expect.poll(() => page.getByRole('status').first().innerText()).toBe('The account has been linked.');
    await expect.poll(() => page.locator('.account-items').innerText()).toContain('upstream.person@example.com');

    await page.getByRole('link', { name: 'Back to your account' }).click();
    // A picture uploaded becomes the avatar, served by the gateway.
    await page.getByLabel('Upload a picture').setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: onePixelPng });
    await expect.poll(() => page.locator('img.account-avatar').getAttribute('src')).toMatch(/\/user-assets\/[\w-]+\.png$/);
    const avatar = (await page.locator('img.account-avatar').getAttribute('src')) ?? '';
    stored.push(avatar);
    expect((await fetch(avatar)).headers.get('content-type')).toBe('image/png');

    await page.getByRole('button', { name: 'Change Username' }).click();
    await page.getByRole('textbox', { name: 'Username' }).fill('renamed_person');
    await page.getByRole('button', { name: 'Save' }).click();
    await stepUp(page, password);
    await expect.poll(() => page.locator('.account-list').first().innerText()).toContain('renamed_person');
  }, 120_000);

  it('offers no password form when the password is read-only', async () => {
    await setAccountCenter({ enabled: true, fields: { ...everyFieldEditable.fields, password: 'ReadOnly' } });
    const username = 'read_only_person';
    const password = 'Silver-orchard-63';
    await insertUser(stack.database.db, defaultTenantId, { username, ...(await hashPassword(password)) });
    const page = await newPage('account-center-read-only-password');

    // Straight to the password page: it signs in first, then comes back to it.
    await page.goto(`${base}/account/password`);
    await signInWithPassword(page, username, password);
    await page.waitForURL(`${base}/account/password`);
    await page.getByRole('heading', { name: 'Password' }).waitFor();
    await expect.poll(() => page.getByRole('status').first().innerText()).toBe('Your password cannot be changed here.');
    expect(await page.getByLabel('New password', { exact: true }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Change password' }).count()).toBe(0);

    // The overview shows the password row without a way to change it.
    await page.getByRole('link', { name: 'Back to your account' }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    expect(await page.getByRole('link', { name: 'Change Password' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Change Name' }).count()).toBe(1);
  }, 120_000);

  it('says so when the account center is disabled, without asking to sign in', async () => {
    await setAccountCenter({ enabled: false });
    const page = await newPage('account-center-disabled');
    await page.goto(`${base}/account/password`);
    await page.getByRole('heading', { name: 'Account center unavailable' }).waitFor();
    await expect.poll(() => page.getByRole('status').first().innerText()).toMatch(/not enabled/);
    expect(page.url()).toBe(`${base}/account/password`);
  }, 60_000);
});
