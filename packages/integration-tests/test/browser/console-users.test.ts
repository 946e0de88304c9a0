import { defaultTenantId } from '@idp/db';
import { roles, signInExperiences, users, usersRoles } from '@idp/schemas';
import { and, eq } from 'drizzle-orm';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveScreenshot, type TestStack } from '../../src/index.ts';
import { type ConsoleHarness, createFirstAdmin, signIn, startConsoleHarness } from './console-harness.ts';
import { englishPhrases, leftoverEnglish } from './console-phrases.ts';

// The console's users pages (issue 16), built (`pnpm --filter @idp/console build`), in Chromium
// against the whole stack on a fresh database: an administrator adds a user, hands them a password,
// and the user signs in to the demo app with it until suspended.
let harness: ConsoleHarness;
let stack: TestStack;
let adminPage: Page;
const admin = { username: 'users_admin', password: 'Console-pass-2026!' };
const person = { username: 'pat_customer', name: 'Pat Customer', email: 'pat.customer@example.com' };
const state: { userId?: string; password?: string } = {};

beforeAll(async () => {
  harness = await startConsoleHarness('console-users');
  stack = harness.stack;
  // The people the console adds sign in with a username and the password they were given.
  await stack.database.db
    .update(signInExperiences)
    .set({
      signUp: { identifiers: ['username'], password: true, verify: false },
      signIn: { methods: [{ identifier: 'username', password: true, verificationCode: false, isPasswordPrimary: true }] },
    })
    .where(eq(signInExperiences.tenantId, defaultTenantId));
}, 120_000);
afterAll(async () => {
  await harness?.stop();
});

const newPage = (name: string, locale = 'en-US') => harness.newPage(name, { locale });
const consoleUrl = (route: string) => harness.consoleUrl(route);

/** The password dialog's password, read back from the clipboard after its Copy button. */
async function copyShownPassword(page: Page): Promise<string> {
  const dialog = page.getByRole('dialog', { name: 'New password' });
  const shown = (await dialog.getByTestId('generated-password').textContent()) ?? '';
  await dialog.getByRole('button', { name: 'Copy Password' }).click();
  await page.getByText('Copied to the clipboard').first().waitFor();
  const copied = await page.evaluate<string>('navigator.clipboard.readText()');
  expect(copied).toBe(shown);
  await dialog.getByRole('button', { name: 'Done' }).click();
  await dialog.waitFor({ state: 'detached' });
  return copied;
}

/** Signs in to the demo app in a fresh browser context; answers the page it ended on. */
async function demoSignIn(name: string, password: string): Promise<{ page: Page; context: BrowserContext }> {
  const opened = await newPage(name);
  const { page } = opened;
  await page.goto(`${stack.userUrl}/demo-app`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${stack.userUrl}/sign-in**`);
  await signIn(page, person.username, password);
  return opened;
}

describe('console users pages', () => {
  it('sets up the first administrator', async () => {
    const { page } = await newPage('first-run');
    adminPage = page;
    await createFirstAdmin(harness, page, admin);
  });

  it('adds a user with a generated password shown once, and refuses a taken username at its field', async () => {
    const page = adminPage;
    await page.getByRole('link', { name: 'Users', exact: true }).click();
    await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Add user' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a user' });
    // Nothing to sign in with: explained at the username field, nothing sent.
    await dialog.getByLabel('Name', { exact: true }).fill(person.name);
    await dialog.getByRole('button', { name: 'Add user' }).click();
    await dialog.getByText('Give a username, an email address or a phone number').waitFor();
    await dialog.getByLabel('Username', { exact: true }).fill(person.username);
    await dialog.getByLabel('Email address', { exact: true }).fill(person.email);
    await dialog.getByRole('button', { name: 'Add user' }).click();
    const first = await copyShownPassword(page);
    expect(first).toMatch(/^.{20}$/);
    await page.waitForURL(/\/console\/users\/[\w-]+$/);
    await page.getByRole('heading', { name: person.name, level: 1 }).waitFor();
    state.userId = (await page.getByTestId('user-id').textContent()) ?? '';
    const [row] = await stack.database.db
      .select()
      .from(users)
      .where(and(eq(users.tenantId, defaultTenantId), eq(users.id, state.userId)));
    expect(row).toMatchObject({ username: person.username, primaryEmail: person.email, name: person.name });
    expect(row?.passwordEncrypted).toBeTruthy();

    // The same username again: the API's message, next to the username field.
    await page.goto(consoleUrl('/users'));
    await page.getByRole('button', { name: 'Add user' }).click();
    await dialog.getByLabel('Username', { exact: true }).fill(person.username);
    await dialog.getByRole('button', { name: 'Add user' }).click();
    await dialog.locator('#user-username-error').getByText('This username is already in use.').waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  }, 60_000);

  it('resets the password; the user signs in to the demo app with it', async () => {
    const page = adminPage;
    await page.goto(consoleUrl(`/users/${state.userId}`));
    await page.getByRole('button', { name: 'Reset password' }).click();
    const confirm = page.getByRole('dialog', { name: `Reset the password of ${person.name}?` });
    await confirm.getByRole('button', { name: 'Reset password' }).click();
    state.password = await copyShownPassword(page);

    const { page: demo, context } = await demoSignIn('demo-sign-in', state.password);
    await demo.waitForURL(`${stack.userUrl}/demo-app**`);
    await demo.getByRole('heading', { name: 'ID token claims' }).waitFor();
    await expect.poll(async () => demo.locator('body').innerText()).toContain(state.userId);
    await context.close();
  }, 60_000);

  it('finds the user by a part of their name, email or id, and nobody for other words', async () => {
    const page = adminPage;
    await page.goto(consoleUrl('/users'));
    const table = page.getByRole('table', { name: 'Users' });
    for (const term of ['customer', 'pat.customer@example', state.userId?.slice(2, 12) ?? '']) {
      await page.getByRole('searchbox').fill(term);
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await page.waitForURL(new RegExp(`search=${encodeURIComponent(term).replace(/\./g, '\\.')}`));
      await table.getByRole('link', { name: person.name }).waitFor();
    }
    await page.getByRole('searchbox').fill('nobody-by-this-name');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await table.getByText('Nothing here yet').waitFor();
  });

  it('suspends the user: the demo app sign-in is refused; reactivated, it works again', async () => {
    const page = adminPage;
    await page.goto(consoleUrl(`/users/${state.userId}`));
    await page.getByRole('button', { name: 'Suspend user' }).click();
    await page
      .getByRole('dialog', { name: `Suspend ${person.name}?` })
      .getByRole('button', { name: 'Suspend user' })
      .click();
    await page.getByRole('button', { name: 'Reactivate user' }).waitFor();
    const [row] = await stack.database.db
      .select()
      .from(users)
      .where(eq(users.id, state.userId ?? ''));
    expect(row?.isSuspended).toBe(true);

    const refused = await demoSignIn('demo-suspended', state.password ?? '');
    await refused.page.getByText('This account is suspended.').waitFor();
    expect(refused.page.url()).not.toContain('/demo-app');
    await refused.context.close();

    await page.getByRole('button', { name: 'Reactivate user' }).click();
    await page.getByRole('button', { name: 'Suspend user' }).waitFor();
  }, 60_000);

  it('keeps custom data as JSON, refusing what does not parse', async () => {
    const page = adminPage;
    const editor = page.locator('#user-custom-data');
    await editor.fill('{ "plan": ');
    await page.getByRole('form', { name: 'Custom data' }).getByRole('button', { name: 'Save changes' }).click();
    await page.locator('#user-custom-data-error').getByText('This is not valid JSON').waitFor();
    await editor.fill('{ "plan": "gold" }');
    await page.getByRole('form', { name: 'Custom data' }).getByRole('button', { name: 'Save changes' }).click();
    await expect
      .poll(
        async () =>
          (
            await stack.database.db
              .select()
              .from(users)
              .where(eq(users.id, state.userId ?? ''))
          )[0]?.customData,
      )
      .toEqual({ plan: 'gold' });
  });

  it('assigns a user role and removes it again', async () => {
    const { db } = stack.database;
    await db
      .insert(roles)
      .values({ tenantId: defaultTenantId, id: 'support-agent-role', name: 'support-agent', description: 'Answers tickets' });
    const held = () =>
      db
        .select({ roleId: usersRoles.roleId })
        .from(usersRoles)
        .where(eq(usersRoles.userId, state.userId ?? ''));
    const page = adminPage;
    await page.goto(consoleUrl(`/users/${state.userId}`));
    await page.getByLabel('Role to assign').selectOption({ label: 'support-agent' });
    await page.getByRole('button', { name: 'Assign', exact: true }).click();
    await page.getByRole('button', { name: 'Remove role support-agent' }).waitFor();
    expect(await held()).toEqual([{ roleId: 'support-agent-role' }]);
    await page.getByRole('button', { name: 'Remove role support-agent' }).click();
    await page.getByText('This user has no roles').waitFor();
    expect(await held()).toEqual([]);
  });

  it('lists an MFA factor and removes it after confirmation', async () => {
    const { db } = stack.database;
    const factors = () =>
      db
        .select({ mfa: users.mfaVerifications })
        .from(users)
        .where(eq(users.id, state.userId ?? ''));
    // The key is never read here: the page lists factors without their secrets.
    await db
      .update(users)
      .set({ mfaVerifications: [{ id: 'totp-factor-1', type: 'Totp', key: 'sealed', createdAt: new Date().toISOString() }] })
      .where(eq(users.id, state.userId ?? ''));
    const page = adminPage;
    await page.goto(consoleUrl(`/users/${state.userId}`));
    await page.getByRole('button', { name: 'Remove factor Authenticator app (TOTP)' }).click();
    await page.getByRole('dialog', { name: 'Remove this factor?' }).getByRole('button', { name: 'Remove' }).click();
    await page.getByText('No factors set up').waitFor();
    expect((await factors())[0]?.mfa).toEqual([]);
  });

  it('shows the users pages in English and in Korean, with no English phrase left in Korean', async () => {
    const routes = ['/users', `/users/${state.userId}`];
    const shot = (route: string) => (route === '/users' ? 'users' : 'users-details');
    for (const route of routes) {
      await adminPage.goto(consoleUrl(route));
      await adminPage.locator('main h1').waitFor();
      await adminPage.waitForLoadState('networkidle');
      await saveScreenshot(adminPage, `console-page-en-${shot(route)}`);
    }

    const { page, context } = await newPage('korean', 'ko-KR');
    await page.goto(consoleUrl('/users'));
    await page.waitForURL(/\/sign-in/);
    await signIn(page, admin.username, admin.password);
    await page.waitForURL(consoleUrl('/users'));
    const english = englishPhrases();
    for (const route of routes) {
      await page.goto(consoleUrl(route));
      await page.locator('main h1').waitFor();
      await page.waitForLoadState('networkidle');
      await saveScreenshot(page, `console-page-ko-${shot(route)}`);
      expect(await leftoverEnglish(page, english), route).toEqual([]);
    }
    await page.getByRole('button', { name: '비밀번호 재설정' }).click();
    await page.getByRole('dialog').waitFor();
    expect(await leftoverEnglish(page, english), 'reset password dialog').toEqual([]);
    await page.keyboard.press('Escape');
    await page.goto(consoleUrl('/users'));
    await page.getByRole('button', { name: '사용자 추가' }).click();
    await page.getByRole('dialog').waitFor();
    expect(await leftoverEnglish(page, english), 'add user dialog').toEqual([]);
    await saveScreenshot(page, 'console-page-ko-users-create');
    await context.close();
  }, 90_000);

  it('deletes the user after the administrator types their name', async () => {
    const page = adminPage;
    await page.goto(consoleUrl(`/users/${state.userId}`));
    await page.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this user?' });
    const action = dialog.getByRole('button', { name: 'Delete' });
    expect(await action.isDisabled()).toBe(true);
    await dialog.getByLabel(`Type ${person.name} to confirm`).fill(person.name);
    await action.click();
    await page.waitForURL(consoleUrl('/users'));
    expect(
      await stack.database.db
        .select()
        .from(users)
        .where(eq(users.id, state.userId ?? '')),
    ).toEqual([]);
  });

  it('turns pages with Next and Previous, the next page fetched while the one before is shown', async () => {
    const page = adminPage;
    // 45 users newer than anyone else, newest first: paging_user_1 … paging_user_45.
    await stack.database.pool.query(
      `insert into users (tenant_id, id, username, created_at)
       select $1, 'paging' || lpad(n::text, 15, '0'), 'paging_user_' || n, now() + interval '1 hour' - make_interval(secs => n)
       from generate_series(1, 45) as n`,
      [defaultTenantId],
    );
    const requestedPages: string[] = [];
    const onRequest = (request: { url(): string }) => {
      const url = new URL(request.url());
      if (url.pathname === '/api/users') requestedPages.push(url.searchParams.get('page') ?? '');
    };
    page.on('request', onRequest);
    try {
      await page.goto(consoleUrl('/users'));
      const table = page.getByRole('table', { name: 'Users' });
      const user = (n: number) => table.getByRole('link', { name: `paging_user_${n}`, exact: true });
      await user(1).waitFor();
      // Page 2 is asked for while page 1 is on screen, before anyone clicks Next.
      await expect.poll(() => requestedPages, { timeout: 10_000 }).toContain('2');
      const pages = page.getByRole('navigation', { name: 'Pages' });
      await pages.getByRole('button', { name: 'Next' }).click();
      await user(21).waitFor();
      await page.waitForURL(/[?&]page=2/);
      expect(await user(1).count()).toBe(0);
      await pages.getByRole('button', { name: 'Next' }).click();
      await user(41).waitFor();
      await pages.getByRole('button', { name: 'Previous' }).click();
      await user(21).waitFor();
      expect(await user(41).count()).toBe(0);
    } finally {
      page.off('request', onRequest);
    }
  }, 60_000);
});
