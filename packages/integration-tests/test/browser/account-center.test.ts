import path from 'node:path';
import { defaultTenantId } from '@idp/db';
import { repoRoot } from '@idp/launcher';
import { hashPassword } from '@idp/password';
import { applications, signInExperiences, type UpdateAccountCenterBody } from '@idp/schemas';
import { and, eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import {
  callApi,
  createManagementClient,
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

beforeAll(async () => {
  const dist = (name: string) => path.join(repoRoot, 'packages', name, 'dist');
  stack = await startTestStack({ frontends: { ui: dist('ui'), console: dist('console'), demoApp: dist('demo-app') } });
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
    .set({ signIn: { methods: [{ identifier: 'username', password: true, verificationCode: false, isPasswordPrimary: true }] } })
    .where(eq(signInExperiences.tenantId, defaultTenantId));
  adminToken = await managementToken(base, (await createManagementClient(stack)).app);
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function setAccountCenter(body: UpdateAccountCenterBody) {
  const { status } = await callApi(base, adminToken, 'PATCH', '/api/account-center', body);
  expect(status).toBe(200);
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
