// The device authorization grant (RFC 8628) from real HTTP clients: a device asks for a code and
// polls the token endpoint; a browser session opens the verification page, submits the code, signs
// in through the Experience API and lands on the success page; then the device gets its tokens.
// The last test does the same with the built sign-in UI in a real browser.
import path from 'node:path';
import { defaultTenantId } from '@idp/db';
import { repoRoot } from '@idp/launcher';
import { hashPassword } from '@idp/password';
import { oidcModelInstances } from '@idp/schemas';
import { and, eq, sql } from 'drizzle-orm';
import * as jose from 'jose';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import {
  BrowserSession,
  createFixtureFrontends,
  ExperienceFlow,
  type FrontendDists,
  insertApplication,
  insertUser,
  launchBrowser,
  saveScreenshot,
  startTestStack,
  type TestStack,
} from '../../src/index.ts';

const deviceGrant = 'urn:ietf:params:oauth:grant-type:device_code';
const xsrfCookie = '_logto_device_flow_xsrf';
const username = 'device_user';
const password = 'Device-flow-password-1';

let stack: TestStack;
let fixtures: FrontendDists;
let browser: Browser | undefined;
let issuer: string;
let user: { id: string };

beforeAll(async () => {
  // The built sign-in UI (for the browser test); stand-ins for the other two apps.
  fixtures = await createFixtureFrontends();
  stack = await startTestStack({ frontends: { ...fixtures, ui: path.join(repoRoot, 'packages', 'ui', 'dist') } });
  issuer = `${stack.userUrl}/oidc`;
  user = await insertUser(stack.database.db, defaultTenantId, { username, ...(await hashPassword(password)) });
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  await fixtures?.remove();
});

type DeviceAuthorization = {
  device_code: string;
  user_code: string;
  verification_uri: string;
  verification_uri_complete: string;
  expires_in: number;
};

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields),
});

async function startDevice(clientId = 'device-demo-app', scope = 'openid offline_access profile') {
  const response = await fetch(`${issuer}/device/auth`, form({ client_id: clientId, scope }));
  expect(response.status).toBe(200);
  return (await response.json()) as DeviceAuthorization;
}

async function poll(deviceCode: string, clientId = 'device-demo-app') {
  const response = await fetch(`${issuer}/token`, form({ grant_type: deviceGrant, device_code: deviceCode, client_id: clientId }));
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const cookieValue = (session: BrowserSession, name: string) =>
  session
    .cookieHeader()
    .split('; ')
    .find((pair) => pair.startsWith(`${name}=`))
    ?.slice(name.length + 1);

/** Opens the verification page the way the UI's /device page does without its cookie: through /oidc/device. */
async function openVerificationPage(session: BrowserSession, query = '') {
  const response = await session.fetch(`${issuer}/device${query}`);
  return { response, xsrf: cookieValue(session, xsrfCookie) };
}

/** Submits a user code from the /device page, as its form does. */
const submitCode = (session: BrowserSession, fields: Record<string, string>) => session.fetch(`${issuer}/device`, form(fields));

const pageOf = (response: Response) => {
  const location = new URL(response.headers.get('location') ?? '', stack.userUrl);
  return { path: location.pathname, query: Object.fromEntries(location.searchParams) };
};

describe('device authorization grant', () => {
  it('gives a device a user code and the short verification URI, and answers authorization_pending', async () => {
    const device = await startDevice();
    expect(device).toMatchObject({
      device_code: expect.any(String),
      user_code: expect.stringMatching(/^[A-Z]{4}-[A-Z]{4}$/),
      verification_uri: `${stack.userUrl}/device`,
      verification_uri_complete: `${stack.userUrl}/device?user_code=${device.user_code}`,
      expires_in: 600,
    });
    expect(await poll(device.device_code)).toMatchObject({
      status: 400,
      body: { error: 'authorization_pending', code: 'oidc.authorization_pending', message: expect.any(String) },
    });
    // A JSON body is read as the form it stands for, at both endpoints.
    const json = (path: string, body: Record<string, string>) =>
      fetch(`${issuer}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await json('/device/auth', { client_id: 'device-demo-app', scope: 'openid' })).status).toBe(200);
    const pending = await json('/token', { grant_type: deviceGrant, device_code: device.device_code, client_id: 'device-demo-app' });
    expect(await pending.json()).toMatchObject({ error: 'authorization_pending' });
  });

  it('signs a user in through the verification page and the Experience API, then issues the device its tokens', async () => {
    const device = await startDevice();
    const session = new BrowserSession(stack);

    // The verification page: /oidc/device hands the form's xsrf value to the UI's /device page.
    const { response: page, xsrf } = await openVerificationPage(session);
    expect(page.status).toBe(302);
    expect(pageOf(page)).toEqual({ path: '/device', query: {} });
    expect(xsrf).toBeTruthy();
    const setCookie = page.headers.getSetCookie().find((line) => line.startsWith(`${xsrfCookie}=`))!;
    expect(setCookie).toMatch(/path=\/device/i);
    expect(setCookie).not.toMatch(/httponly/i);

    // The person types the code (in lower case, without the dash) and confirms it at once.
    const submitted = await submitCode(session, {
      xsrf: xsrf!,
      user_code: device.user_code.replace('-', '').toLowerCase(),
      confirm: 'yes',
    });
    expect(submitted.status).toBe(303);
    expect(pageOf(submitted).path).toBe('/sign-in');
    expect((await poll(device.device_code)).body.error).toBe('authorization_pending');

    // The usual sign-in through the Experience API, in the same browser.
    const flow = new ExperienceFlow(stack, stack.userUrl, session);
    await flow.signInWithPassword(username, password);
    const submit = await flow.api('POST', '/submit');
    expect(submit.status).toBe(200);
    // Through the automatic consent of a first-party app (`/consent`), as in Logto, to the success page.
    const done = await session.follow(
      String(submit.body.redirectTo),
      (url) => !url.pathname.startsWith('/oidc') && url.pathname !== '/consent',
    );
    expect(done.url.pathname).toBe('/device/success');
    expect(cookieValue(session, xsrfCookie)).toBeUndefined();

    const tokens = await poll(device.device_code);
    expect(tokens.status).toBe(200);
    expect(tokens.body).toMatchObject({
      access_token: expect.any(String),
      refresh_token: expect.any(String),
      id_token: expect.any(String),
      token_type: 'Bearer',
    });
    const jwks = jose.createRemoteJWKSet(new URL(`${issuer}/jwks`));
    const { payload } = await jose.jwtVerify(String(tokens.body.id_token), jwks, { issuer, audience: 'device-demo-app' });
    expect(payload.sub).toBe(user.id);

    // The refresh token works; the code is spent, and replaying it revokes what it issued.
    const refresh = () =>
      fetch(
        `${issuer}/token`,
        form({ grant_type: 'refresh_token', refresh_token: String(tokens.body.refresh_token), client_id: 'device-demo-app' }),
      );
    const refreshed = await refresh();
    expect(refreshed.status).toBe(200);
    const rotated = (await refreshed.json()) as { refresh_token: string };
    expect(await poll(device.device_code)).toMatchObject({ status: 400, body: { error: 'invalid_grant', code: 'oidc.invalid_grant' } });
    const afterReplay = await fetch(
      `${issuer}/token`,
      form({ grant_type: 'refresh_token', refresh_token: rotated.refresh_token, client_id: 'device-demo-app' }),
    );
    expect(afterReplay.status).toBe(400);
  });

  it('asks to confirm a code that came in the verification_uri_complete link', async () => {
    const device = await startDevice();
    const session = new BrowserSession(stack);
    // The link's page posts the code by itself (an auto-submitting form) …
    const { response: page } = await openVerificationPage(session, `?user_code=${device.user_code}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(device.user_code);
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1];
    expect(xsrf).toBeTruthy();
    // … and without `confirm` the UI's page is told to ask for the confirmation.
    const asked = await submitCode(session, { xsrf: xsrf!, user_code: device.user_code });
    expect(asked.status).toBe(302);
    expect(pageOf(asked)).toEqual({ path: '/device', query: { user_code: device.user_code } });
    const confirmed = await submitCode(session, { xsrf: cookieValue(session, xsrfCookie)!, user_code: device.user_code, confirm: 'yes' });
    expect(pageOf(confirmed).path).toBe('/sign-in');
  });

  it('sends an unknown code, a missing code and a stale form back to the page with the reason', async () => {
    const session = new BrowserSession(stack);
    const { xsrf } = await openVerificationPage(session);
    const unknown = await submitCode(session, { xsrf: xsrf!, user_code: 'BCDF-GHJK', confirm: 'yes' });
    expect(unknown.status).toBe(302);
    expect(pageOf(unknown)).toEqual({ path: '/device', query: { input_code: 'BCDF-GHJK', error: 'NotFoundError' } });

    const missing = await submitCode(session, { xsrf: cookieValue(session, xsrfCookie)!, user_code: '', confirm: 'yes' });
    expect(pageOf(missing)).toEqual({ path: '/device', query: { error: 'NoCodeError' } });

    const stale = await submitCode(session, { xsrf: 'not-the-xsrf-value', user_code: 'BCDF-GHJK', confirm: 'yes' });
    expect(pageOf(stale).path).toBe('/device');
    expect(pageOf(stale).query.error).toBe('InvalidRequest');
  });

  it('refuses an expired user code on the page, and the device hears expired_token', async () => {
    const device = await startDevice();
    // Ten minutes later: the code's own expiry (the row is kept a while longer, see the adapter).
    await stack.database.db
      .update(oidcModelInstances)
      .set({ payload: sql`jsonb_set(${oidcModelInstances.payload}, '{exp}', to_jsonb(extract(epoch from now())::bigint - 1))` })
      .where(
        and(
          eq(oidcModelInstances.tenantId, defaultTenantId),
          eq(oidcModelInstances.modelName, 'DeviceCode'),
          eq(oidcModelInstances.id, device.device_code),
        ),
      );
    const session = new BrowserSession(stack);
    const { xsrf } = await openVerificationPage(session);
    const refused = await submitCode(session, { xsrf: xsrf!, user_code: device.user_code, confirm: 'yes' });
    expect(pageOf(refused)).toEqual({ path: '/device', query: { input_code: device.user_code, error: 'ExpiredError' } });
    expect(await poll(device.device_code)).toMatchObject({ status: 400, body: { error: 'expired_token', code: 'oidc.expired_token' } });
  });

  it('tells the device access_denied when the person aborts', async () => {
    const device = await startDevice();
    const session = new BrowserSession(stack);
    const { xsrf } = await openVerificationPage(session);
    const aborted = await submitCode(session, { xsrf: xsrf!, user_code: device.user_code, abort: 'yes' });
    expect(pageOf(aborted)).toEqual({ path: '/device', query: { error: 'AbortedError' } });
    expect(await poll(device.device_code)).toMatchObject({ status: 400, body: { error: 'access_denied' } });
    // A used code cannot be entered again.
    const again = await submitCode(session, { xsrf: cookieValue(session, xsrfCookie)!, user_code: device.user_code, confirm: 'yes' });
    expect(pageOf(again).query.error).toBe('AlreadyUsedError');
  });

  it('keeps device apps to the device grant and other apps away from it', async () => {
    // A device app has no authorization endpoint flow …
    const authorize = await fetch(
      `${issuer}/auth?${new URLSearchParams({ client_id: 'device-demo-app', response_type: 'code', scope: 'openid' })}`,
      { redirect: 'manual' },
    );
    expect(authorize.status).toBe(400);
    expect(authorize.headers.get('location')).toBeNull();
    // … and an ordinary native app no device grant.
    const native = await insertApplication(stack.database.db, defaultTenantId, {
      type: 'Native',
      oidcClientMetadata: { redirectUris: ['io.example.app://callback'], postLogoutRedirectUris: [] },
    });
    const refused = await fetch(`${issuer}/device/auth`, form({ client_id: native.id, scope: 'openid' }));
    expect(refused.status).toBe(400);
    // (oidc-provider, and so Logto, says invalid_request here where RFC 8628 would say unauthorized_client.)
    expect(await refused.json()).toMatchObject({
      error: 'invalid_request',
      code: 'oidc.invalid_request',
      error_description: expect.stringMatching(/device_code/),
    });
    // A Native app flagged as Logto flags device apps takes part.
    const flagged = await insertApplication(stack.database.db, defaultTenantId, {
      type: 'Native',
      oidcClientMetadata: { redirectUris: [], postLogoutRedirectUris: [] },
      customClientMetadata: { isDeviceFlow: true },
    });
    expect((await startDevice(flagged.id, 'openid')).user_code).toBeTruthy();
  });

  it('lists the device authorization endpoint and grant in discovery', async () => {
    const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(discovery.device_authorization_endpoint).toBe(`${issuer}/device/auth`);
    expect(discovery.grant_types_supported).toContain(deviceGrant);
  });

  it('connects a device through the /device page and the sign-in page in a browser', async () => {
    const device = await startDevice();
    browser = await launchBrowser();
    const page = await (await browser.newContext()).newPage();
    page.setDefaultTimeout(15_000);
    onTestFailed(async () => {
      console.log(`screenshot: ${await saveScreenshot(page, 'device-flow')} at ${page.url()}`);
    });

    // The short verification URI: the page fetches its cookie through /oidc/device and comes back.
    await page.goto(device.verification_uri);
    await page.getByLabel('Code').fill('bcdf-ghjk');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByText('No device is waiting for this code').waitFor();
    expect(new URL(page.url()).searchParams.get('error')).toBe('NotFoundError');

    await page.getByLabel('Code').fill(device.user_code);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${stack.userUrl}/sign-in**`);
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(`${stack.userUrl}/device/success`);
    await page.getByRole('heading', { name: 'Device connected' }).waitFor();

    const tokens = await poll(device.device_code);
    expect(tokens).toMatchObject({ status: 200, body: { access_token: expect.any(String), id_token: expect.any(String) } });
  });
});
