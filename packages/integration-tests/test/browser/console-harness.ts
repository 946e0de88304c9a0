import path from 'node:path';
import { adminTenantId, defaultTenantId } from '@idp/db';
import { repoRoot } from '@idp/launcher';
import { applications } from '@idp/schemas';
import { and, eq } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { onTestFailed } from 'vitest';
import { launchBrowser, saveScreenshot, startTestStack, type TestStack } from '../../src/index.ts';

// What every console browser test starts from: the whole stack with the built console, sign-in UI
// and demo app, the seeded clients pointed at this stack's ports, and Debian's Chromium.

export type ConsoleHarness = {
  stack: TestStack;
  browser: Browser;
  /** A URL of the console (`route` starts with `/`, or is empty for its root). */
  consoleUrl(route: string): string;
  /**
   * A fresh browser context and page, named for its console errors and its screenshot when the
   * current test fails. `onConsole` sees every console message (e.g. to collect CSP violations).
   */
  newPage(
    name: string,
    options?: { locale?: string; onConsole?: (text: string) => void },
  ): Promise<{ page: Page; context: BrowserContext }>;
  /** Screenshots `page` (as `<prefix>-<name>`) when the current test fails. */
  watch(page: Page, name: string): Page;
  stop(): Promise<void>;
};

/** Starts the stack and the browser; `prefix` names this test's failure screenshots. */
export async function startConsoleHarness(prefix: string): Promise<ConsoleHarness> {
  // CONSOLE_TEST_FRONTENDS names a folder holding `<package>/dist` copies, for a checkout where
  // someone else may rebuild the packages' own dist folders while the test runs.
  const root = process.env.CONSOLE_TEST_FRONTENDS ?? path.join(repoRoot, 'packages');
  const dist = (name: string) => path.join(root, name, 'dist');
  const stack = await startTestStack({ frontends: { ui: dist('ui'), console: dist('console'), demoApp: dist('demo-app') } });
  const { db } = stack.database;
  // The seed names the default endpoints; this stack listens elsewhere.
  await db
    .update(applications)
    .set({
      oidcClientMetadata: { redirectUris: [`${stack.adminUrl}/console/callback`], postLogoutRedirectUris: [`${stack.adminUrl}/console`] },
    })
    .where(and(eq(applications.tenantId, adminTenantId), eq(applications.id, 'admin-console')));
  const demoApp = `${stack.userUrl}/demo-app`;
  await db
    .update(applications)
    .set({ oidcClientMetadata: { redirectUris: [demoApp], postLogoutRedirectUris: [demoApp] } })
    .where(and(eq(applications.tenantId, defaultTenantId), eq(applications.id, 'demo-app')));
  const browser = await launchBrowser();

  const watch = (page: Page, name: string) => {
    onTestFailed(async () => {
      console.log(`screenshot: ${await saveScreenshot(page, `${prefix}-${name}`)} at ${page.url()}`);
    });
    return page;
  };

  return {
    stack,
    browser,
    consoleUrl: (route) => `${stack.adminUrl}/console${route}`,
    watch,
    async newPage(name, { locale = 'en-US', onConsole } = {}) {
      const context = await browser.newContext({ locale, permissions: ['clipboard-read', 'clipboard-write'] });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      page.on('console', (message) => {
        if (message.type() === 'error') console.log(`[${name}] ${message.text()}`);
        onConsole?.(message.text());
      });
      return { page: watch(page, name), context };
    },
    async stop() {
      await browser.close();
      await stack.stop();
    },
  };
}

/** Signs in on the sign-in UI's form (its inputs' names are the same in every language). */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.locator('input[name=identifier]').fill(username);
  await page.locator('input[name=password]').fill(password);
  await page.locator('button[type=submit]').click();
}

/**
 * First run: from the console's root, creates the administrator account on the admin tenant's
 * registration page, and waits for the console's first page.
 */
export async function createFirstAdmin(harness: ConsoleHarness, page: Page, admin: { username: string; password: string }) {
  await page.goto(harness.consoleUrl(''));
  await page.getByRole('button', { name: 'Create administrator account' }).click();
  await page.waitForURL(/\/register/);
  await page.locator('input[name=identifier]').fill(admin.username);
  await page.locator('input[name=new-password]').fill(admin.password);
  await page.locator('button[type=submit]').click();
  await page.waitForURL(harness.consoleUrl('/get-started'));
}
