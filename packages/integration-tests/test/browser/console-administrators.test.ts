import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir } from '../../src/index.ts';
import { type ConsoleHarness, createFirstAdmin, signIn, startConsoleHarness } from './console-harness.ts';

// The console's Administrators and Profile pages (issue 16), built (`pnpm --filter @idp/console
// build`), in Chromium against the whole stack on a fresh database: the first administrator adds a
// second one, who signs in; the first removes the second, cannot remove themself as the last one,
// and changes their own name and password.
let harness: ConsoleHarness;
let adminPage: Page;
const admin = { username: 'first_admin', password: 'Console-pass-2026!' };
const second = { username: 'second_admin', name: 'Second Admin', email: 'second.admin@example.com' };
const newPassword = 'Renewed-console-pass-2026?';
const state: { secondPassword?: string } = {};

beforeAll(async () => {
  harness = await startConsoleHarness('console-administrators');
}, 120_000);
afterAll(async () => {
  await harness?.stop();
});

const consoleUrl = (route: string) => harness.consoleUrl(route);
// Each page, kept in the (gitignored) artifacts folder like the other suites' screenshots.
const screenshot = (page: Page, name: string) => page.screenshot({ path: path.join(artifactsDir, `console-${name}.png`), fullPage: true });

/** Signs in to the console from a page that is not signed in, landing on `route`. */
async function consoleSignIn(page: Page, route: string, username: string, password: string) {
  await page.goto(consoleUrl(route));
  await page.waitForURL(/\/sign-in/);
  await signIn(page, username, password);
  await page.waitForURL(consoleUrl(route));
}

describe('console administrators and profile', () => {
  it('sets up the first administrator, who sees themself marked as you', async () => {
    const { page } = await harness.newPage('first-admin');
    adminPage = page;
    await createFirstAdmin(harness, page, admin);
    await page.getByRole('link', { name: 'Administrators', exact: true }).click();
    await page.getByRole('heading', { name: 'Administrators', level: 1 }).waitFor();
    const row = page.getByRole('row').filter({ hasText: admin.username });
    await row.getByText('You', { exact: true }).waitFor();
  });

  it('adds a second administrator with a password shown once', async () => {
    const page = adminPage;
    await page.getByRole('button', { name: 'Add administrator' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add an administrator' });
    // No username to sign in with: explained, nothing sent.
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();
    await dialog.getByText('Enter a username: the console signs in with it').waitFor();
    await dialog.getByLabel('Username', { exact: true }).fill(second.username);
    await dialog.getByLabel('Name', { exact: true }).fill(second.name);
    await dialog.getByLabel('Email address', { exact: true }).fill(second.email);
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();
    const shown = page.getByRole('dialog', { name: 'Password of the new administrator' });
    state.secondPassword = (await shown.getByTestId('generated-password').textContent()) ?? '';
    expect(state.secondPassword).toHaveLength(20);
    await shown.getByRole('button', { name: 'Done' }).click();
    await shown.waitFor({ state: 'detached' });
    const row = page.getByRole('row').filter({ hasText: second.username });
    await row.getByText(second.name).waitFor();
    await row.getByText(second.email).waitFor();
    expect(await row.getByText('You', { exact: true }).count()).toBe(0);
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'administrators');
  });

  it('lets the second administrator sign in to the console and manage users', async () => {
    const { page, context } = await harness.newPage('second-admin');
    await consoleSignIn(page, '/users', second.username, state.secondPassword!);
    await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Dashboard', exact: true }).click();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Administrators', exact: true }).click();
    const mine = page.getByRole('row').filter({ hasText: second.username });
    await mine.getByText('You', { exact: true }).waitFor();
    await context.close();
  });

  it('removes the second administrator after a typed confirmation', async () => {
    const page = adminPage;
    await page.getByRole('button', { name: `Remove ${second.name}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove administrator' });
    const confirm = dialog.getByRole('button', { name: 'Remove', exact: true });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel(`Type ${second.name} to confirm`).fill(second.name);
    await confirm.click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText(`Administrator ${second.name} removed`).first().waitFor();
    await page.getByRole('row').filter({ hasText: second.username }).waitFor({ state: 'detached' });
  });

  it("refuses the last administrator's own removal with the API's message", async () => {
    const page = adminPage;
    await page.getByRole('button', { name: `Remove ${admin.username}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove administrator' });
    await dialog.getByLabel(`Type ${admin.username} to confirm`).fill(admin.username);
    await dialog.getByRole('button', { name: 'Remove', exact: true }).click();
    await dialog.getByRole('alert').filter({ hasText: 'The last administrator cannot be removed.' }).waitFor();
    await screenshot(page, 'administrators-last-admin');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('row').filter({ hasText: admin.username }).waitFor();
  });

  it('changes their own name, shown among the administrators', async () => {
    const page = adminPage;
    await page.getByRole('link', { name: 'Profile', exact: true }).click();
    await page.getByRole('heading', { name: 'Profile', level: 1 }).waitFor();
    expect(await page.getByLabel('Username', { exact: true }).inputValue()).toBe(admin.username);
    await page.getByLabel('Name', { exact: true }).fill('Ada Admin');
    // An avatar that is no web address is explained at its field.
    await page.getByLabel('Avatar URL').fill('javascript:alert(1)');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Enter an http(s) URL').waitFor();
    await page.getByLabel('Avatar URL').fill('');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Profile saved').first().waitFor();
    await page.getByRole('link', { name: 'Administrators', exact: true }).click();
    await page.getByRole('row').filter({ hasText: 'Ada Admin' }).getByText('You', { exact: true }).waitFor();
  });

  it('changes their password with the current one, then signs in with the new one only', { timeout: 60_000 }, async () => {
    const page = adminPage;
    await page.getByRole('link', { name: 'Profile', exact: true }).click();
    await page.getByLabel('Current password').fill('not-my-password');
    await page.getByLabel('New password', { exact: true }).fill(newPassword);
    await page.getByLabel('Confirm the new password').fill(`${newPassword}x`);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('The two passwords are not the same').waitFor();
    await page.getByLabel('Confirm the new password').fill(newPassword);
    await page.getByRole('button', { name: 'Change password' }).click();
    // A wrong current password is refused by the API, at its field.
    const current = page.getByLabel('Current password');
    await expect.poll(() => current.getAttribute('aria-invalid')).toBe('true');
    await current.fill(admin.password);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Password changed').first().waitFor();
    expect(await current.inputValue()).toBe('');
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'profile');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in/);
    await page.goto(consoleUrl('/profile'));
    await page.waitForURL(/\/sign-in/);
    await signIn(page, admin.username, admin.password);
    await expect.poll(() => page.getByRole('alert').filter({ hasText: /\S/ }).first().innerText()).toMatch(/wrong/i);
    expect(page.url()).toMatch(/\/sign-in/);
    await page.goto(consoleUrl('/profile'));
    await page.waitForURL(/\/sign-in/);
    await signIn(page, admin.username, newPassword);
    await page.waitForURL(consoleUrl('/profile'));
    await page.getByRole('heading', { name: 'Profile', level: 1 }).waitFor();
  });

  it('speaks Korean on both pages', async () => {
    const { page, context } = await harness.newPage('korean', { locale: 'ko-KR' });
    await consoleSignIn(page, '/administrators', admin.username, newPassword);
    await page.getByRole('heading', { name: '관리자', level: 1 }).waitFor();
    await page.getByRole('row').filter({ hasText: 'Ada Admin' }).getByText('나', { exact: true }).waitFor();
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'administrators-ko');
    await page.getByRole('link', { name: '프로필', exact: true }).click();
    await page.getByRole('heading', { name: '프로필', level: 1 }).waitFor();
    await page.getByLabel('현재 비밀번호').waitFor();
    await screenshot(page, 'profile-ko');
    await context.close();
  });
});
