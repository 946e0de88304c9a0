import { tmpdir } from 'node:os';
import { adminTenantId, defaultTenantId, generateId } from '@idp/db';
import { customPhrases, logs, signInExperiences } from '@idp/schemas';
import { and, eq } from 'drizzle-orm';
import * as jose from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, createManagementClient, insertUser, managementToken, startTestStack, type TestStack } from './test-stack.ts';

let stack: TestStack;
let api: Awaited<ReturnType<typeof createManagementClient>>['apiClient'];
let managementApp: { id: string; secret: string };
let token: string;
const call = (method: string, path: string, body?: unknown) => callApi(stack.userUrl, token, method, path, body);

beforeAll(async () => {
  stack = await startTestStack();
  const management = await createManagementClient(stack);
  api = management.apiClient;
  managementApp = management.app;
  token = await managementToken(stack.userUrl, managementApp);
});
afterAll(async () => stack?.stop());

type KeyInfo = { id: string; createdAt: number; signingKeyAlgorithm?: string; status?: string };

describe('sign-in experience', () => {
  it('reads the full management view and round-trips a PATCH', async () => {
    const read = await api.GET('/api/sign-in-exp');
    expect(read.response.status).toBe(200);
    expect(read.data).toMatchObject({
      tenantId: defaultTenantId,
      id: 'default',
      signInMode: 'SignInAndRegister',
      languageInfo: { fallbackLanguage: 'en' },
      // Defaults in force are shown in full.
      passwordPolicy: { length: { min: 8, max: 256 }, characterTypes: { min: 1 } },
      mfa: { factors: [], policy: 'UserControlled' },
      passkeySignIn: { enabled: false },
      sentinelPolicy: { maxAttempts: 10, attemptWindow: 15, lockoutDuration: 15 },
      customCss: null,
    });

    const changes = {
      color: { primaryColor: '#112233', isDarkModeEnabled: true, darkPrimaryColor: '#445566' },
      branding: { logoUrl: 'https://example.com/logo.svg' },
      termsOfUseUrl: 'https://example.com/terms',
      signUp: { identifiers: ['email' as const], password: true, verify: true },
      signIn: {
        methods: [
          { identifier: 'email' as const, password: true, verificationCode: true, isPasswordPrimary: true },
          { identifier: 'username' as const, password: true, verificationCode: false, isPasswordPrimary: true },
        ],
      },
      passwordPolicy: {
        length: { min: 10, max: 64 },
        characterTypes: { min: 2 },
        rejects: { pwned: false, repetitionAndSequence: true, userInfo: true, words: ['acme'] },
      },
      mfa: { factors: ['Totp' as const, 'BackupCode' as const], policy: 'PromptAtSignInAndSignUp' as const },
      sentinelPolicy: { maxAttempts: 5, lockoutDuration: 30 },
      customCss: '.logo { width: 10px; }',
    };
    // Email sign-up needs an email connector to send its codes.
    const connector = await call('POST', '/api/connectors', { connectorId: 'mock-email-service', config: { folder: tmpdir() } });
    expect(connector.status).toBe(200);
    const patched = await api.PATCH('/api/sign-in-exp', { body: changes });
    expect(patched.response.status).toBe(200);
    expect(patched.data).toMatchObject(changes);
    expect((await api.GET('/api/sign-in-exp')).data).toEqual(patched.data);

    // The public view the sign-in UI reads shows the change, without the administrators' fields.
    const publicView = await callApi(stack.userUrl, undefined, 'GET', '/api/.well-known/sign-in-exp');
    expect(publicView.body).toMatchObject({ color: changes.color, mfa: changes.mfa });
    expect(publicView.body).not.toHaveProperty('customCss');
    expect(publicView.body).not.toHaveProperty('sentinelPolicy');

    // Settings Logto's client does not type yet: the sentinel's window and passkey sign-in.
    const extra = await call('PATCH', '/api/sign-in-exp', {
      sentinelPolicy: { maxAttempts: 6, attemptWindow: 20, lockoutDuration: 45 },
      passkeySignIn: { enabled: true, showPasskeyButton: true },
    });
    expect(extra.body).toMatchObject({
      sentinelPolicy: { maxAttempts: 6, attemptWindow: 20, lockoutDuration: 45 },
      passkeySignIn: { enabled: true, showPasskeyButton: true },
    });
    expect((await callApi(stack.userUrl, undefined, 'GET', '/api/.well-known/sign-in-exp')).body).toMatchObject({
      passkeySignIn: { enabled: true },
    });
    expect((await call('PATCH', '/api/sign-in-exp', { passkeySignIn: { enabled: 'yes' } })).status).toBe(400);
    expect((await call('PATCH', '/api/sign-in-exp', { sentinelPolicy: { attemptWindow: 0 } })).status).toBe(400);

    // An empty string clears a link; untouched fields stay.
    const cleared = await api.PATCH('/api/sign-in-exp', { body: { termsOfUseUrl: '' } });
    expect(cleared.data).toMatchObject({ termsOfUseUrl: null, color: changes.color });
  });

  it.each([
    ['an unknown field', { colour: 'red' }, 'guard.invalid_input'],
    ['a tenant id', { tenantId: adminTenantId }, 'guard.invalid_input'],
    [
      'an unknown nested field',
      { color: { primaryColor: '#000000', isDarkModeEnabled: false, darkPrimaryColor: '#ffffff', x: 1 } },
      'guard.invalid_input',
    ],
    [
      'a colour that is not hex',
      { color: { primaryColor: 'red', isDarkModeEnabled: false, darkPrimaryColor: '#ffffff' } },
      'guard.invalid_input',
    ],
    ['an unknown sign-in mode', { signInMode: 'Open' }, 'guard.invalid_input'],
    ['a number as a string', { sentinelPolicy: { maxAttempts: '5' } }, 'guard.invalid_input'],
    ['a logo that is no URL', { branding: { logoUrl: 'javascript:alert(1)' } }, 'guard.invalid_input'],
    ['a minimum length above the maximum', { passwordPolicy: { length: { min: 20, max: 10 } } }, 'guard.invalid_input'],
    ['an unknown MFA factor', { mfa: { factors: ['Sms'], policy: 'UserControlled' } }, 'guard.invalid_input'],
    [
      'duplicated MFA factors',
      { mfa: { factors: ['Totp', 'Totp'], policy: 'UserControlled' } },
      'sign_in_experiences.duplicated_mfa_factors',
    ],
    [
      'backup codes alone',
      { mfa: { factors: ['BackupCode'], policy: 'UserControlled' } },
      'sign_in_experiences.backup_code_cannot_be_enabled_alone',
    ],
    [
      'a username sign-up without a password',
      { signUp: { identifiers: ['username'], password: false, verify: false } },
      'sign_in_experiences.username_requires_password',
    ],
    [
      'an email sign-up with neither password nor verification',
      { signUp: { identifiers: ['email'], password: false, verify: false } },
      'sign_in_experiences.passwordless_requires_verify',
    ],
    [
      'a sign-up identifier one cannot sign in with',
      {
        signUp: { identifiers: ['phone'], password: true, verify: true },
        signIn: { methods: [{ identifier: 'username', password: true, verificationCode: false, isPasswordPrimary: true }] },
      },
      'sign_in_experiences.miss_sign_up_identifier_in_sign_in',
    ],
    [
      'a sign-in method without any factor',
      { signIn: { methods: [{ identifier: 'email', password: false, verificationCode: false, isPasswordPrimary: false }] } },
      'sign_in_experiences.at_least_one_authentication_factor',
    ],
    [
      'a fallback language without phrases',
      { languageInfo: { autoDetect: true, fallbackLanguage: 'fr' } },
      'sign_in_experiences.unsupported_default_language',
    ],
  ])('refuses %s with 400 and changes nothing', async (_label, body, code) => {
    const before = (await api.GET('/api/sign-in-exp')).data;
    const response = await call('PATCH', '/api/sign-in-exp', body);
    expect(response).toMatchObject({ status: 400, body: { code } });
    expect((await api.GET('/api/sign-in-exp')).data).toEqual(before);
  });

  it('needs a token', async () => {
    expect((await callApi(stack.userUrl, undefined, 'GET', '/api/sign-in-exp')).status).toBe(401);
    expect((await callApi(stack.userUrl, undefined, 'PATCH', '/api/sign-in-exp', { customCss: null })).status).toBe(401);
  });
});

describe('OIDC keys', () => {
  const issuer = () => `${stack.userUrl}/oidc`;
  const jwks = async () => ((await (await fetch(`${issuer()}/jwks`)).json()) as { keys: Array<jose.JWK & { kid: string }> }).keys;
  const listKeys = async (keyType: 'private-keys' | 'cookie-keys') => {
    const { data, response } = await api.GET('/api/configs/oidc/{keyType}', { params: { path: { keyType } } });
    expect(response.status).toBe(200);
    return data as KeyInfo[];
  };

  it('lists keys by id, age and algorithm, never their material', async () => {
    const privateKeys = await listKeys('private-keys');
    expect(privateKeys).toHaveLength(4);
    expect(privateKeys[0]).toMatchObject({ signingKeyAlgorithm: 'EC', status: 'Current' });
    expect(privateKeys.map((key) => key.signingKeyAlgorithm)).toEqual(['EC', 'RSA', 'EC', undefined]);
    for (const key of privateKeys) {
      expect(Object.keys(key).sort()).toEqual(expect.arrayContaining(['createdAt', 'id', 'status']));
      expect(key.createdAt).toBeGreaterThan(Date.UTC(2020, 0));
      expect(key.createdAt).toBeLessThanOrEqual(Date.now());
    }
    expect((await jwks()).map((key) => key.kid)).toEqual(privateKeys.map((key) => key.id));

    const cookieKeys = await listKeys('cookie-keys');
    expect(cookieKeys).toHaveLength(1);
    expect(cookieKeys[0]).not.toHaveProperty('signingKeyAlgorithm');

    for (const keyType of ['private-keys', 'cookie-keys']) {
      const raw = await call('GET', `/api/configs/oidc/${keyType}`);
      const text = JSON.stringify(raw.body);
      expect(text).not.toMatch(/PRIVATE KEY|"value"|"d"|"k"|"p"|"q"/);
      for (const key of raw.body as Array<Record<string, unknown>>) {
        expect(Object.keys(key).every((field) => ['id', 'createdAt', 'signingKeyAlgorithm', 'status'].includes(field))).toBe(true);
      }
    }
  });

  it('rotates the signing keys: the JWKS publishes the new key first and what the old key signed still verifies', async () => {
    const before = await listKeys('private-keys');
    const tokenBefore = await managementToken(stack.userUrl, managementApp);
    expect(jose.decodeProtectedHeader(tokenBefore).kid).toBe(before[0]!.id);

    const rotated = await api.POST('/api/configs/oidc/{keyType}/rotate', {
      params: { path: { keyType: 'private-keys' } },
      body: { signingKeyAlgorithm: 'RSA' },
    });
    expect(rotated.response.status).toBe(200);
    const keys = rotated.data as KeyInfo[];
    expect(keys).toHaveLength(8);
    expect(keys[0]).toMatchObject({ signingKeyAlgorithm: 'RSA', status: 'Current' });
    expect(keys.filter((key) => key.status === 'Current')).toHaveLength(4);
    expect(
      keys
        .filter((key) => key.status === 'Previous')
        .map((key) => key.id)
        .sort(),
    ).toEqual(before.map((key) => key.id).sort());
    expect(JSON.stringify(keys)).not.toMatch(/PRIVATE KEY/);

    // The oidc service hears the change and publishes the new key set, the new default first.
    await expect.poll(async () => (await jwks())[0]?.kid, { timeout: 5000, interval: 50 }).toBe(keys[0]!.id);
    const published = await jwks();
    expect(published.map((key) => key.kid)).toEqual(expect.arrayContaining(before.map((key) => key.id)));
    for (const key of published) expect(key).not.toHaveProperty('d');

    // A token signed before the rotation still verifies, at the JWKS and at the Management API.
    const verified = await jose.jwtVerify(tokenBefore, jose.createLocalJWKSet({ keys: published }), { issuer: issuer() });
    expect(verified.protectedHeader.kid).toBe(before[0]!.id);
    expect((await callApi(stack.userUrl, tokenBefore, 'GET', '/api/sign-in-exp')).status).toBe(200);

    // New tokens are signed by the new default key, with its algorithm.
    const tokenAfter = await managementToken(stack.userUrl, managementApp);
    expect(jose.decodeProtectedHeader(tokenAfter)).toMatchObject({ alg: 'RS256', kid: keys[0]!.id });
    await jose.jwtVerify(tokenAfter, jose.createLocalJWKSet({ keys: published }), { issuer: issuer() });
    expect((await callApi(stack.userUrl, tokenAfter, 'GET', '/api/sign-in-exp')).status).toBe(200);
  });

  it('deletes previous keys only: never the key in use, whose tokens would all fail at once', async () => {
    const keys = await listKeys('private-keys');
    const current = keys.filter((key) => key.status === 'Current');
    const previous = keys.filter((key) => key.status === 'Previous');
    const previousRsa = previous.find((key) => key.signingKeyAlgorithm === 'RSA')!;
    const tokenBefore = await managementToken(stack.userUrl, managementApp);

    // Deleting a rotated-out key just removes it.
    const previousEdDsa = previous.find((key) => key.signingKeyAlgorithm === undefined)!;
    const deleted = await api.DELETE('/api/configs/oidc/{keyType}/{keyId}', {
      params: { path: { keyType: 'private-keys', keyId: previousEdDsa.id } },
    });
    expect(deleted.response.status).toBe(204);
    expect((await listKeys('private-keys')).map((key) => key.id)).not.toContain(previousEdDsa.id);
    expect(await call('DELETE', `/api/configs/oidc/private-keys/${previousRsa.id}`)).toMatchObject({ status: 204 });

    // Every key in use is refused, whatever its algorithm, and nothing changes.
    const remaining = await listKeys('private-keys');
    for (const key of current) {
      expect(await call('DELETE', `/api/configs/oidc/private-keys/${key.id}`)).toMatchObject({
        status: 422,
        body: { code: 'oidc.only_previous_key_can_be_deleted' },
      });
    }
    expect(await listKeys('private-keys')).toEqual(remaining);
    // The caller's own token, signed by the default key, still works.
    expect((await callApi(stack.userUrl, tokenBefore, 'GET', '/api/sign-in-exp')).status).toBe(200);

    expect(await call('DELETE', '/api/configs/oidc/private-keys/no-such-key')).toMatchObject({
      status: 404,
      body: { code: 'oidc.key_not_found' },
    });
  });

  it('rotates cookie keys and keeps at least one', async () => {
    const [only] = await listKeys('cookie-keys');
    expect(await call('DELETE', `/api/configs/oidc/cookie-keys/${only!.id}`)).toMatchObject({
      status: 422,
      body: { code: 'oidc.only_previous_key_can_be_deleted' },
    });

    // Without a body, as `curl -X POST` sends it.
    const rotated = await call('POST', '/api/configs/oidc/cookie-keys/rotate');
    expect(rotated.status, JSON.stringify(rotated.body)).toBe(200);
    const keys = rotated.body as KeyInfo[];
    expect(keys.map((key) => key.status)).toEqual(['Current', 'Previous']);
    expect(keys[1]!.id).toBe(only!.id);

    // The OP still works with the new cookie key.
    expect((await fetch(`${stack.userUrl}/oidc/.well-known/openid-configuration`)).status).toBe(200);

    // The cookie key in use stays; the previous one may go.
    expect(await call('DELETE', `/api/configs/oidc/cookie-keys/${keys[0]!.id}`)).toMatchObject({
      status: 422,
      body: { code: 'oidc.only_previous_key_can_be_deleted' },
    });
    expect((await call('DELETE', `/api/configs/oidc/cookie-keys/${keys[1]!.id}`)).status).toBe(204);
    expect(await listKeys('cookie-keys')).toEqual([keys[0]]);
  });

  it('refuses bad key input, changing nothing', async () => {
    const before = await listKeys('private-keys');
    for (const [method, path, body] of [
      ['GET', '/api/configs/oidc/public-keys', undefined],
      ['POST', '/api/configs/oidc/private-keys/rotate', { signingKeyAlgorithm: 'DSA' }],
      ['POST', '/api/configs/oidc/private-keys/rotate', { signingKeyAlgorithm: 'EC', rotationGracePeriod: 'soon' }],
      ['POST', '/api/configs/oidc/private-keys/rotate', '{"signingKeyAlgorithm":'],
      ['DELETE', '/api/configs/oidc/secret-keys/abc', undefined],
    ] as const) {
      const response = await call(method, path, body);
      expect(response.status, `${method} ${path}`).toBe(400);
    }
    expect(await listKeys('private-keys')).toEqual(before);
    expect((await callApi(stack.userUrl, undefined, 'POST', '/api/configs/oidc/private-keys/rotate', {})).status).toBe(401);
  });
});

describe('admin console config', () => {
  it('reads defaults, merges a PATCH and refuses unknown fields', async () => {
    expect((await api.GET('/api/configs/admin-console')).data).toEqual({ signInExperienceCustomized: false, organizationCreated: false });
    const patched = await api.PATCH('/api/configs/admin-console', { body: { signInExperienceCustomized: true } });
    expect(patched.data).toEqual({ signInExperienceCustomized: true, organizationCreated: false });
    await api.PATCH('/api/configs/admin-console', { body: { organizationCreated: true } });
    expect((await api.GET('/api/configs/admin-console')).data).toEqual({ signInExperienceCustomized: true, organizationCreated: true });
    expect(await call('PATCH', '/api/configs/admin-console', { darkMode: true })).toMatchObject({
      status: 400,
      body: { code: 'guard.invalid_input' },
    });
    expect(await call('PATCH', '/api/configs/admin-console', { organizationCreated: 'yes' })).toMatchObject({ status: 400 });
  });
});

describe('custom phrases', () => {
  const phrases = (query: string, headers: Record<string, string> = {}) =>
    fetch(`${stack.userUrl}/api/.well-known/phrases${query}`, { headers });

  it('upserts, reads, lists and deletes, and the public phrases merge them without a token', async () => {
    const put = await api.PUT('/api/custom-phrases/{languageTag}', {
      params: { path: { languageTag: 'ko' } },
      body: { action: { sign_in: '들어가기', back: '' }, description: { no_account: '' } } as never,
    });
    expect(put.response.status).toBe(201);
    // Empty strings are "no override" and are dropped.
    expect(put.data).toMatchObject({
      tenantId: defaultTenantId,
      languageTag: 'ko',
      translation: { action: { sign_in: '들어가기' } },
    });
    expect(put.data!.id).toMatch(/^[0-9a-z]{21}$/);

    expect((await api.GET('/api/custom-phrases/{languageTag}', { params: { path: { languageTag: 'ko' } } })).data).toEqual(put.data);
    expect((await api.GET('/api/custom-phrases')).data).toEqual([put.data]);

    const response = await phrases('?lng=ko');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-language')).toBe('ko');
    const merged = (await response.json()) as Record<string, Record<string, string>>;
    expect(merged.action).toMatchObject({ sign_in: '들어가기', create_account: '계정 만들기' }); // custom over built-in Korean
    expect(merged.error!.general_required).toBeTruthy(); // English where Korean has no phrase

    // A PUT replaces the whole translation.
    const replaced = await api.PUT('/api/custom-phrases/{languageTag}', {
      params: { path: { languageTag: 'ko' } },
      body: { action: { continue: '다음' } } as never,
    });
    expect(replaced.data).toMatchObject({ id: put.data!.id, translation: { action: { continue: '다음' } } });
    const again = (await (await phrases('?lng=ko-KR')).json()) as Record<string, Record<string, string>>;
    expect(again.action).toMatchObject({ sign_in: '로그인', continue: '다음' });
    expect(again).not.toHaveProperty('extra');

    const deleted = await api.DELETE('/api/custom-phrases/{languageTag}', { params: { path: { languageTag: 'ko' } } });
    expect(deleted.response.status).toBe(204);
    expect(await call('GET', '/api/custom-phrases/ko')).toMatchObject({ status: 404, body: { code: 'entity.not_found' } });
    expect(await call('DELETE', '/api/custom-phrases/ko')).toMatchObject({ status: 404 });
  });

  it('picks the language: lng, then the browser, then the fallback language', async () => {
    const english = await phrases('?lng=xx');
    expect(english.headers.get('content-language')).toBe('en');
    expect(((await english.json()) as Record<string, Record<string, string>>).action!.sign_in).toBe('Sign in');
    expect((await phrases('', { 'accept-language': 'de;q=0.9, ko-KR;q=0.8' })).headers.get('content-language')).toBe('ko');
  });

  it('makes a language usable as the fallback once it has phrases, and keeps the fallback from being deleted', async () => {
    const put = await api.PUT('/api/custom-phrases/{languageTag}', {
      params: { path: { languageTag: 'fr' } },
      body: { action: { sign_in: 'Se connecter' } } as never,
    });
    expect(put.response.status).toBe(201);
    const patched = await api.PATCH('/api/sign-in-exp', { body: { languageInfo: { autoDetect: false, fallbackLanguage: 'fr' } } });
    expect(patched.response.status).toBe(200);

    const response = await phrases('', { 'accept-language': 'ko' }); // not detected: autoDetect is off
    expect(response.headers.get('content-language')).toBe('fr');
    const merged = (await response.json()) as Record<string, Record<string, string>>;
    expect(merged.action).toMatchObject({ sign_in: 'Se connecter', create_account: 'Create account' });

    expect(await call('DELETE', '/api/custom-phrases/fr')).toMatchObject({
      status: 409,
      body: { code: 'localization.cannot_delete_default_language' },
    });
    await api.PATCH('/api/sign-in-exp', { body: { languageInfo: { autoDetect: true, fallbackLanguage: 'en' } } });
    expect((await call('DELETE', '/api/custom-phrases/fr')).status).toBe(204);
  });

  it('refuses bad translations and language tags', async () => {
    expect(await call('PUT', '/api/custom-phrases/ko', { action: { sign_in: 1 } })).toMatchObject({
      status: 422,
      body: { code: 'localization.invalid_translation_structure' },
    });
    expect(await call('PUT', '/api/custom-phrases/ko', { action: ['a'] })).toMatchObject({ status: 422 });
    expect(await call('PUT', '/api/custom-phrases/ko', ['a'])).toMatchObject({ status: 400, body: { code: 'guard.invalid_input' } });
    expect(await call('PUT', '/api/custom-phrases/not%20a%20tag', { a: 'b' })).toMatchObject({
      status: 400,
      body: { code: 'guard.invalid_input' },
    });
    expect((await api.GET('/api/custom-phrases')).data).toEqual([]);
  });

  it("never shows another tenant's phrases", async () => {
    await stack.database.db
      .insert(customPhrases)
      .values({ tenantId: adminTenantId, id: generateId(), languageTag: 'ko', translation: { action: { sign_in: 'ADMIN' } } });
    expect((await api.GET('/api/custom-phrases')).data).toEqual([]);
    expect((await call('GET', '/api/custom-phrases/ko')).status).toBe(404);
    const merged = (await (await phrases('?lng=ko')).json()) as Record<string, Record<string, string>>;
    expect(merged.action!.sign_in).toBe('로그인');
    expect(
      ((await (await fetch(`${stack.adminUrl}/api/.well-known/phrases?lng=ko`)).json()) as Record<string, Record<string, string>>).action!
        .sign_in,
    ).toBe('ADMIN');
  });
});

describe('logs', () => {
  const insertLog = async (tenantId: string, key: string, payload: Record<string, unknown>, createdAt = new Date()) => {
    const [row] = await stack.database.db
      .insert(logs)
      .values({ tenantId, id: generateId(), key, payload: { key, result: 'Success', ...payload }, createdAt })
      .returning();
    return row!;
  };

  it('records the changes made through the Management API', async () => {
    const { data, response } = await api.GET('/api/logs', { params: { query: { logKey: 'ManagementApi.UpdateSignInExp' } } });
    expect(response.status).toBe(200);
    expect(Number(response.headers.get('total-number'))).toBeGreaterThanOrEqual(2);
    const [latest] = data!;
    expect(latest).toMatchObject({
      tenantId: defaultTenantId,
      key: 'ManagementApi.UpdateSignInExp',
      payload: {
        key: 'ManagementApi.UpdateSignInExp',
        result: 'Success',
        applicationId: managementApp.id,
        params: { fields: ['languageInfo'] },
      },
    });
    expect(typeof latest!.createdAt).toBe('number');
    const createdAt = data!.map((log) => log.createdAt);
    expect(createdAt).toEqual([...createdAt].sort((a, b) => b - a));

    const keys = ((await call('GET', '/api/logs?page_size=100')).body as Array<{ key: string }>).map(({ key }) => key);
    expect(keys).toEqual(
      expect.arrayContaining([
        'ManagementApi.RotateOidcKeys',
        'ManagementApi.DeleteOidcKey',
        'ManagementApi.ReplaceCustomPhrase',
        'ManagementApi.DeleteCustomPhrase',
        'ManagementApi.UpdateAdminConsoleConfig',
      ]),
    );
    // Refused changes leave no log, and no key material is ever logged.
    const rotations = (await call('GET', '/api/logs?logKey=ManagementApi.RotateOidcKeys')).body as Array<{ payload: unknown }>;
    expect(rotations).toHaveLength(2);
    expect(JSON.stringify(rotations)).not.toMatch(/PRIVATE KEY/);

    const one = await api.GET('/api/logs/{id}', { params: { path: { id: latest!.id } } });
    expect(one.data).toEqual(latest);
  });

  it('filters by key, user and application, pages, and bounds by time', async () => {
    const user = await insertUser(stack.database.db, defaultTenantId);
    const start = Date.now() - 10_000;
    const inserted = [];
    for (let index = 0; index < 5; index += 1) {
      inserted.push(
        await insertLog(
          defaultTenantId,
          index % 2 ? 'Interaction.SignIn' : 'Interaction.Register',
          { userId: user.id, applicationId: 'demo-app' },
          new Date(start + index * 1000),
        ),
      );
    }
    await insertLog(defaultTenantId, 'Interaction.SignIn', { userId: 'someone-else' }, new Date(start));

    const byUser = await api.GET('/api/logs', { params: { query: { userId: user.id } } });
    expect(byUser.data!.map(({ id }) => id)).toEqual(inserted.map(({ id }) => id).reverse());
    expect(byUser.response.headers.get('total-number')).toBe('5');

    const byUserAndKey = await call('GET', `/api/logs?userId=${user.id}&logKey=Interaction.SignIn`);
    expect((byUserAndKey.body as unknown[]).length).toBe(2);
    expect((await call('GET', `/api/logs?applicationId=demo-app&page_size=100`)).headers.get('total-number')).toBe('5');

    const first = await call('GET', `/api/logs?userId=${user.id}&page=1&page_size=2`);
    const third = await call('GET', `/api/logs?userId=${user.id}&page=3&page_size=2`);
    expect((first.body as Array<{ id: string }>).map(({ id }) => id)).toEqual([inserted[4]!.id, inserted[3]!.id]);
    expect((third.body as Array<{ id: string }>).map(({ id }) => id)).toEqual([inserted[0]!.id]);
    expect(first.headers.get('total-number')).toBe('5');

    const bounded = await call('GET', `/api/logs?userId=${user.id}&start_time=${start + 1000}&end_time=${start + 3000}`);
    expect((bounded.body as Array<{ id: string }>).map(({ id }) => id)).toEqual([inserted[3]!.id, inserted[2]!.id, inserted[1]!.id]);

    // Not in Logto's OpenAPI document, so not in its typed client.
    const userLogs = await call('GET', `/api/users/${user.id}/logs?logKey=Interaction.Register`);
    expect((userLogs.body as Array<{ id: string }>).map(({ id }) => id)).toEqual([inserted[4]!.id, inserted[2]!.id, inserted[0]!.id]);
    expect(await call('GET', '/api/users/no-such-user/logs')).toMatchObject({ status: 404, body: { code: 'entity.not_exists_with_id' } });

    for (const query of ['page_size=0', 'page=abc', 'start_time=yesterday', `start_time=${start + 5000}&end_time=${start}`]) {
      expect((await call('GET', `/api/logs?${query}`)).status, query).toBe(400);
    }
    expect(await call('GET', '/api/logs/unknown')).toMatchObject({ status: 404, body: { code: 'entity.not_exists_with_id' } });
    expect((await callApi(stack.userUrl, undefined, 'GET', '/api/logs')).status).toBe(401);
  });

  it("never shows another tenant's logs", async () => {
    const adminUser = await insertUser(stack.database.db, adminTenantId);
    const foreign = await insertLog(adminTenantId, 'Interaction.SignIn', { userId: adminUser.id, applicationId: 'admin-console' });
    expect((await call('GET', `/api/logs/${foreign.id}`)).status).toBe(404);
    expect((await call('GET', `/api/logs?userId=${adminUser.id}`)).body).toEqual([]);
    expect((await call('GET', '/api/logs?applicationId=admin-console')).body).toEqual([]);
    expect((await call('GET', `/api/users/${adminUser.id}/logs`)).status).toBe(404);
    const all = (await call('GET', '/api/logs?page_size=100')).body as Array<{ tenantId: string; id: string }>;
    expect(all.every((log) => log.tenantId === defaultTenantId)).toBe(true);
    const [row] = await stack.database.db
      .select()
      .from(logs)
      .where(and(eq(logs.tenantId, adminTenantId), eq(logs.id, foreign.id)));
    expect(row?.key).toBe('Interaction.SignIn');
  });
});

describe('tenant isolation of settings', () => {
  it("leaves the admin tenant's sign-in experience alone", async () => {
    const [adminExperience] = await stack.database.db.select().from(signInExperiences).where(eq(signInExperiences.tenantId, adminTenantId));
    expect(adminExperience?.color.primaryColor).not.toBe('#112233');
  });
});
