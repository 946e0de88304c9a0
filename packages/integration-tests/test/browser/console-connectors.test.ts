import { defaultTenantId } from '@idp/db';
import { connectors, signInExperiences } from '@idp/schemas';
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MailCatcher, type SmsReceiver, saveScreenshot, startMailCatcher, startSmsReceiver } from '../../src/index.ts';
import { type ConsoleHarness, createFirstAdmin, signIn, startConsoleHarness } from './console-harness.ts';
import { englishPhrases, leftoverEnglish } from './console-phrases.ts';

// The console's connectors pages (issue 16) in Chromium against the whole stack: an administrator
// configures SMTP against a real SMTP server and an HTTP SMS gateway, sends test messages through
// them, adds a social connector, deletes one; and the sign-in experience refuses email sign-in by
// code until an email connector exists.
let harness: ConsoleHarness;
let mail: MailCatcher;
let sms: SmsReceiver;
let adminPage: Page;
const admin = { username: 'connectors_admin', password: 'Console-pass-2026!' };
const state: { emailId?: string; smsId?: string } = {};

beforeAll(async () => {
  [harness, mail, sms] = await Promise.all([startConsoleHarness('console-connectors'), startMailCatcher(), startSmsReceiver()]);
}, 120_000);
afterAll(async () => {
  await Promise.all([harness?.stop(), mail?.close(), sms?.close()]);
});

const consoleUrl = (route: string) => harness.consoleUrl(route);
const storedConnectors = () => harness.stack.database.db.select().from(connectors).where(eq(connectors.tenantId, defaultTenantId));
const smtpConfig = () => ({
  host: '127.0.0.1',
  port: mail.port,
  secure: false,
  fromEmail: 'noreply@idp.test',
  templates: [{ usageType: 'Generic', subject: 'Your code', content: 'Your code is {{code}}.' }],
});

/** Turns on email sign-in by verification code on the sign-in experience page and saves. */
async function enableEmailCodeSignIn(page: Page) {
  await page.goto(consoleUrl('/sign-in-experience'));
  const methods = page.getByRole('group', { name: 'Sign-in methods' });
  await methods.getByLabel('Email address', { exact: true }).check();
  await page.getByLabel('Email address with a verification code').check();
  await page.getByRole('button', { name: 'Save changes', exact: true }).click();
  await page.getByRole('dialog', { name: 'Save these changes?' }).getByRole('button', { name: 'Save and apply' }).click();
}

describe('console: connectors', () => {
  it('first run, then the empty connectors page offers email and SMS set-up', async () => {
    const { page } = await harness.newPage('first-run');
    adminPage = page;
    await createFirstAdmin(harness, page, admin);
    await page.getByRole('link', { name: 'Connectors', exact: true }).click();
    await page.getByRole('heading', { name: 'Connectors', level: 1 }).waitFor();
    await page.getByText('No email connector yet').waitFor();
    await page.getByRole('button', { name: 'Set up email connector' }).waitFor();
    await page.getByRole('button', { name: 'Set up SMS connector' }).waitFor();
  });

  it('without an email connector, the sign-in experience refuses email sign-in by code with the API’s message', async () => {
    const page = adminPage;
    await enableEmailCodeSignIn(page);
    await page.getByRole('alert').getByText('Enabled Email connector is not found.').waitFor();
    const [experience] = await harness.stack.database.db
      .select()
      .from(signInExperiences)
      .where(eq(signInExperiences.tenantId, defaultTenantId));
    expect(experience!.signIn.methods.map(({ identifier }) => identifier)).toEqual(['username']);
  });

  it('sets up SMTP from the factory’s example, sends a test email to the real SMTP server, and creates it', async () => {
    const page = adminPage;
    await page.goto(consoleUrl('/connectors'));
    await page.getByRole('button', { name: 'Set up email connector' }).click();
    const dialog = page.getByRole('dialog', { name: 'Set up a connector' });
    await dialog.getByRole('radio', { name: /^SMTP/ }).check();
    // SMTP declares no form items: its settings are edited as JSON, prefilled with its example.
    const settings = dialog.getByLabel('Settings (JSON)');
    expect(JSON.parse(await settings.inputValue())).toMatchObject({ host: 'smtp.example.com', port: 587 });
    await settings.fill('{ "host": ');
    await dialog.getByRole('button', { name: 'Create connector' }).click();
    await dialog
      .locator('#connector-config-error')
      .getByText(/^This is not valid JSON/)
      .waitFor();
    await settings.fill(JSON.stringify(smtpConfig(), null, 2));

    await dialog.getByLabel('Email address').fill('admin@example.com');
    await dialog.getByRole('button', { name: 'Send test email' }).click();
    await page.getByText('Test message sent').first().waitFor();
    await expect.poll(() => mail.mails.length).toBe(1);
    expect(mail.mails[0]).toMatchObject({ to: 'admin@example.com' });
    expect(mail.mails[0]!.raw).toContain('Your code is 000000.');
    expect(await storedConnectors()).toEqual([]);

    await dialog.getByRole('button', { name: 'Create connector' }).click();
    await page.waitForURL(/\/console\/connectors\/\w+$/);
    await page.getByRole('heading', { name: 'SMTP', level: 1 }).waitFor();
    state.emailId = (await page.getByTestId('connector-id').textContent()) ?? '';
    expect(await storedConnectors()).toEqual([expect.objectContaining({ id: state.emailId, connectorId: 'smtp', config: smtpConfig() })]);
  });

  it('edits the SMTP settings; a bad config shows the API’s message and is not saved', async () => {
    const page = adminPage;
    const settings = page.getByLabel('Settings (JSON)');
    await settings.fill(JSON.stringify({ ...smtpConfig(), port: 'twenty-five' }));
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page
      .getByRole('alert')
      .getByText(/port must be an integer/)
      .waitFor();
    expect((await storedConnectors())[0]!.config).toEqual(smtpConfig());

    await settings.fill(JSON.stringify({ ...smtpConfig(), fromEmail: 'hello@idp.test' }));
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Connector saved').first().waitFor();
    expect((await storedConnectors())[0]!.config).toMatchObject({ fromEmail: 'hello@idp.test' });
    // The test message uses what the form holds.
    await page.getByLabel('Email address').fill('second@example.com');
    await page.getByRole('button', { name: 'Send test email' }).click();
    await expect.poll(() => mail.mails.length).toBe(2);
    expect(mail.mails[1]!.raw).toMatch(/^From: .*hello@idp\.test/m);
  });

  it('with the email connector in place, email sign-in by code saves', async () => {
    const page = adminPage;
    await enableEmailCodeSignIn(page);
    await page.getByText('Saved').first().waitFor();
    const [experience] = await harness.stack.database.db
      .select()
      .from(signInExperiences)
      .where(eq(signInExperiences.tenantId, defaultTenantId));
    expect(experience!.signIn.methods).toContainEqual(expect.objectContaining({ identifier: 'email', verificationCode: true }));
  });

  it('sets up HTTP SMS with the form its factory declares, and sends a test SMS to the gateway', async () => {
    const page = adminPage;
    await page.goto(consoleUrl('/connectors'));
    await page.getByRole('button', { name: 'Set up SMS connector' }).click();
    const dialog = page.getByRole('dialog', { name: 'Set up a connector' });
    await dialog.getByRole('radio', { name: /^HTTP SMS/ }).check();
    await dialog.getByRole('button', { name: 'Create connector' }).click();
    await dialog.locator('#connector-field-endpoint-error').getByText('This field is required').waitFor();
    await dialog.getByLabel('Endpoint', { exact: true }).fill(sms.endpoint);
    await expect.poll(() => dialog.getByLabel('Authorization header').getAttribute('type')).toBe('password');
    await dialog.getByLabel('Authorization header').fill('Bearer gateway-token');
    await dialog.getByLabel('Phone number').fill('+15551234567');
    await dialog.getByRole('button', { name: 'Send test SMS' }).click();
    await expect.poll(() => sms.texts.length).toBe(1);
    expect(sms.texts[0]).toMatchObject({ to: '+15551234567', payload: { code: '000000' }, authorization: 'Bearer gateway-token' });

    await dialog.getByRole('button', { name: 'Create connector' }).click();
    await page.getByRole('heading', { name: 'HTTP SMS', level: 1 }).waitFor();
    state.smsId = (await page.getByTestId('connector-id').textContent()) ?? '';
    const stored = (await storedConnectors()).find(({ id }) => id === state.smsId);
    expect(stored).toMatchObject({ connectorId: 'http-sms', config: { endpoint: sms.endpoint, authorization: 'Bearer gateway-token' } });
  });

  it('adds an OpenID Connect social connector with its button name', async () => {
    const page = adminPage;
    await page.goto(consoleUrl('/connectors'));
    await page.getByRole('button', { name: 'Add social connector' }).click();
    const dialog = page.getByRole('dialog', { name: 'Set up a connector' });
    await dialog.getByRole('radio', { name: /^OpenID Connect/ }).check();
    const issuer = 'https://accounts.example.com';
    await dialog.getByLabel('Settings (JSON)').fill(
      JSON.stringify({
        issuer,
        authorizationEndpoint: `${issuer}/authorize`,
        tokenEndpoint: `${issuer}/token`,
        jwksUri: `${issuer}/jwks`,
        clientId: 'client-id',
        clientSecret: 'client-secret',
        target: 'acme',
      }),
    );
    await dialog.getByLabel('Button name').fill('Acme ID');
    await dialog.getByRole('button', { name: 'Create connector' }).click();
    await page.getByRole('heading', { name: 'Acme ID', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Back to connectors' }).click();
    const social = page.getByRole('table', { name: 'Social connectors' });
    await social.getByRole('link', { name: 'Acme ID' }).waitFor();
    await expect.poll(() => social.getByRole('row').nth(1).innerText()).toMatch(/Acme ID\s+acme\s+oidc/);
    await page.getByRole('link', { name: 'Open SMTP' }).waitFor();
    await page.waitForLoadState('networkidle');
    await saveScreenshot(page, 'console-page-en-connectors');
  });

  it('deletes a connector after confirmation', async () => {
    const page = adminPage;
    await page.getByRole('link', { name: 'Open HTTP SMS' }).click();
    await page.getByRole('heading', { name: 'HTTP SMS', level: 1 }).waitFor();
    await saveScreenshot(page, 'console-page-en-connector-details');
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete connector' });
    await dialog.getByText('Deleting HTTP SMS stops').waitFor();
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await page.waitForURL(consoleUrl('/connectors'));
    await page.getByRole('button', { name: 'Set up SMS connector' }).waitFor();
    expect((await storedConnectors()).map(({ connectorId }) => connectorId).sort()).toEqual(['oidc', 'smtp']);
  });

  it('shows the connectors pages in Korean with no English left', async () => {
    const { page } = await harness.newPage('korean', { locale: 'ko-KR' });
    await page.goto(consoleUrl('/connectors'));
    await page.waitForURL(/\/sign-in/);
    await signIn(page, admin.username, admin.password);
    await page.waitForURL(consoleUrl('/connectors'));
    await page.getByRole('heading', { name: '커넥터', level: 1 }).waitFor();
    await page.waitForLoadState('networkidle');
    const english = englishPhrases();
    expect(await leftoverEnglish(page, english)).toEqual([]);
    await saveScreenshot(page, 'console-page-ko-connectors');
    await page.goto(consoleUrl(`/connectors/${state.emailId}`));
    await page.getByRole('heading', { name: 'SMTP', level: 1 }).waitFor();
    await page.waitForLoadState('networkidle');
    expect(await leftoverEnglish(page, english)).toEqual([]);
  }, 60_000);
});
