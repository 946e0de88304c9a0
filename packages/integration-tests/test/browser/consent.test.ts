import path from 'node:path';
import { defaultTenantId, generateId } from '@idp/db';
import { repoRoot } from '@idp/launcher';
import { hashPassword } from '@idp/password';
import { applicationUserConsentResourceScopes, organizations, organizationUserRelations, scopes } from '@idp/schemas';
import { and, eq } from 'drizzle-orm';
import * as client from 'openid-client';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import {
  assignUserRole,
  createFixtureFrontends,
  discoverRp,
  type FrontendDists,
  insertApplication,
  insertResource,
  insertRole,
  insertUser,
  launchBrowser,
  saveScreenshot,
  startTestStack,
  type TestStack,
} from '../../src/index.ts';

// The consent step in a real browser with the built sign-in UI: a third-party app gets the UI's
// consent page (app name, what it asks for, Authorize / Cancel); a first-party app is consented by
// the server and the browser never renders /consent.
let stack: TestStack;
let browser: Browser;
let fixtures: FrontendDists;
let appCallback: string;
const api = 'https://browser-consent-api.example.com';
const password = 'Plenty-of-entropy-42';
let partner: client.Configuration;
let ownApp: client.Configuration;
let otherOwnApp: client.Configuration;
const memberOf = { cyberdyne: generateId(), tyrell: generateId() };

beforeAll(async () => {
  fixtures = await createFixtureFrontends();
  stack = await startTestStack({
    frontends: { ui: path.join(repoRoot, 'packages', 'ui', 'dist'), console: fixtures.console, demoApp: fixtures.demoApp },
  });
  appCallback = `${stack.userUrl}/app-callback`;
  const { db } = stack.database;
  const { scopes: scopeIds } = await insertResource(db, defaultTenantId, api, ['read', 'write']);
  await db
    .update(scopes)
    .set({ description: 'Read your files' })
    .where(and(eq(scopes.tenantId, defaultTenantId), eq(scopes.id, scopeIds.read!)));
  const role = await insertRole(db, defaultTenantId, { type: 'User', scopeIds: [scopeIds.read!, scopeIds.write!] });
  const person = await insertUser(db, defaultTenantId, { username: 'browser_consenter', name: 'Grace', ...(await hashPassword(password)) });
  await assignUserRole(db, defaultTenantId, person.id, role.id);
  await db.insert(organizations).values([
    { tenantId: defaultTenantId, id: memberOf.cyberdyne, name: 'Cyberdyne' },
    { tenantId: defaultTenantId, id: memberOf.tyrell, name: 'Tyrell' },
  ]);
  await db
    .insert(organizationUserRelations)
    .values(Object.values(memberOf).map((organizationId) => ({ tenantId: defaultTenantId, organizationId, userId: person.id })));
  const metadata = { redirectUris: [appCallback], postLogoutRedirectUris: [] };
  const third = await insertApplication(db, defaultTenantId, {
    type: 'Traditional',
    name: 'Partner Notes',
    isThirdParty: true,
    oidcClientMetadata: metadata,
  });
  await db
    .insert(applicationUserConsentResourceScopes)
    .values({ tenantId: defaultTenantId, applicationId: third.id, scopeId: scopeIds.read! });
  partner = await discoverRp(`${stack.userUrl}/oidc`, third.id, { secret: third.secret });
  const own = await insertApplication(db, defaultTenantId, { type: 'SPA', oidcClientMetadata: metadata });
  ownApp = await discoverRp(`${stack.userUrl}/oidc`, own.id);
  const other = await insertApplication(db, defaultTenantId, { type: 'SPA', oidcClientMetadata: metadata });
  otherOwnApp = await discoverRp(`${stack.userUrl}/oidc`, other.id);
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  await fixtures?.remove();
});

async function newPage(name: string, context?: Awaited<ReturnType<Browser['newContext']>>): Promise<Page> {
  const page = await (context ?? (await browser.newContext())).newPage();
  page.setDefaultTimeout(15_000);
  onTestFailed(async () => {
    console.log(`screenshot: ${await saveScreenshot(page, name)} at ${page.url()}`);
  });
  return page;
}

/** Opens the app's authorization request; answers what redeeming its code needs. */
async function openAuthorization(page: Page, rp: client.Configuration, scope = 'openid profile email offline_access read write') {
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const url = client.buildAuthorizationUrl(rp, {
    redirect_uri: appCallback,
    scope,
    resource: api,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    prompt: 'consent',
  });
  await page.goto(url.href);
  return { codeVerifier, state };
}

async function fillSignIn(page: Page) {
  await page.getByLabel(/Username/).fill('browser_consenter');
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** Opens the app's authorization request and signs in on the UI's sign-in page. */
async function signIn(page: Page, rp: client.Configuration, scope?: string) {
  const started = await openAuthorization(page, rp, scope);
  await page.waitForURL(`${stack.userUrl}/sign-in**`);
  await fillSignIn(page);
  return started;
}

describe('consent in the browser', () => {
  it("shows a third-party app's consent page and returns to the app with a code on Authorize", async () => {
    const page = await newPage('consent-third-party');
    const { codeVerifier, state } = await signIn(page, partner);
    await page.waitForURL(`${stack.userUrl}/consent?app_id=**`);
    await page.getByRole('heading', { name: 'Authorize Partner Notes' }).waitFor();
    const text = await page.locator('main').innerText();
    expect(text).toContain('Signed in as Grace');
    expect(text).toContain('See your name, username and avatar');
    expect(text).toContain('See your email address');
    expect(text).toContain('read Read your files');
    // The user's roles allow `write`, but the app may not ask for it; sign-in scopes are not listed.
    expect(text).not.toMatch(/\bwrite\b|openid|offline_access/);
    expect(text).toContain(`You will be sent to ${stack.userUrl}.`);

    await page.getByRole('button', { name: 'Authorize' }).click();
    await page.waitForURL(`${appCallback}?**`);
    const callback = new URL(page.url());
    expect(callback.searchParams.get('code')).toBeTruthy();
    const tokens = await client.authorizationCodeGrant(partner, callback, { pkceCodeVerifier: codeVerifier, expectedState: state });
    const forApi = await client.refreshTokenGrant(partner, tokens.refresh_token!, { resource: api });
    expect(forApi.scope).toBe('read');
  }, 60_000);

  it('lets the user pick the organization a third-party app may act for', async () => {
    const page = await newPage('consent-organization');
    const { codeVerifier, state } = await signIn(page, partner, 'openid offline_access urn:logto:scope:organizations');
    await page.getByRole('heading', { name: 'Authorize Partner Notes' }).waitFor();
    const picker = page.getByLabel('Organization');
    expect(await picker.locator('option').allInnerTexts()).toEqual(['Cyberdyne', 'Tyrell']);
    await picker.selectOption({ label: 'Tyrell' });
    await page.getByRole('button', { name: 'Authorize' }).click();
    await page.waitForURL(`${appCallback}?**`);
    const tokens = await client.authorizationCodeGrant(partner, new URL(page.url()), {
      pkceCodeVerifier: codeVerifier,
      expectedState: state,
    });
    expect(tokens.claims()!.organizations).toEqual([memberOf.tyrell]);
  }, 60_000);

  it('returns to the redirect URI without a code on Cancel', async () => {
    const page = await newPage('consent-cancel');
    await signIn(page, partner);
    await page.getByRole('heading', { name: 'Authorize Partner Notes' }).waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.waitForURL(appCallback);
    expect(page.url()).toBe(appCallback);
  }, 60_000);

  // Consented with the login: the browser never even asks for `/consent` (Logto's detour, see the README).
  it('never shows a page for a first-party app: the sign-in goes straight to the app with its code', async () => {
    const page = await newPage('consent-first-party');
    const consentAnswers: number[] = [];
    const rendered: string[] = [];
    page.on('response', (response) => {
      if (new URL(response.url()).pathname === '/consent') consentAnswers.push(response.status());
    });
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) rendered.push(new URL(frame.url()).pathname);
    });
    await signIn(page, ownApp);
    await page.waitForURL(`${appCallback}?**`);
    expect(new URL(page.url()).searchParams.get('code')).toBeTruthy();
    expect(consentAnswers).toEqual([]);
    expect(rendered).not.toContain('/consent');
  }, 60_000);

  it('two apps signing in at once in one browser: each tab ends at its own app, never the other', async () => {
    const context = await browser.newContext();
    const tabA = await newPage('two-apps-a', context);
    const tabB = await newPage('two-apps-b', context);
    await openAuthorization(tabA, ownApp);
    await tabA.waitForURL(`${stack.userUrl}/sign-in?app_id=**`);
    const b = await openAuthorization(tabB, otherOwnApp);
    await tabB.waitForURL(`${stack.userUrl}/sign-in?app_id=**`);

    // B signs in and gets its own code.
    await fillSignIn(tabB);
    await tabB.waitForURL(`${appCallback}?**`);
    const callbackB = new URL(tabB.url());
    expect(callbackB.searchParams.get('state')).toBe(b.state);
    await client.authorizationCodeGrant(otherOwnApp, callbackB, { pkceCodeVerifier: b.codeVerifier, expectedState: b.state });

    // A's page was opened for an interaction the browser has moved on from: signing in there
    // ends on the error page, never at B's callback.
    await fillSignIn(tabA);
    await tabA.waitForURL(`${stack.userUrl}/error**`);
    // Back at A's authorization, the signed-in browser goes straight to A's callback.
    const a = await openAuthorization(tabA, ownApp);
    await tabA.waitForURL(`${appCallback}?**`);
    const callbackA = new URL(tabA.url());
    expect(callbackA.searchParams.get('state')).toBe(a.state);
    await client.authorizationCodeGrant(ownApp, callbackA, { pkceCodeVerifier: a.codeVerifier, expectedState: a.state });
    await context.close();
  }, 90_000);
});
