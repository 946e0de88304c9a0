import { defaultTenantId } from '@idp/db';
import { hashPassword } from '@idp/password';
import { logtoConfigs, signInExperiences } from '@idp/schemas';
import { and, eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { insertUser, saveScreenshot, type TestStack } from '../../src/index.ts';
import { type ConsoleHarness, createFirstAdmin, signIn, startConsoleHarness } from './console-harness.ts';
import { englishPhrases, leftoverEnglish } from './console-phrases.ts';

// The console's sign-in experience page (issue 16) in Debian's Chromium against the whole stack:
// what it saves reaches the sign-in UI and the demo app's next sign-in.
let harness: ConsoleHarness;
let stack: TestStack;
let adminPage: Page;
const admin = { username: 'first_admin', password: 'Console-pass-2026!' };

beforeAll(async () => {
  harness = await startConsoleHarness('console-sie');
  stack = harness.stack;
}, 120_000);
afterAll(async () => {
  await harness?.stop();
});

const newPage = (name: string, locale = 'en-US') => harness.newPage(name, { locale });
const consoleUrl = (route: string) => harness.consoleUrl(route);
const storedExperience = async () => {
  const [row] = await stack.database.db.select().from(signInExperiences).where(eq(signInExperiences.tenantId, defaultTenantId));
  return row!;
};

/** Save, check the summary names exactly these sections, and apply. */
async function saveConfirming(page: Page, sections: string[]) {
  await page.getByRole('button', { name: 'Save changes', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Save these changes?' });
  await expect.poll(() => dialog.getByRole('list', { name: 'Changed settings' }).getByRole('listitem').allInnerTexts()).toEqual(sections);
  await dialog.getByRole('button', { name: 'Save and apply' }).click();
  await dialog.waitFor({ state: 'hidden' });
}

describe('console: sign-in experience', () => {
  it('first run: the new administrator finds the sign-in experience page', async () => {
    const { page } = await newPage('first-run');
    adminPage = page;
    await createFirstAdmin(harness, page, admin);
    await page.getByRole('link', { name: 'Sign-in experience', exact: true }).click();
    await page.getByRole('heading', { name: 'Sign-in experience', level: 1 }).waitFor();
    await page.getByLabel('Primary colour').waitFor();
  });

  it('an invalid combination shows the API message and saves nothing', async () => {
    const page = adminPage;
    const before = await storedExperience();
    expect(before.signUp.identifiers).toContain('username');
    await page.getByLabel('Create a password at sign-up').uncheck();
    await saveConfirming(page, ['Sign-up']);
    await page.getByRole('alert').getByText('Signing up with a username requires setting a password.').waitFor();
    expect((await storedExperience()).signUp).toEqual(before.signUp);
    await page.getByRole('button', { name: 'Discard changes' }).click();
    await expect.poll(() => page.getByLabel('Create a password at sign-up').isChecked()).toBe(true);
  });

  it('the live preview shows unsaved changes and takes no input', async () => {
    const page = adminPage;
    const preview = page.frameLocator('iframe[title="Live preview"]');
    onTestFailed(async () => {
      console.log(`screenshot: ${await saveScreenshot(page, 'preview')}`);
    });
    // Inert content is out of the accessibility tree: found by its markup, not its role.
    await preview.locator('[data-preview="true"] button[type="submit"]').first().waitFor();
    const frame = (await (await preview.owner().elementHandle())!.contentFrame())!;
    expect(new URL(frame.url()).origin).toBe(new URL(stack.userUrl).origin);
    const previewColour = () =>
      frame.evaluate<string>('getComputedStyle(document.documentElement).getPropertyValue("--brand-color").trim()');
    await page.getByLabel('Primary colour', { exact: true }).fill('#B42318');
    await expect.poll(previewColour).toBe('#B42318');
    expect((await storedExperience()).color.primaryColor).not.toBe('#B42318');
    // The preview is a picture of the page: its form cannot be used.
    expect(await preview.locator('[data-preview="true"]').getAttribute('inert')).not.toBeNull();
    await page.getByRole('button', { name: 'Discard changes' }).click();
    await expect.poll(previewColour).not.toBe('#B42318');
  });

  it('a new primary colour reaches the sign-in page', async () => {
    const page = adminPage;
    await page.getByLabel('Primary colour', { exact: true }).fill('not a colour');
    await page.getByRole('button', { name: 'Save changes', exact: true }).click();
    await page.locator('#sie-primary-color-error').getByText('A colour such as #5D34F2').waitFor();
    await page.getByLabel('Primary colour', { exact: true }).fill('#0A7D3E');
    await saveConfirming(page, ['Colours']);
    await page.getByText('Saved').first().waitFor();
    expect((await storedExperience()).color.primaryColor).toBe('#0A7D3E');

    const { page: visitor, context } = await newPage('brand-colour');
    await visitor.goto(`${stack.userUrl}/demo-app`);
    await visitor.getByRole('button', { name: 'Sign in' }).click();
    await visitor.waitForURL(`${stack.userUrl}/sign-in**`);
    await expect
      .poll(() => visitor.evaluate<string>('getComputedStyle(document.documentElement).getPropertyValue("--brand-color").trim()'))
      .toBe('#0A7D3E');
    await context.close();
  });

  it('mandatory TOTP saved in the console: the demo app’s next sign-in asks to set up an authenticator app', async () => {
    const page = adminPage;
    await page.getByLabel('Policy', { exact: true }).selectOption('Mandatory');
    await page.getByLabel('Authenticator app (TOTP)').check();
    await saveConfirming(page, ['2-step verification']);
    await expect.poll(async () => (await storedExperience()).mfa).toMatchObject({ policy: 'Mandatory', factors: ['Totp'] });

    const password = 'Quiet-harbor-58';
    await insertUser(stack.database.db, defaultTenantId, { username: 'mfa_person', ...(await hashPassword(password)) });
    const { page: person, context } = await newPage('mfa-sign-in');
    await person.goto(`${stack.userUrl}/demo-app`);
    await person.getByRole('button', { name: 'Sign in' }).click();
    await person.waitForURL(`${stack.userUrl}/sign-in**`);
    await person.getByLabel('Username').fill('mfa_person');
    await person.getByLabel('Password', { exact: true }).fill(password);
    await person.getByRole('button', { name: 'Sign in', exact: true }).click();
    await person.getByRole('heading', { name: /^Set up (2-step verification|your authenticator app)$/ }).waitFor();
    expect(person.url()).not.toContain('/demo-app');
    await context.close();
  });

  it('saves account center permissions', async () => {
    const page = adminPage;
    await page.getByLabel('People may manage their account (Account API)').check();
    await page.getByLabel('Name', { exact: true }).selectOption('Edit');
    await page.locator('#sie-ac-email').selectOption('ReadOnly');
    await page.getByRole('button', { name: 'Save account center' }).click();
    const stored = async () => {
      const [row] = await stack.database.db
        .select()
        .from(logtoConfigs)
        .where(and(eq(logtoConfigs.tenantId, defaultTenantId), eq(logtoConfigs.key, 'accountCenter')));
      return row?.value;
    };
    await expect.poll(stored).toMatchObject({ enabled: true, fields: { name: 'Edit', email: 'ReadOnly', phone: 'Off' } });
  });

  it('shows the page in English and in Korean, with no English left (screenshots in the artifacts folder)', async () => {
    await adminPage.goto(consoleUrl('/sign-in-experience'));
    await adminPage.getByLabel('Primary colour', { exact: true }).waitFor();
    await adminPage.waitForLoadState('networkidle');
    await saveScreenshot(adminPage, 'console-page-en-sign-in-experience');

    const { page } = await newPage('korean', 'ko-KR');
    await page.goto(consoleUrl('/sign-in-experience'));
    await page.waitForURL(/\/sign-in/);
    await signIn(page, admin.username, admin.password);
    await page.waitForURL(consoleUrl('/sign-in-experience'));
    await page.getByRole('heading', { name: '로그인 경험', level: 1 }).waitFor();
    await page.getByLabel('기본 색상', { exact: true }).waitFor();
    await page.waitForLoadState('networkidle');
    await saveScreenshot(page, 'console-page-ko-sign-in-experience');
    expect(await leftoverEnglish(page, englishPhrases())).toEqual([]);
  }, 60_000);
});
