import { defaultTenantId, generateId } from '@idp/db';
import { logs, users } from '@idp/schemas';
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, createManagementClient, insertUser, managementToken, saveScreenshot } from '../../src/index.ts';
import { type ConsoleHarness, createFirstAdmin, signIn, startConsoleHarness } from './console-harness.ts';
import { englishPhrases, leftoverEnglish } from './console-phrases.ts';

// The console's dashboard (issue 16) in Chromium against the whole stack: its figures are the
// Management API's, and its chart draws the last 14 days of active users.
let harness: ConsoleHarness;
let token: string;
const admin = { username: 'dashboard_admin', password: 'Console-pass-2026!' };
const day = 24 * 60 * 60 * 1000;

type WithDelta = { count: number; delta: number };

beforeAll(async () => {
  harness = await startConsoleHarness('console-dashboard');
  const { db } = harness.stack.database;
  const now = Date.now();
  // Users who joined over the last two weeks, some of them active on several days.
  for (const age of [0.1, 0.5, 2, 3, 9, 12]) {
    const user = await insertUser(db, defaultTenantId, { createdAt: new Date(now - age * day) });
    for (const activeAge of [age / 2, age / 3]) {
      const key = 'ExchangeTokenBy.AuthorizationCode';
      await db.insert(logs).values({
        tenantId: defaultTenantId,
        id: generateId(),
        key,
        payload: { key, result: 'Success', userId: user.id },
        createdAt: new Date(now - activeAge * day),
      });
    }
  }
  await db
    .update(users)
    .set({ lastSignInAt: new Date(now - 60_000) })
    .where(eq(users.tenantId, defaultTenantId));
  const management = await createManagementClient(harness.stack);
  token = await managementToken(harness.stack.userUrl, management.app);
}, 120_000);
afterAll(async () => {
  await harness?.stop();
});

const api = async <T>(path: string) => (await callApi(harness.stack.userUrl, token, 'GET', path)).body as T;
const figure = (page: Page, testId: string) => page.getByTestId(testId);
const number = (value: number) => value.toLocaleString('en-US');
const signed = (value: number) => `${value > 0 ? '+' : ''}${number(value)}`;

describe('console: dashboard', () => {
  it('first run, then the dashboard shows the figures the API answers', async () => {
    const { page } = await harness.newPage('first-run');
    await createFirstAdmin(harness, page, admin);
    await page.getByRole('link', { name: 'Dashboard', exact: true }).click();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();

    const total = await api<{ totalUserCount: number }>('/api/dashboard/users/total');
    const fresh = await api<{ today: WithDelta; last7Days: WithDelta }>('/api/dashboard/users/new');
    const active = await api<{ dauCurve: Array<{ date: string; count: number }>; dau: WithDelta; wau: WithDelta; mau: WithDelta }>(
      '/api/dashboard/users/active',
    );
    expect(total.totalUserCount).toBeGreaterThanOrEqual(6);
    expect(active.dau.count).toBeGreaterThan(0);

    const expectations: Array<[string, string, WithDelta | undefined, number]> = [
      ['figure-total', 'Total users', undefined, total.totalUserCount],
      ['figure-new-today', 'New users today', fresh.today, fresh.today.count],
      ['figure-new-week', 'New users, last 7 days', fresh.last7Days, fresh.last7Days.count],
      ['figure-dau', 'Daily active users', active.dau, active.dau.count],
      ['figure-wau', 'Weekly active users', active.wau, active.wau.count],
      ['figure-mau', 'Monthly active users', active.mau, active.mau.count],
    ];
    for (const [testId, label, withDelta, value] of expectations) {
      await expect.poll(() => figure(page, testId).textContent()).toBe(number(value));
      const region = page.getByRole('region', { name: label, exact: true });
      if (withDelta) await region.getByText(`${signed(withDelta.delta)} from the period before`).waitFor();
    }

    // The chart's numbers, as the table screen readers get: one row per day of the API's curve.
    const rows = page.getByRole('table', { name: 'Daily active users by day' }).locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(14);
    const counts = (await rows.locator('td:nth-child(2)').allTextContents()).map(Number);
    expect(counts).toEqual(active.dauCurve.map(({ count }) => count));
    // And the chart itself is drawn: a bar for each day with activity.
    await expect.poll(() => page.locator('path.recharts-rectangle').count()).toBe(active.dauCurve.filter(({ count }) => count > 0).length);
    await page.waitForLoadState('networkidle');
    await saveScreenshot(page, 'console-page-en-dashboard');
  });

  it('shows the dashboard in Korean with no English left', async () => {
    const { page } = await harness.newPage('korean', { locale: 'ko-KR' });
    await page.goto(harness.consoleUrl('/dashboard'));
    await page.waitForURL(/\/sign-in/);
    await signIn(page, admin.username, admin.password);
    await page.waitForURL(harness.consoleUrl('/dashboard'));
    await page.getByRole('heading', { name: '대시보드', level: 1 }).waitFor();
    await page.waitForLoadState('networkidle');
    expect(await leftoverEnglish(page, englishPhrases())).toEqual([]);
    await saveScreenshot(page, 'console-page-ko-dashboard');
  }, 60_000);
});
