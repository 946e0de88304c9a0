// Logto's later sign-in experience settings through /api/sign-in-exp: each is accepted, stored
// and returned with Logto's defaults, bad values get Logto's codes; plus check-password and the
// username case conflicts report.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defaultTenantId } from '@idp/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertUser, type ManagementTest, startManagementTest, type TestStack } from './test-stack.ts';

let stack: TestStack;
let call: ManagementTest['call'];
let folder: string;

type Body = Record<string, unknown>;
const read = async () => (await call('GET', '/api/sign-in-exp')).body as Body;
const patch = (body: unknown) => call('PATCH', '/api/sign-in-exp', body);

beforeAll(async () => {
  ({ stack, call } = await startManagementTest());
  folder = await mkdtemp(path.join(tmpdir(), 'sign-in-exp-'));
  for (const { id } of (await call('GET', '/api/connectors')).body as Array<{ id: string }>) {
    await call('DELETE', `/api/connectors/${id}`);
  }
});
afterAll(async () => {
  await stack?.stop();
  if (folder) await rm(folder, { recursive: true, force: true });
});

describe('GET /api/sign-in-exp', () => {
  it("returns every later setting with Logto's defaults", async () => {
    expect(await read()).toMatchObject({
      adaptiveMfa: {},
      mfa: { factors: [], policy: 'UserControlled' },
      usernamePolicy: {
        caseSensitive: true,
        minLength: 1,
        maxLength: 128,
        allowedChars: { lowercase: true, uppercase: true, numbers: true, underscore: true },
      },
      captchaPolicy: {},
      emailBlocklistPolicy: {},
      singleSignOnEnabled: false,
      customUiCsp: {},
      customUiAssets: null,
      signUp: { identifiers: ['username'], password: true, verify: false },
      passwordExpiration: {},
      supportEmail: null,
      supportWebsiteUrl: null,
      forgotPasswordMethods: null,
      socialSignIn: {},
    });
  });
});

describe('PATCH /api/sign-in-exp with the later settings', () => {
  it('accepts, stores and returns each of them', async () => {
    const email = await call('POST', '/api/connectors', { connectorId: 'mock-email-service', config: { folder } });
    expect(email.status).toBe(200);
    const changes = {
      mfa: { factors: ['Totp'], policy: 'PromptOnlyAtSignInMandatory', organizationRequiredMfaPolicy: 'Mandatory' },
      adaptiveMfa: { enabled: true },
      usernamePolicy: {
        caseSensitive: true,
        minLength: 3,
        maxLength: 32,
        allowedChars: { lowercase: true, uppercase: false, numbers: true, underscore: true },
      },
      captchaPolicy: { enabled: false },
      emailBlocklistPolicy: {
        blockSubaddressing: true,
        blockDisposableAddresses: true,
        customBlocklist: ['bad@example.com', '@spam.test'],
      },
      singleSignOnEnabled: true,
      customUiCsp: { scriptSrc: ['https://cdn.example.com'], connectSrc: ['https://api.example.com'] },
      customUiAssets: { id: 'assets-1', createdAt: 1_700_000_000_000 },
      signUp: {
        identifiers: ['username'],
        password: true,
        verify: false,
        secondaryIdentifiers: [{ identifier: 'email', verify: true }],
      },
      supportEmail: 'help@example.com',
      supportWebsiteUrl: 'https://help.example.com',
      forgotPasswordMethods: ['EmailVerificationCode'],
      socialSignIn: { automaticAccountLinking: true, skipRequiredIdentifiers: false },
      passwordExpiration: { enabled: true, validPeriodDays: 90, reminderPeriodDays: 7 },
    };
    const before = Date.now();
    const patched = await patch(changes);
    expect(patched.status).toBe(200);
    const { passwordExpiration, ...rest } = changes;
    expect(patched.body).toMatchObject(rest);
    const stored = patched.body as { passwordExpiration: { enabledAt: number } };
    expect(stored.passwordExpiration).toMatchObject(passwordExpiration);
    expect(stored.passwordExpiration.enabledAt).toBeGreaterThanOrEqual(before);
    expect(await read()).toEqual(patched.body);

    // Sending back what a GET returned keeps the server's `enabledAt`; an empty link clears it.
    const again = await patch({
      passwordExpiration: { ...stored.passwordExpiration, enabledAt: 1 },
      supportEmail: '',
      supportWebsiteUrl: '',
    });
    expect(again.body).toMatchObject({ passwordExpiration: { enabledAt: stored.passwordExpiration.enabledAt }, supportEmail: null });
    expect((again.body as Body).supportWebsiteUrl).toBeNull();
    // Switching expiration off stores Logto's `{ enabled: false }`.
    expect((await patch({ passwordExpiration: { enabled: false } })).body).toMatchObject({ passwordExpiration: { enabled: false } });
    expect(((await read()).passwordExpiration as Body).validPeriodDays).toBeUndefined();

    // The sign-in UI's reads carry the support links.
    await patch({
      supportEmail: 'help@example.com',
      supportWebsiteUrl: 'https://help.example.com',
      adaptiveMfa: { enabled: false },
      mfa: { factors: [], policy: 'UserControlled' },
    });
    const wellKnown = await fetch(`${stack.userUrl}/api/.well-known/sign-in-exp`).then((response) => response.json());
    expect(wellKnown).toMatchObject({ supportEmail: 'help@example.com', supportWebsiteUrl: 'https://help.example.com' });
    const full = await fetch(`${stack.userUrl}/api/.well-known/experience`).then((response) => response.json());
    expect(full).toMatchObject({ supportEmail: 'help@example.com', forgotPassword: { email: true, phone: false } });

    // Deduplicates the blocklist as Logto does.
    const deduplicated = await patch({ emailBlocklistPolicy: { customBlocklist: ['@dup.test', '@dup.test'] } });
    expect((deduplicated.body as Body).emailBlocklistPolicy).toEqual({ customBlocklist: ['@dup.test'] });
    await call('DELETE', `/api/connectors/${(email.body as { id: string }).id}`);
  });

  it('refuses malformed values with guard.invalid_input', async () => {
    const bad = [
      { adaptiveMfa: { enabled: 'yes' } },
      { adaptiveMfa: { other: true } },
      { mfa: { factors: [], policy: 'UserControlled', organizationRequiredMfaPolicy: 'Sometimes' } },
      { usernamePolicy: { caseSensitive: false } },
      {
        usernamePolicy: {
          caseSensitive: true,
          minLength: 0,
          maxLength: 10,
          allowedChars: { lowercase: true, uppercase: true, numbers: true, underscore: true },
        },
      },
      {
        usernamePolicy: {
          caseSensitive: true,
          minLength: 10,
          maxLength: 5,
          allowedChars: { lowercase: true, uppercase: true, numbers: true, underscore: true },
        },
      },
      {
        usernamePolicy: {
          caseSensitive: true,
          minLength: 1,
          maxLength: 5,
          allowedChars: { lowercase: false, uppercase: false, numbers: true, underscore: false },
        },
      },
      { captchaPolicy: { enabled: 1 } },
      { emailBlocklistPolicy: { blockSubaddressing: 'on' } },
      { singleSignOnEnabled: 'true' },
      { customUiCsp: { styleSrc: ['https://x.example.com'] } },
      { customUiAssets: { id: 'x' } },
      { signUp: { identifiers: ['username'], password: true, verify: false, secondaryIdentifiers: [{ identifier: 'fax' }] } },
      { passwordExpiration: { enabled: 'yes' } },
      { supportEmail: 'not-an-email' },
      { supportWebsiteUrl: 'javascript:alert(1)' },
      { forgotPasswordMethods: ['Carrier pigeon'] },
      { socialSignIn: { automaticAccountLinking: 'yes' } },
    ];
    for (const body of bad) {
      const response = await patch(body);
      expect({ body, status: response.status, code: (response.body as Body).code }).toEqual({
        body,
        status: 400,
        code: 'guard.invalid_input',
      });
    }
  });

  it("refuses inconsistent settings with Logto's codes", async () => {
    expect(await patch({ emailBlocklistPolicy: { customBlocklist: ['ok@example.com', 'not an item', 'example.com'] } })).toMatchObject({
      status: 400,
      body: { code: 'sign_in_experiences.invalid_custom_email_blocklist_format', data: { items: ['not an item', 'example.com'] } },
    });
    expect(await patch({ forgotPasswordMethods: ['PhoneVerificationCode'] })).toMatchObject({
      status: 400,
      body: { code: 'sign_in_experiences.forgot_password_method_requires_connector', data: { method: 'sms' } },
    });
    expect(await patch({ passwordExpiration: { enabled: true, validPeriodDays: 30 } })).toMatchObject({
      status: 422,
      body: { code: 'sign_in_experiences.password_expiration_requires_forgot_password' },
    });
    expect(await patch({ passwordExpiration: { enabled: true } })).toMatchObject({
      status: 422,
      body: { code: 'sign_in_experiences.password_expiration_invalid_period_days' },
    });
    expect(await patch({ passwordExpiration: { enabled: true, validPeriodDays: 0 } })).toMatchObject({
      status: 422,
      body: { code: 'sign_in_experiences.password_expiration_invalid_period_days' },
    });
    expect(await patch({ adaptiveMfa: { enabled: true }, mfa: { factors: [], policy: 'UserControlled' } })).toMatchObject({
      status: 422,
      body: { code: 'sign_in_experiences.adaptive_mfa_requires_mfa' },
    });
    expect(await patch({ adaptiveMfa: { enabled: true }, mfa: { factors: ['Totp'], policy: 'PromptAtSignInAndSignUp' } })).toMatchObject({
      status: 422,
      body: { code: 'sign_in_experiences.adaptive_mfa_requires_non_skippable_policy' },
    });
    expect(
      await patch({ adaptiveMfa: { enabled: false }, mfa: { factors: ['Totp'], policy: 'PromptOnlyAtSignInMandatory' } }),
    ).toMatchObject({
      status: 422,
      body: { code: 'sign_in_experiences.non_adaptive_mfa_requires_skippable_policy' },
    });
    expect(
      await patch({
        signUp: {
          identifiers: ['username'],
          password: true,
          verify: false,
          secondaryIdentifiers: [{ identifier: 'email' }, { identifier: 'email', verify: true }],
        },
      }),
    ).toMatchObject({ status: 400, body: { code: 'sign_in_experiences.duplicated_sign_up_identifiers' } });
  });
});

describe('username case sensitivity', () => {
  const casePolicy = (caseSensitive: boolean) => ({
    usernamePolicy: {
      caseSensitive,
      minLength: 1,
      maxLength: 128,
      allowedChars: { lowercase: true, uppercase: true, numbers: true, underscore: true },
    },
  });

  it('reports usernames that differ only by case, and refuses to go case-insensitive while they exist', async () => {
    const empty = await call('GET', '/api/sign-in-exp/username-policy/case-sensitivity-conflicts');
    expect(empty).toMatchObject({ status: 200, body: { totalConflicts: 0, samples: [] } });

    const db = stack.database.db;
    const [a, b, c, d] = [
      await insertUser(db, defaultTenantId, { username: 'Casey' }),
      await insertUser(db, defaultTenantId, { username: 'casey' }),
      await insertUser(db, defaultTenantId, { username: 'BOB' }),
      await insertUser(db, defaultTenantId, { username: 'bob' }),
    ];
    await insertUser(db, defaultTenantId, { username: 'unique_one' });
    const report = await call('GET', '/api/sign-in-exp/username-policy/case-sensitivity-conflicts');
    expect(report).toMatchObject({
      status: 200,
      body: {
        totalConflicts: 2,
        samples: [
          { usernameLower: 'bob', userIds: [c!.id, d!.id].sort() },
          { usernameLower: 'casey', userIds: [a!.id, b!.id].sort() },
        ],
      },
    });
    expect((await call('GET', '/api/sign-in-exp/username-policy/case-sensitivity-conflicts?limit=1')).body).toMatchObject({
      totalConflicts: 2,
      samples: [{ usernameLower: 'bob' }],
    });
    expect((await call('GET', '/api/sign-in-exp/username-policy/case-sensitivity-conflicts?limit=0')).status).toBe(400);

    expect(await patch(casePolicy(false))).toMatchObject({
      status: 409,
      body: { code: 'sign_in_experiences.username_policy_case_conflicts_exist', data: { totalConflicts: 2 } },
    });
    await call('DELETE', `/api/users/${b!.id}`);
    await call('DELETE', `/api/users/${d!.id}`);
    expect(await patch(casePolicy(false))).toMatchObject({ status: 200, body: { usernamePolicy: { caseSensitive: false } } });
    expect(await patch(casePolicy(true))).toMatchObject({ status: 200 });
  });
});

describe('POST /api/sign-in-exp/default/check-password', () => {
  it("answers Logto's result: true, or 400 with every broken rule", async () => {
    await patch({ passwordPolicy: { length: { min: 10, max: 64 }, characterTypes: { min: 3 } } });
    expect(await call('POST', '/api/sign-in-exp/default/check-password', { password: 'Plenty-of-entropy-42' })).toEqual(
      expect.objectContaining({ status: 200, body: { result: true } }),
    );
    const weak = await call('POST', '/api/sign-in-exp/default/check-password', { password: 'aaaa' });
    expect(weak.status).toBe(400);
    expect(weak.body).toEqual({
      result: false,
      issues: expect.arrayContaining([
        { code: 'password_rejected.too_short', interpolation: { min: 10 } },
        { code: 'password_rejected.character_types', interpolation: { min: 3 } },
        { code: 'password_rejected.repetition' },
      ]),
    });
    expect((await call('POST', '/api/sign-in-exp/default/check-password', { password: 'iloveyou' })).body).toMatchObject({
      issues: expect.arrayContaining([{ code: 'password_rejected.pwned' }]),
    });
  });

  it("checks the user's own profile with userId, and 404s an unknown user", async () => {
    const user = await insertUser(stack.database.db, defaultTenantId, { username: 'marguerite' });
    const withUser = await call('POST', '/api/sign-in-exp/default/check-password', { password: 'Marguerite-7x!Q', userId: user!.id });
    expect(withUser).toMatchObject({ status: 400, body: { result: false, issues: [{ code: 'password_rejected.user_info' }] } });
    expect((await call('POST', '/api/sign-in-exp/default/check-password', { password: 'Marguerite-7x!Q' })).body).toEqual({ result: true });
    expect(await call('POST', '/api/sign-in-exp/default/check-password', { password: 'x', userId: 'nobody' })).toMatchObject({
      status: 404,
      body: { code: 'entity.not_exists_with_id' },
    });
    expect((await call('POST', '/api/sign-in-exp/default/check-password', {})).status).toBe(400);
    expect((await call('POST', '/api/sign-in-exp/default/check-password', { password: 1 })).status).toBe(400);
  });
});
