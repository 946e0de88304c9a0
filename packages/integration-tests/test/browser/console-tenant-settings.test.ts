import type { Page } from 'playwright-core';
import * as jose from 'jose';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir, createManagementClient, managementToken, saveScreenshot } from '../../src/index.ts';
import { type ConsoleHarness, createFirstAdmin, signIn, startConsoleHarness } from './console-harness.ts';
import { englishPhrases, leftoverEnglish } from './console-phrases.ts';

// The console's tenant settings page (issue 16) in Chromium against the whole stack: rotating the
// signing keys keeps earlier tokens verifying while new ones use the new key, a previous key can be
// deleted, and the machine-to-machine example works as printed.
let harness: ConsoleHarness;
let adminPage: Page;
let machine: { id: string; secret: string; name: string };
const admin = { username: 'settings_admin', password: 'Console-pass-2026!' };

beforeAll(async () => {
  harness = await startConsoleHarness('console-tenant-settings');
  const management = await createManagementClient(harness.stack);
  machine = { ...management.app, name: 'Management API test client' };
}, 120_000);
afterAll(async () => {
  await harness?.stop();
});

const userUrl = () => harness.stack.userUrl;
const tokenNow = () => managementToken(userUrl(), machine);
const kidOf = (token: string) => jose.decodeProtectedHeader(token).kid;
/** Verifies a token against the tenant's published keys, as a resource server would (fresh JWKS each time). */
const verify = (token: string) =>
  jose.jwtVerify(token, jose.createRemoteJWKSet(new URL(`${userUrl()}/oidc/jwks`)), { issuer: `${userUrl()}/oidc` });
const keyRows = (page: Page) => page.getByRole('table', { name: 'Signing keys' }).locator('tbody tr');

describe('console: tenant settings', () => {
  it('first run, then the page lists the current signing and cookie keys', async () => {
    const { page } = await harness.newPage('first-run');
    adminPage = page;
    await createFirstAdmin(harness, page, admin);
    await page.getByRole('link', { name: 'Tenant settings', exact: true }).click();
    await page.getByRole('heading', { name: 'Tenant settings', level: 1 }).waitFor();
    await expect.poll(() => keyRows(page).first().innerText()).toMatch(/Current/);
    expect(await keyRows(page).allInnerTexts()).not.toContainEqual(expect.stringMatching(/Previous/));
    await page.getByRole('table', { name: 'Cookie keys' }).getByText('Current').first().waitFor();
  });

  it('rotates the signing keys: tokens issued before still verify, new ones use the new key', async () => {
    const page = adminPage;
    const before = await tokenNow();
    await verify(before);
    const currentIds = await keyRows(page).locator('td:first-child').allTextContents();
    expect(currentIds).toContain(kidOf(before));

    await page.getByRole('button', { name: 'Rotate signing keys' }).click();
    const dialog = page.getByRole('dialog', { name: 'Rotate keys?' });
    await dialog.getByRole('button', { name: 'Rotate' }).click();
    await page.getByText('Keys rotated').first().waitFor();
    // The old keys are listed as previous, with a new current key first.
    const oldRow = keyRows(page).filter({ hasText: kidOf(before)! });
    await expect.poll(() => oldRow.innerText()).toMatch(/Previous/);
    await expect.poll(() => keyRows(page).first().innerText()).toMatch(/Current/);
    const newKid = (await keyRows(page).first().locator('td:first-child').textContent()) ?? '';
    expect(currentIds).not.toContain(newKid);

    // The OP picks the rotation up (PostgreSQL notifications): new tokens carry the new key.
    await expect.poll(async () => kidOf(await tokenNow()), { timeout: 10_000 }).toBe(newKid);
    // The gateway replays the JWKS for up to a second (document-cache.ts): the new key is published
    // that much later at most.
    const after = await tokenNow();
    await expect
      .poll(
        () =>
          verify(after).then(
            () => true,
            () => false,
          ),
        { timeout: 5_000 },
      )
      .toBe(true);
    await verify(before);
  });

  it('deletes a previous key after confirmation; the key in use offers no delete', async () => {
    const page = adminPage;
    const previous = keyRows(page).filter({ hasText: 'Previous' });
    const count = await previous.count();
    expect(count).toBeGreaterThan(0);
    const id = (await previous.first().locator('td:first-child').textContent()) ?? '';
    await expect.poll(() => keyRows(page).first().getByRole('button').count()).toBe(0);
    await page.getByRole('button', { name: `Delete key ${id}` }).click();
    await page.getByRole('dialog', { name: 'Delete previous key' }).getByRole('button', { name: 'Delete' }).click();
    await page.getByText('Key deleted').first().waitFor();
    await expect.poll(() => keyRows(page).filter({ hasText: id }).count()).toBe(0);
  });

  it('prints a machine-to-machine example with the real endpoint that works as printed', async () => {
    const page = adminPage;
    const section = page.getByRole('region', { name: 'Management API access for machines' });
    await section.getByLabel('Machine-to-machine application').selectOption({ label: machine.name });
    const request = section.getByTestId('m2m-token-request');
    await expect.poll(() => request.textContent()).toContain(machine.id);
    const printed = (await request.textContent()) ?? '';
    expect(printed).toContain(`curl -X POST '${userUrl()}/oidc/token'`);

    // Run what it says, with the app's secret in place of the placeholder.
    const url = /curl -X POST '([^']+)'/.exec(printed)![1]!;
    const [clientId] = /-u '([^']+)'/.exec(printed)![1]!.split(':');
    const form = new URLSearchParams(
      [...printed.matchAll(/-d '([^=]+)=([^']*)'/g)].map((match): [string, string] => [match[1]!, match[2]!]),
    );
    const tokenResponse = await fetch(url, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${clientId}:${machine.secret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: form,
    });
    expect(tokenResponse.status).toBe(200);
    const { access_token: accessToken } = (await tokenResponse.json()) as { access_token: string };
    const call = (await section.getByTestId('m2m-api-call').textContent()) ?? '';
    const apiUrl = /curl '([^']+)'/.exec(call)![1]!;
    expect(apiUrl).toBe(`${userUrl()}/api/applications`);
    expect((await fetch(apiUrl, { headers: { authorization: `Bearer ${accessToken}` } })).status).toBe(200);
    await page.waitForLoadState('networkidle');
    await saveScreenshot(page, 'console-page-en-tenant-settings');
  });

  it('shows the page in Korean with no English left', async () => {
    const { page } = await harness.newPage('korean', { locale: 'ko-KR' });
    await page.goto(harness.consoleUrl('/tenant-settings'));
    await page.waitForURL(/\/sign-in/);
    await signIn(page, admin.username, admin.password);
    await page.waitForURL(harness.consoleUrl('/tenant-settings'));
    await page.getByRole('heading', { name: '테넌트 설정', level: 1 }).waitFor();
    await page.waitForLoadState('networkidle');
    expect(await leftoverEnglish(page, englishPhrases())).toEqual([]);
    await saveScreenshot(page, 'console-page-ko-tenant-settings');
  }, 60_000);
  it("custom phrases: a Korean sign-in phrase set in the console shows on Korean visitors' sign-in page until deleted", async () => {
    const page = adminPage;
    await page.goto(harness.consoleUrl('/tenant-settings'));
    const section = page.getByRole('region', { name: 'Custom phrases' });
    // What a visitor whose browser asks for Korean gets: the phrases the sign-in experience serves.
    const koreanPhrases = async () => {
      const response = await fetch(`${userUrl()}/api/.well-known/phrases`, { headers: { 'accept-language': 'ko-KR,ko;q=0.9' } });
      expect(response.headers.get('content-language')).toBe('ko');
      return ((await response.json()) as { action: { sign_in: string } }).action.sign_in;
    };
    const builtIn = await koreanPhrases();
    const custom = '한국어로 들어가기';
    expect(builtIn).not.toBe(custom);

    await section.getByRole('button', { name: 'Add language' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add custom phrases' });
    // The tag is checked as the API checks it before anything is sent.
    await dialog.getByLabel('Language tag').fill('k');
    await dialog.getByLabel('Phrase key 1').fill('action.sign_inn');
    await dialog.getByLabel('Text 1').fill(custom);
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.getByText('Enter a language tag such as ko or pt-BR.').waitFor();
    // A key the sign-in experience does not have: the API's own message is shown.
    await dialog.getByLabel('Language tag').fill('ko');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'Unknown phrase keys: action.sign_inn' }).waitFor();
    await dialog.getByLabel('Phrase key 1').fill('action.sign_in');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Custom phrases for ko saved').first().waitFor();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => section.locator('tbody tr').allInnerTexts()).toEqual([expect.stringMatching(/^ko\s+1\s/)]);
    expect(await koreanPhrases()).toBe(custom);
    // A Korean visitor's sign-in page says it.
    const { page: visitor, context } = await harness.newPage('korean-visitor', { locale: 'ko-KR' });
    await visitor.goto(`${userUrl()}/demo-app`);
    await visitor.getByRole('button', { name: 'Sign in' }).first().click();
    await visitor.waitForURL(`${userUrl()}/sign-in**`);
    await visitor.getByRole('button', { name: custom, exact: true }).waitFor();
    await context.close();

    // Editing starts from what is saved.
    await section.getByRole('button', { name: 'Edit phrases for ko' }).click();
    const editor = page.getByRole('dialog', { name: 'Custom phrases for ko' });
    expect(await editor.getByLabel('Phrase key 1').inputValue()).toBe('action.sign_in');
    expect(await editor.getByLabel('Text 1').inputValue()).toBe(custom);
    // The English text of each key is shown beside it (the keys come from the sign-in experience).
    await expect.poll(() => editor.getByLabel('Text 1').getAttribute('placeholder')).toBe('Sign in');
    await editor.screenshot({ path: path.join(artifactsDir, 'console-custom-phrases-editor.png') });
    await editor.getByRole('button', { name: 'Cancel' }).click();
    await page.waitForLoadState('networkidle');
    await section.screenshot({ path: path.join(artifactsDir, 'console-custom-phrases.png') });

    await section.getByRole('button', { name: 'Delete phrases for ko' }).click();
    await page.getByRole('dialog', { name: 'Delete custom phrases' }).getByRole('button', { name: 'Delete' }).click();
    await page.getByText('Custom phrases for ko deleted').first().waitFor();
    await expect.poll(() => section.locator('tbody tr').filter({ hasText: /^ko/ }).count()).toBe(0);
    expect(await koreanPhrases()).toBe(builtIn);
  }, 60_000);
});
