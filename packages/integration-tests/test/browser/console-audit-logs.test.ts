import { defaultTenantId, generateId } from '@idp/db';
import { hashPassword } from '@idp/password';
import { logs } from '@idp/schemas';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertUser, saveScreenshot } from '../../src/index.ts';
import { type ConsoleHarness, createFirstAdmin, signIn, startConsoleHarness } from './console-harness.ts';
import { englishPhrases, leftoverEnglish } from './console-phrases.ts';

// The console's audit log pages (issue 16) in Chromium against the whole stack: a failed sign-in
// at the demo app shows in the log under its filter, with its whole payload in the detail view.
let harness: ConsoleHarness;
let adminPage: Page;
const admin = { username: 'logs_admin', password: 'Console-pass-2026!' };
const person = { username: 'robin_reader', password: 'Quiet-harbor-58' };
const failedKey = 'Interaction.SignIn.Verification.Password.Submit';
const seeded = { userId: generateId(), at: new Date('2026-01-15T10:00:00Z') };

beforeAll(async () => {
  harness = await startConsoleHarness('console-audit-logs');
  const { db } = harness.stack.database;
  await insertUser(db, defaultTenantId, { username: person.username, ...(await hashPassword(person.password)) });
  // An older entry of another user, for the user and time filters.
  const key = 'ExchangeTokenBy.RefreshToken';
  await db.insert(logs).values({
    tenantId: defaultTenantId,
    id: generateId(),
    key,
    payload: { key, result: 'Success', userId: seeded.userId, applicationId: 'demo-app' },
    createdAt: seeded.at,
  });
}, 120_000);
afterAll(async () => {
  await harness?.stop();
});

const consoleUrl = (route: string) => harness.consoleUrl(route);
const rows = (page: Page) => page.getByRole('table', { name: 'Audit logs' }).locator('tbody tr');
const filters = (page: Page) => page.getByRole('form', { name: 'Filters' });

async function applyFilters(page: Page, values: { event?: string; user?: string; application?: string }) {
  const form = filters(page);
  await form.getByLabel('Event', { exact: true }).fill(values.event ?? '');
  await form.getByLabel('User ID', { exact: true }).fill(values.user ?? '');
  await form.getByLabel('Application ID', { exact: true }).fill(values.application ?? '');
  await form.getByRole('button', { name: 'Apply filters' }).click();
}

describe('console: audit logs', () => {
  it('a wrong password at the demo app is logged as a failed sign-in step', async () => {
    const { page, context } = await harness.newPage('failed-sign-in');
    await page.goto(`${harness.stack.userUrl}/demo-app`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${harness.stack.userUrl}/sign-in**`);
    const answered = page.waitForResponse((response) => response.url().endsWith('/api/experience/verification/password'));
    await signIn(page, person.username, 'not-the-password');
    expect((await answered).status()).toBeGreaterThanOrEqual(400);
    await context.close();
  });

  it('finds it in the console by event and application, newest first, and shows its payload', async () => {
    const { page } = await harness.newPage('first-run');
    adminPage = page;
    await createFirstAdmin(harness, page, admin);
    await page.getByRole('link', { name: 'Audit logs', exact: true }).click();
    await page.getByRole('heading', { name: 'Audit logs', level: 1 }).waitFor();
    // Newest first: the seeded January entry is last.
    await expect.poll(() => rows(page).count()).toBeGreaterThan(2);
    await expect.poll(async () => (await rows(page).last().innerText()).includes('ExchangeTokenBy.RefreshToken')).toBe(true);

    // The experience service writes its log in batches: look until it is there.
    await expect
      .poll(
        async () => {
          await applyFilters(page, { event: failedKey, application: 'demo-app' });
          await page.waitForLoadState('networkidle');
          return rows(page).filter({ hasText: failedKey }).count();
        },
        { timeout: 15_000 },
      )
      .toBeGreaterThan(0);
    expect(page.url()).toContain(`logKey=${encodeURIComponent(failedKey)}`);
    const texts = await rows(page).allInnerTexts();
    expect(texts.every((text) => text.startsWith(failedKey) && text.includes('demo-app'))).toBe(true);
    const failed = rows(page).filter({ hasText: 'Error' }).first();
    await failed.waitFor();
    await saveScreenshot(page, 'console-page-en-audit-logs');

    await failed.getByRole('link', { name: failedKey }).click();
    await page.getByRole('heading', { name: failedKey, level: 1 }).waitFor();
    const payload = JSON.parse((await page.getByTestId('log-payload').textContent()) ?? '{}') as Record<string, unknown>;
    expect(payload).toMatchObject({ key: failedKey, result: 'Error', applicationId: 'demo-app', interactionEvent: 'SignIn' });
    expect(payload.error).toMatchObject({ code: expect.any(String) });
    await saveScreenshot(page, 'console-page-en-audit-log-details');
    await page.getByRole('link', { name: 'Back to audit logs' }).click();
    await page.getByRole('heading', { name: 'Audit logs', level: 1 }).waitFor();
  });

  it('filters by user and by time range, and explains a range that ends before it starts', async () => {
    const page = adminPage;
    await applyFilters(page, { user: seeded.userId });
    await expect.poll(() => rows(page).allInnerTexts()).toEqual([expect.stringContaining('ExchangeTokenBy.RefreshToken')]);
    await rows(page).first().getByRole('link', { name: seeded.userId }).waitFor();

    await applyFilters(page, {});
    const form = filters(page);
    await form.getByLabel('From').fill('2026-01-01T00:00');
    await form.getByLabel('To').fill('2026-01-31T23:59');
    await form.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => rows(page).allInnerTexts()).toEqual([expect.stringContaining('ExchangeTokenBy.RefreshToken')]);

    await form.getByLabel('From').fill('2026-02-01T00:00');
    await form.getByRole('button', { name: 'Apply filters' }).click();
    await form.getByText('“From” must not be after “To”').waitFor();
    await form.getByRole('button', { name: 'Reset' }).click();
    await expect.poll(() => rows(page).count()).toBeGreaterThan(2);
  });

  it('shows the pages in Korean with no English left', async () => {
    const { page } = await harness.newPage('korean', { locale: 'ko-KR' });
    await page.goto(consoleUrl('/audit-logs'));
    await page.waitForURL(/\/sign-in/);
    await signIn(page, admin.username, admin.password);
    await page.waitForURL(consoleUrl('/audit-logs'));
    await page.getByRole('heading', { name: '감사 로그', level: 1 }).waitFor();
    await page.waitForLoadState('networkidle');
    expect(await leftoverEnglish(page, englishPhrases())).toEqual([]);
    await saveScreenshot(page, 'console-page-ko-audit-logs');
  }, 60_000);
});
