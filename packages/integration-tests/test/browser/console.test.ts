import { adminTenantId, defaultTenantId } from '@idp/db';
import { applicationSecrets, applications, roles, scopes, signInExperiences, users, usersRoles } from '@idp/schemas';
import { and, eq } from 'drizzle-orm';
import * as jose from 'jose';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '@idp/password';
import { ExperienceFlow, insertUser, saveScreenshot, type TestStack } from '../../src/index.ts';
import { type ConsoleHarness, createFirstAdmin, signIn as signInAs, startConsoleHarness } from './console-harness.ts';
import { englishPhrases, leftoverEnglish } from './console-phrases.ts';
import { type SpaTestPage, startSpaTestPage } from './spa-test-page.ts';

// The admin console, built (`pnpm --filter @idp/console build`), in Debian's Chromium against the
// whole stack on a fresh database: first run, sign-in, and the pages of issue 15.
let harness: ConsoleHarness;
let stack: TestStack;
let adminPage: Page;
let spaPage: SpaTestPage;
/** Content-Security-Policy violations any page reported in its console. */
const cspViolations: string[] = [];
const admin = { username: 'first_admin', password: 'Console-pass-2026!' };
const created: { spaId?: string; resourceId?: string; roleId?: string; userRoleId?: string } = {};

beforeAll(async () => {
  harness = await startConsoleHarness('console');
  stack = harness.stack;
  spaPage = await startSpaTestPage(`${stack.userUrl}/oidc`);
}, 120_000);
afterAll(async () => {
  await spaPage?.close();
  await harness?.stop();
});

const watch = (page: Page, name: string) => harness.watch(page, name);
const newPage = (name: string, locale = 'en-US') =>
  harness.newPage(name, {
    locale,
    onConsole: (text) => {
      if (text.includes('Content Security Policy')) cspViolations.push(`[${name}] ${text}`);
    },
  });
const signIn = (page: Page) => signInAs(page, admin.username, admin.password);
const consoleUrl = (route: string) => harness.consoleUrl(route);

/**
 * Waits for the console's toasts to go. They sit over the page header's buttons, and a toast stays
 * while the pointer rests on it, which is where a click on such a button leaves the pointer.
 */
async function waitForToastsToGo(page: Page): Promise<void> {
  await page.mouse.move(0, 0);
  await page.locator('[data-sonner-toast]').first().waitFor({ state: 'detached', timeout: 15_000 });
}

describe('how the console reaches the default tenant (plain HTTP)', () => {
  it('names the user endpoint for tenant default on the admin endpoint only', async () => {
    const response = await fetch(`${stack.adminUrl}/api/.well-known/endpoints/default`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ user: `${stack.userUrl}/` });
    const unknown = await fetch(`${stack.adminUrl}/api/.well-known/endpoints/elsewhere`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 'entity.not_found' });
  });

  it("answers CORS on the Management API for the admin endpoint's origin only", async () => {
    const preflight = (origin: string, target = '/api/applications') =>
      fetch(`${stack.userUrl}${target}`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
      });
    const allowed = await preflight(stack.adminUrl);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(stack.adminUrl);
    expect(allowed.headers.get('access-control-allow-headers')).toBe('authorization,content-type');
    expect((await preflight('https://elsewhere.example')).headers.get('access-control-allow-origin')).toBeNull();
    expect((await preflight(stack.adminUrl, '/api/experience')).headers.get('access-control-allow-origin')).toBeNull();

    const listed = await fetch(`${stack.userUrl}/api/applications?page=1`, {
      headers: { origin: stack.adminUrl, 'development-user-id': 'someone' },
    });
    expect(listed.status).toBe(200);
    expect(listed.headers.get('access-control-allow-origin')).toBe(stack.adminUrl);
    expect(listed.headers.get('access-control-expose-headers')).toContain('Total-Number');

    // The console's pages may connect to the user endpoint, and nowhere else new.
    const policy = (await fetch(`${stack.adminUrl}/console/`)).headers.get('content-security-policy') ?? '';
    expect(policy).toMatch(new RegExp(`connect-src 'self' ${stack.userUrl}(;|$)`));
    expect((await fetch(`${stack.userUrl}/demo-app/`)).headers.get('content-security-policy')).toMatch(/connect-src 'self'(;|$)/);
  });
});

describe('admin console', () => {
  it('first run: offers to create the administrator, who gets the admin roles and closes sign-up', async () => {
    const { page } = await newPage('first-run');
    adminPage = page;
    await createFirstAdmin(harness, page, admin);
    await page.getByRole('heading', { name: 'Get started', level: 1 }).waitFor();

    const { db } = stack.database;
    const [user] = await db
      .select()
      .from(users)
      .where(and(eq(users.tenantId, adminTenantId), eq(users.username, admin.username)));
    expect(user).toBeDefined();
    const granted = await db
      .select({ name: roles.name })
      .from(usersRoles)
      .innerJoin(roles, and(eq(roles.tenantId, usersRoles.tenantId), eq(roles.id, usersRoles.roleId)))
      .where(and(eq(usersRoles.tenantId, adminTenantId), eq(usersRoles.userId, user!.id)));
    expect(granted.map(({ name }) => name).sort()).toEqual(['admin:admin', 'default:admin', 'user']);
    const [experience] = await db.select().from(signInExperiences).where(eq(signInExperiences.tenantId, adminTenantId));
    expect(experience?.signInMode).toBe('SignIn');
  });

  it('refuses a second self-registration on the admin endpoint (Experience API, 403 auth.forbidden)', async () => {
    const flow = new ExperienceFlow(stack, stack.adminUrl);
    const authorize = new URL(`${stack.adminUrl}/oidc/auth`);
    for (const [name, value] of Object.entries({
      client_id: 'admin-console',
      redirect_uri: consoleUrl('/callback'),
      response_type: 'code',
      scope: 'openid',
      state: 'second-visitor',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    })) {
      authorize.searchParams.set(name, value);
    }
    await flow.startAt(authorize);
    const registering = await flow.api('PUT', '', { interactionEvent: 'Register' });
    expect(registering).toMatchObject({ status: 403, body: { code: 'auth.forbidden' } });
    expect(await flow.api('PUT', '', { interactionEvent: 'SignIn' })).toMatchObject({ status: 204 });
    expect(await flow.api('PUT', '/interaction-event', { interactionEvent: 'Register' })).toMatchObject({
      status: 403,
      body: { code: 'auth.forbidden' },
    });
    expect(await stack.database.db.select({ id: users.id }).from(users).where(eq(users.tenantId, adminTenantId))).toHaveLength(1);
  });

  it('sends a second visitor of the console to sign-in, with no offer to create an account', async () => {
    const { page, context } = await newPage('second-visitor');
    await page.goto(consoleUrl(''));
    await page.waitForURL(/\/sign-in/);
    await page.locator('input[name=identifier]').waitFor();
    expect(await page.getByRole('link', { name: 'Create account' }).count()).toBe(0);
    await context.close();
  });

  it('creates an SPA app, shows its id, finds it by search and saves its redirect URIs', async () => {
    const page = watch(adminPage, 'spa-app');
    await page.getByRole('link', { name: 'Applications', exact: true }).click();
    await page.getByRole('button', { name: 'Create application' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create an application' });
    // The dialog's scroll lock is a style element the CSP lets in by its nonce: the page no longer scrolls.
    await expect.poll(() => page.evaluate('getComputedStyle(document.body).overflow')).toBe('hidden');
    expect(cspViolations).toEqual([]);
    await dialog.getByLabel('Single-page app').check();
    await dialog.getByLabel('Application name').fill('Storefront');
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await page.waitForURL(/\/console\/applications\/[\w-]+$/);
    const appId = (await page.getByTestId('app-id').textContent())!;
    created.spaId = appId;
    await page.getByRole('button', { name: 'Copy App ID' }).click();
    await page.getByText('Copied to the clipboard').waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(appId);
    const [row] = await stack.database.db
      .select()
      .from(applications)
      .where(and(eq(applications.tenantId, defaultTenantId), eq(applications.id, appId)));
    expect(row).toMatchObject({ name: 'Storefront', type: 'SPA' });
    expect(await page.getByTestId('integration-snippet').textContent()).toContain(`appId: '${appId}'`);

    // A wrong field shows the API's message next to it.
    const redirectUris = page.getByLabel('Redirect URIs', { exact: true });
    await redirectUris.fill('not a uri');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.locator('#settings-redirects-error').getByText('holds an invalid URI: not a uri').waitFor();
    await redirectUris.fill(`https://shop.example.com/callback\n${spaPage.redirectUri}`);
    await page.getByLabel('ID token lifetime (seconds)').fill('30');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.locator('#settings-id-token-ttl-error').getByText('Between 60 and 86400 seconds').waitFor();
    await page.getByLabel('ID token lifetime (seconds)').fill('600');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved').first().waitFor();
    const [saved] = await stack.database.db.select().from(applications).where(eq(applications.id, appId));
    expect(saved?.oidcClientMetadata.redirectUris).toEqual(['https://shop.example.com/callback', spaPage.redirectUri]);
    expect(saved?.customClientMetadata.idTokenTtl).toBe(600);

    // A single-page app in the browser signs a person of tenant default in with the id the console
    // showed, through the sign-in UI, and gets an ID token of the lifetime set above.
    const { id: shopperId } = await insertUser(stack.database.db, defaultTenantId, {
      username: 'shopper',
      ...(await hashPassword('Shopper-pass-2026!')),
    });
    const { page: spa, context: spaContext } = await newPage('spa-sign-in');
    await spa.goto(`${spaPage.url}/?app_id=${encodeURIComponent(appId)}`);
    await spa.waitForURL((url) => url.origin === stack.userUrl && url.pathname.startsWith('/sign-in'));
    await spa.locator('input[name=identifier]').fill('shopper');
    await spa.locator('input[name=password]').fill('Shopper-pass-2026!');
    await spa.locator('button[type=submit]').click();
    await spa.waitForURL((url) => url.href.startsWith(spaPage.redirectUri));
    await spa.getByRole('heading', { name: 'Signed in' }).waitFor();
    const claims = JSON.parse((await spa.locator('#claims').textContent())!) as { aud: string; sub: string; exp: number; iat: number };
    expect(claims).toMatchObject({ aud: appId, sub: shopperId });
    expect(claims.exp - claims.iat).toBe(600);
    expect(JSON.parse((await spa.locator('#userinfo').textContent())!)).toMatchObject({ sub: shopperId, username: 'shopper' });
    await spaContext.close();

    await page.getByRole('link', { name: '← All applications' }).click();
    await page.getByRole('searchbox').fill('Storef');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForURL(/search=Storef/);
    await page.getByRole('table').getByRole('link', { name: 'Storefront' }).waitFor();
    // The server answers the search; the previous page stays shown until it does.
    await expect.poll(() => page.getByRole('table').getByRole('link').count()).toBe(1);
  });

  it('API resource with a permission → M2M role with it → an M2M app holding the role gets it in a token', async () => {
    const page = watch(adminPage, 'm2m-token');
    await page.getByRole('link', { name: 'API resources', exact: true }).click();
    await page.getByRole('button', { name: 'Create API resource' }).click();
    let dialog = page.getByRole('dialog', { name: 'Create an API resource' });
    await dialog.getByLabel('API name').fill('Orders');
    await dialog.getByLabel('API identifier').fill('https://orders.example.com');
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await page.waitForURL(/\/console\/api-resources\/[\w-]+$/);
    created.resourceId = page.url().split('/').pop();
    await page.getByLabel('Permission', { exact: true }).fill('read:orders');
    await page.getByRole('button', { name: 'Add permission' }).click();
    await page.getByRole('cell', { name: 'read:orders', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Edit read:orders' }).click();
    dialog = page.getByRole('dialog', { name: 'Edit permission read:orders' });
    await dialog.getByLabel('Description').fill('Reads every order');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('cell', { name: 'Reads every order' }).waitFor();
    const [permission] = await stack.database.db.select().from(scopes).where(eq(scopes.resourceId, created.resourceId!));
    expect(permission).toMatchObject({ name: 'read:orders', description: 'Reads every order' });

    // The API's own message for a wrong field: an identifier that is taken.
    await page.getByRole('link', { name: 'API resources', exact: true }).click();
    await page.getByRole('button', { name: 'Create API resource' }).click();
    dialog = page.getByRole('dialog', { name: 'Create an API resource' });
    await dialog.getByLabel('API name').fill('Orders again');
    await dialog.getByLabel('API identifier').fill('https://orders.example.com');
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    const refusal = await fetch(`${stack.userUrl}/api/resources`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'development-user-id': 'someone' },
      body: JSON.stringify({ name: 'Orders again', indicator: 'https://orders.example.com' }),
    });
    const { message } = (await refusal.json()) as { message: string };
    await dialog.getByRole('alert').filter({ hasText: message }).waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('link', { name: 'Roles', exact: true }).click();
    await page.getByRole('button', { name: 'Machine-to-machine roles' }).click();
    await page.getByRole('button', { name: 'Create role' }).click();
    dialog = page.getByRole('dialog', { name: 'Create a role' });
    await dialog.getByLabel('Machine-to-machine roles').check();
    await dialog.getByLabel('Role name').fill('orders-reader');
    await dialog.getByLabel('Role description').fill('Reads orders');
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await page.waitForURL(/\/console\/roles\/[\w-]+$/);
    created.roleId = page.url().split('/').pop();
    await page.getByLabel('Add a permission').selectOption({ label: 'read:orders' });
    await page.getByRole('button', { name: 'Assign' }).first().click();
    await page.getByRole('cell', { name: 'read:orders', exact: true }).waitFor();
    await page.getByLabel('Role description').fill('Reads every order');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Machine-to-machine roles · Reads every order').waitFor();

    await page.getByRole('link', { name: 'Applications', exact: true }).click();
    await waitForToastsToGo(page);
    await page.getByRole('button', { name: 'Create application' }).click();
    dialog = page.getByRole('dialog', { name: 'Create an application' });
    await dialog.getByLabel('Machine-to-machine').check();
    await dialog.getByLabel('Application name').fill('Order worker');
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await page.waitForURL(/\/console\/applications\/[\w-]+$/);
    const workerId = (await page.getByTestId('app-id').textContent())!;
    await page.getByLabel('Add a role').selectOption({ label: 'orders-reader' });
    await page.getByRole('button', { name: 'Assign' }).click();
    await page
      .getByRole('region', { name: 'Machine-to-machine roles' })
      .getByRole('listitem')
      .filter({ hasText: 'orders-reader' })
      .waitFor();

    await page.getByRole('button', { name: 'Create secret' }).click();
    dialog = page.getByRole('dialog', { name: 'Create secret' });
    await dialog.getByLabel('Secret name').fill('worker');
    await dialog.getByRole('button', { name: 'Create secret' }).click();
    const secret = (await page.getByTestId('new-secret').textContent())!;
    expect(secret.length).toBeGreaterThan(10);

    const token = await fetch(`${stack.userUrl}/oidc/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${workerId}:${secret}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', resource: 'https://orders.example.com', scope: 'read:orders' }),
    });
    expect(token.status).toBe(200);
    const { access_token: accessToken } = (await token.json()) as { access_token: string };
    expect(jose.decodeJwt(accessToken)).toMatchObject({ aud: 'https://orders.example.com', scope: 'read:orders', sub: workerId });
    await page.keyboard.press('Escape');

    // A secret can be renamed (Logto's PATCH of a secret); one past its expiry shows as expired.
    await page.getByRole('button', { name: 'Rename: worker' }).click();
    dialog = page.getByRole('dialog', { name: 'Rename secret worker' });
    await dialog.getByLabel('New name').fill('worker-2026');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    const secrets = page.getByRole('region', { name: 'App secrets' });
    await secrets.getByText('worker-2026', { exact: true }).waitFor();
    await stack.database.db
      .update(applicationSecrets)
      .set({ expiresAt: new Date(Date.now() - 60_000) })
      .where(and(eq(applicationSecrets.applicationId, workerId), eq(applicationSecrets.name, 'worker-2026')));
    await page.reload();
    await secrets.getByText(/^Expired: /).waitFor();

    // Deleting asks for the app's name first.
    await page.getByRole('button', { name: 'Delete', exact: true }).first().click();
    dialog = page.getByRole('dialog', { name: 'Delete application' });
    await dialog.getByText('Deleting Order worker signs out its users').waitFor();
    const confirm = dialog.getByRole('button', { name: 'Delete', exact: true });
    await expect(confirm.isDisabled()).resolves.toBe(true);
    await dialog.getByLabel('Type Order worker to confirm').fill('Order worker');
    await confirm.click();
    await page.waitForURL(consoleUrl('/applications'));
    expect(await stack.database.db.select().from(applications).where(eq(applications.id, workerId))).toEqual([]);
  });

  it('a user role: renamed, made a default role and given to a user', async () => {
    const page = watch(adminPage, 'user-role');
    await page.getByRole('link', { name: 'Roles', exact: true }).click();
    await page.getByRole('button', { name: 'Create role' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create a role' });
    await dialog.getByLabel('User roles').check();
    await dialog.getByLabel('Role name').fill('shop-staff');
    await dialog.getByLabel('Role description').fill('Works in the shop');
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await page.waitForURL(/\/console\/roles\/[\w-]+$/);
    const roleId = page.url().split('/').pop()!;
    created.userRoleId = roleId;

    await page.getByLabel('Role name').fill('shop-team');
    await page.getByLabel('Role description').fill('Runs the shop');
    await page.getByLabel('Give this role to every new user').check();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('heading', { name: 'shop-team', level: 1 }).waitFor();
    await page.getByText('Default role', { exact: true }).waitFor();
    const { db } = stack.database;
    const [role] = await db
      .select()
      .from(roles)
      .where(and(eq(roles.tenantId, defaultTenantId), eq(roles.id, roleId)));
    expect(role).toMatchObject({ name: 'shop-team', description: 'Runs the shop', type: 'User', isDefault: true });

    await page.getByLabel('Add a user').selectOption({ label: 'shopper' });
    await page.getByRole('region', { name: 'Assigned users' }).getByRole('button', { name: 'Assign' }).click();
    await page.getByRole('region', { name: 'Assigned users' }).getByText('shopper', { exact: true }).waitFor();
    const [shopper] = await db
      .select()
      .from(users)
      .where(and(eq(users.tenantId, defaultTenantId), eq(users.username, 'shopper')));
    const held = await db
      .select()
      .from(usersRoles)
      .where(and(eq(usersRoles.tenantId, defaultTenantId), eq(usersRoles.userId, shopper!.id)));
    expect(held.map(({ roleId: id }) => id)).toEqual([roleId]);
    expect(cspViolations).toEqual([]);
  });

  it('an ended session sends the person to sign in and back to the page they were on', async () => {
    const page = watch(adminPage, 'ended-session');
    const target = consoleUrl(`/api-resources/${created.resourceId}`);
    await page.goto(target);
    await page.getByRole('heading', { name: 'Orders', level: 1 }).waitFor();
    await page.context().clearCookies();
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await page.waitForURL(/\/sign-in/);
    await signIn(page);
    await page.waitForURL(target);
    await page.getByRole('heading', { name: 'Orders', level: 1 }).waitFor();
  });

  it('signs out', async () => {
    const page = watch(adminPage, 'sign-out');
    await page.getByRole('button', { name: 'Sign out' }).click();
    // Signed out of the console and of the admin tenant's OP: the console asks for a sign-in again.
    await page.waitForURL(/\/sign-in/);
    await page.goto(consoleUrl('/applications'));
    await page.waitForURL(/\/sign-in/);
    await signIn(page);
    await page.waitForURL(consoleUrl('/applications'));
  });

  it('shows every page in English (screenshots kept in the artifacts folder)', async () => {
    const page = watch(adminPage, 'english-pages');
    for (const route of pageRoutes()) {
      await page.goto(consoleUrl(route));
      await page.locator('h1').first().waitFor();
      await page.waitForLoadState('networkidle');
      expect(await page.locator('main h1').count(), route).toBe(1);
      await saveScreenshot(page, `console-page-en${screenshotName(route)}`);
    }
  }, 90_000);

  // Nine pages, each loaded, waited for and photographed: longer than the default 30 s on 2 cores.
  it('speaks Korean to a Korean browser on every page, with no English phrase left', async () => {
    const { page } = await newPage('korean', 'ko-KR');
    await page.goto(consoleUrl('/get-started'));
    await page.waitForURL(/\/sign-in/);
    await signIn(page);
    await page.waitForURL(consoleUrl('/get-started'));

    const english = englishPhrases();
    for (const route of pageRoutes()) {
      await page.goto(consoleUrl(route));
      await page.locator('h1').first().waitFor();
      await page.waitForLoadState('networkidle');
      await saveScreenshot(page, `console-page-ko${screenshotName(route)}`);
      expect(await page.locator('main').textContent(), route).toMatch(/[가-힣]/);
      expect(await leftoverEnglish(page, english), route).toEqual([]);
    }
    await page.goto(consoleUrl('/applications'));
    await page.getByRole('button', { name: '애플리케이션 만들기' }).click();
    await page.getByRole('dialog').waitFor();
    expect(await leftoverEnglish(page, english), 'create application dialog').toEqual([]);
  }, 90_000);
});

/** A page's screenshot name: its route, a details page named by its kind rather than its id. */
const screenshotName = (route: string) =>
  route === `/roles/${created.userRoleId}` ? '/roles-user-role-details' : route.replace(/\/[\w-]{21}$/, '-details');

/** Every page of the console, the details pages showing what the tests created. */
const pageRoutes = () => [
  '/get-started',
  '/applications',
  `/applications/${created.spaId}`,
  '/api-resources',
  `/api-resources/${created.resourceId}`,
  '/roles',
  '/roles?type=MachineToMachine',
  `/roles/${created.roleId}`,
  `/roles/${created.userRoleId}`,
];
