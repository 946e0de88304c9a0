// The device page's context, as Logto's: every redirect of the device flow to the sign-in UI's
// `/device` page carries the `app_id`, `organization_id` and `ui_locales` the page was opened or
// posted with (a confirmation falls back on the device's own request for the last two), and sets
// the UI's `_logto` cookie to the same. Real HTTP, the OP's answers read as a browser would; then
// the built sign-in UI in a real browser, speaking the `ui_locales` language.
import path from 'node:path';
import { repoRoot } from '@idp/launcher';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import {
  BrowserSession,
  createFixtureFrontends,
  type FrontendDists,
  launchBrowser,
  saveScreenshot,
  startTestStack,
  type TestStack,
} from '../../src/index.ts';

const xsrfCookie = '_logto_device_flow_xsrf';

let stack: TestStack;
let fixtures: FrontendDists;
let browser: Browser | undefined;
let issuer: string;

beforeAll(async () => {
  fixtures = await createFixtureFrontends();
  stack = await startTestStack({ frontends: { ...fixtures, ui: path.join(repoRoot, 'packages', 'ui', 'dist') } });
  issuer = `${stack.userUrl}/oidc`;
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  await fixtures?.remove();
});

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields),
});

async function startDevice(extra: Record<string, string> = {}) {
  const response = await fetch(`${issuer}/device/auth`, form({ client_id: 'device-demo-app', scope: 'openid', ...extra }));
  expect(response.status).toBe(200);
  return (await response.json()) as { user_code: string };
}

const cookieValue = (session: BrowserSession, name: string) => {
  const raw = session
    .cookieHeader()
    .split('; ')
    .find((pair) => pair.startsWith(`${name}=`))
    ?.slice(name.length + 1);
  return raw === undefined ? undefined : decodeURIComponent(raw);
};

const pageOf = (response: Response) => {
  expect([302, 303]).toContain(response.status);
  const location = new URL(response.headers.get('location') ?? '', stack.userUrl);
  return { path: location.pathname, query: Object.fromEntries(location.searchParams) };
};

/** The `/device` page's xsrf value, as the page gets it (through /oidc/device). */
async function opened(session: BrowserSession, query = '') {
  const response = await session.fetch(`${issuer}/device${query}`);
  return { page: pageOf(response), xsrf: cookieValue(session, xsrfCookie)! };
}

describe('the /device page context', () => {
  it('carries app_id, organization_id and ui_locales to the code form, and into the _logto cookie', async () => {
    const session = new BrowserSession(stack);
    const { page } = await opened(session, '?app_id=device-demo-app&organization_id=org_1&ui_locales=ko%20en&prompt=login');
    expect(page).toEqual({
      path: '/device',
      query: { app_id: 'device-demo-app', organization_id: 'org_1', ui_locales: 'ko en' },
    });
    expect(JSON.parse(cookieValue(session, '_logto')!)).toEqual({
      appId: 'device-demo-app',
      organizationId: 'org_1',
      uiLocales: 'ko en',
    });

    // Without context the page's address holds nothing but the flow's own state.
    const plain = new BrowserSession(stack);
    expect((await opened(plain)).page).toEqual({ path: '/device', query: {} });
    expect(JSON.parse(cookieValue(plain, '_logto')!)).toEqual({});
  });

  it('keeps the context when a code is refused', async () => {
    const session = new BrowserSession(stack);
    const { xsrf } = await opened(session, '?ui_locales=ko');
    const refused = await session.fetch(
      `${issuer}/device?app_id=device-demo-app&ui_locales=ko`,
      form({ xsrf, user_code: 'BCDF-GHJK', confirm: 'yes' }),
    );
    expect(pageOf(refused)).toEqual({
      path: '/device',
      query: { app_id: 'device-demo-app', ui_locales: 'ko', input_code: 'BCDF-GHJK', error: 'NotFoundError' },
    });
  });

  it("asks for a confirmation with the device request's organization and languages, the page's address winning", async () => {
    const device = await startDevice({ ui_locales: 'ko', organization_id: 'org_from_device' });
    const session = new BrowserSession(stack);
    const { xsrf } = await opened(session);
    const confirm = await session.fetch(`${issuer}/device`, form({ xsrf, user_code: device.user_code }));
    expect(pageOf(confirm)).toEqual({
      path: '/device',
      query: { organization_id: 'org_from_device', ui_locales: 'ko', user_code: device.user_code },
    });
    expect(JSON.parse(cookieValue(session, '_logto')!)).toEqual({ organizationId: 'org_from_device', uiLocales: 'ko' });

    const second = await startDevice({ ui_locales: 'ko' });
    const { xsrf: again } = await opened(session, '?app_id=device-demo-app&ui_locales=en');
    const overridden = await session.fetch(
      `${issuer}/device?app_id=device-demo-app&ui_locales=en`,
      form({ xsrf: again, user_code: second.user_code }),
    );
    expect(pageOf(overridden)).toEqual({
      path: '/device',
      query: { app_id: 'device-demo-app', ui_locales: 'en', user_code: second.user_code },
    });
  });

  it('keeps the context through the built /device page in a browser, in the ui_locales language', async () => {
    browser = await launchBrowser();
    const page = await (await browser.newContext({ locale: 'en-US' })).newPage();
    page.setDefaultTimeout(15_000);
    onTestFailed(async () => {
      console.log(`screenshot: ${await saveScreenshot(page, 'device-page-context')} at ${page.url()}`);
    });
    await page.goto(`${stack.userUrl}/device?app_id=device-demo-app&ui_locales=ko`);
    await page.getByRole('heading', { name: '기기 연결' }).waitFor();
    await page.getByLabel('코드').fill('bcdf-ghjk');
    await page.getByRole('button', { name: '계속' }).click();
    await page.getByText('이 코드를 기다리는 기기가 없습니다').waitFor();
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({
      app_id: 'device-demo-app',
      ui_locales: 'ko',
      input_code: 'BCDF-GHJK',
      error: 'NotFoundError',
    });
  });
});
