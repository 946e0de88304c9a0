import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { adminTenantId, defaultTenantId, generateId } from '@idp/db';
import { repoRoot } from '@idp/launcher';
import { hashPassword } from '@idp/password';
import { applications, connectors, signInExperiences } from '@idp/schemas';
import { and, eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { insertApplication, insertUser, launchBrowser, saveScreenshot, startTestStack, type TestStack } from '../../src/index.ts';

// A person in a real browser: the built demo app (Logto's React SDK) and sign-in UI behind the
// gateway, codes read from the mock email connector's file, and "Sign in with" against the admin
// tenant of our own OP acting as the upstream provider.
let stack: TestStack;
let browser: Browser;
let mailFolder: string;
// Its id differs from its target: the UI must address the connector by the id the API lists.
const socialConnectorId = 'upstream-connector';

beforeAll(async () => {
  const dist = (name: string) => path.join(repoRoot, 'packages', name, 'dist');
  stack = await startTestStack({ frontends: { ui: dist('ui'), console: dist('console'), demoApp: dist('demo-app') } });
  const { db } = stack.database;
  const demoApp = `${stack.userUrl}/demo-app`;
  await db
    .update(applications)
    .set({ oidcClientMetadata: { redirectUris: [demoApp], postLogoutRedirectUris: [demoApp] } })
    .where(and(eq(applications.tenantId, defaultTenantId), eq(applications.id, 'demo-app')));
  await db
    .update(signInExperiences)
    .set({
      signUp: { identifiers: ['email'], password: true, verify: true },
      signIn: { methods: [{ identifier: 'email', password: true, verificationCode: true, isPasswordPrimary: true }] },
      socialSignInConnectorTargets: ['upstream'],
    })
    .where(eq(signInExperiences.tenantId, defaultTenantId));
  mailFolder = await mkdtemp(path.join(tmpdir(), 'idp-browser-mail-'));
  await db
    .insert(connectors)
    .values({ tenantId: defaultTenantId, id: generateId(), connectorId: 'mock-email-service', config: { folder: mailFolder } });

  const upstreamApp = await insertApplication(db, adminTenantId, {
    type: 'Traditional',
    oidcClientMetadata: { redirectUris: [`${stack.userUrl}/callback/${socialConnectorId}`], postLogoutRedirectUris: [] },
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
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  if (mailFolder) await rm(mailFolder, { recursive: true, force: true });
});

async function newPage(name: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  onTestFailed(async () => {
    console.log(`screenshot: ${await saveScreenshot(page, name)} at ${page.url()}`);
  });
  return page;
}

const lastCode = async () =>
  (JSON.parse(await readFile(path.join(mailFolder, 'mock-email-service.json'), 'utf8')) as { code: string }).code;

async function expectSignedIn(page: Page, email: string) {
  await page.waitForURL(`${stack.userUrl}/demo-app**`);
  await page.getByRole('heading', { name: 'ID token claims' }).waitFor();
  await page.getByRole('heading', { name: 'User info' }).waitFor();
  await expect.poll(async () => page.locator('body').innerText()).toContain(email);
}

const visible = async (locator: ReturnType<Page['getByRole']>) => {
  await locator.waitFor({ state: 'visible' });
  return locator;
};

describe('the demo app in a browser', () => {
  it('registers, signs out, signs in, resets the password and signs in with the new one', async () => {
    const page = await newPage('register-sign-in-reset');
    const email = 'browser.person@example.com';
    await page.goto(`${stack.userUrl}/demo-app`);

    // Register with an email code and a password.
    await (await visible(page.getByRole('button', { name: 'Create account' }))).click();
    await page.waitForURL(`${stack.userUrl}/register**`);
    await page.getByLabel('Email').fill(email);
    await page
      .getByRole('button', { name: /Send code|Create account|Continue/ })
      .first()
      .click();
    await expect.poll(() => lastCode().catch(() => '')).toMatch(/^\d{6}$/);
    await page.getByLabel('Verification code').fill(await lastCode());
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Password', { exact: true }).fill('First-password-123');
    await page
      .getByRole('button', { name: /Continue|Create account/ })
      .first()
      .click();
    await expectSignedIn(page, email);

    // Sign out, then sign in with the password.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await (await visible(page.getByRole('button', { name: 'Sign in' }))).click();
    await page.waitForURL(`${stack.userUrl}/sign-in**`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill('First-password-123');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expectSignedIn(page, email);

    // Forgot password: a new session (signed out), a code by email, a new password.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await (await visible(page.getByRole('button', { name: 'Sign in' }))).click();
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.getByLabel('Email').fill(email);
    const before = await lastCode();
    await page.getByRole('button', { name: 'Send code' }).click();
    await expect.poll(lastCode).not.toBe(before);
    await page.getByLabel('Verification code').fill(await lastCode());
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('New password').fill('Second-password-456');
    await page.getByRole('button', { name: 'Continue' }).click();

    // Back on the sign-in page: the old password fails, the new one works.
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill('First-password-123');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect.poll(async () => page.getByRole('alert').first().innerText()).toMatch(/wrong/i);
    await page.getByLabel('Password', { exact: true }).fill('Second-password-456');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expectSignedIn(page, email);
  }, 120_000);

  it("signs in with the upstream provider's button", async () => {
    const page = await newPage('social-sign-in');
    await page.goto(`${stack.userUrl}/demo-app`);
    await (await visible(page.getByRole('button', { name: 'Sign in' }))).click();
    await page.getByRole('button', { name: 'Sign in with Upstream', exact: true }).click();

    // The upstream's own sign-in page (the admin tenant runs the same UI).
    await page.waitForURL(`${stack.adminUrl}/sign-in**`);
    await page.getByLabel(/Username/).fill('upstream_person');
    await page.getByLabel('Password', { exact: true }).fill('Upstream-pass-42');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();

    await expectSignedIn(page, 'upstream.person@example.com');
  }, 120_000);
});
