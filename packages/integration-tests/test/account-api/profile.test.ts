import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { everyFieldEditable, startAccountApiTest, type Harness } from './harness.ts';

// The Account API's authentication (401/403), the account center switch and field controls, and
// the profile routes, called with the access token @logto/node gets for the OP itself.
let t: Harness;
let alice: Awaited<ReturnType<Harness['newUser']>>;

beforeAll(async () => {
  t = await startAccountApiTest();
  await t.setAccountCenter(everyFieldEditable);
  alice = await t.newUser({ primaryEmail: 'alice@example.com', primaryPhone: '15550100001' });
});
afterAll(async () => t?.stop());

describe('authentication', () => {
  it('answers 401 without a token, with another scheme, a bad token, a Management API token or a token of the other tenant', async () => {
    expect(await t.call(undefined, 'GET', '/api/my-account')).toMatchObject({
      status: 401,
      body: { code: 'auth.authorization_header_missing' },
    });
    expect(await t.call(undefined, 'GET', '/api/my-account', undefined, { authorization: `Basic ${btoa('a:b')}` })).toMatchObject({
      status: 401,
      body: { code: 'auth.authorization_token_type_not_supported' },
    });
    for (const token of ['not-a-token', 'x'.repeat(43), t.adminToken]) {
      expect(await t.call(token, 'GET', '/api/my-account')).toMatchObject({ status: 401, body: { code: 'auth.unauthorized' } });
    }
    // The default tenant's token at the admin endpoint (tenant `admin`).
    expect(await t.call(alice.token, 'GET', '/api/my-account', undefined, {}, t.stack.adminUrl)).toMatchObject({
      status: 401,
      body: { code: 'auth.unauthorized' },
    });
    // The verification routes are guarded alike.
    expect(await t.call(undefined, 'POST', '/api/verifications/password', { password: 'x' })).toMatchObject({ status: 401 });
    expect(await t.call(alice.token, 'GET', '/api/my-account')).toMatchObject({ status: 200, body: { id: alice.id } });
  });

  it('answers 403 auth.forbidden where the token lacks the scope a route needs', async () => {
    const limited = await t.newUser({ primaryEmail: 'limited@example.com' }, []);
    const read = await t.call(limited.token, 'GET', '/api/my-account');
    expect(read.status).toBe(200);
    // The profile scope only (the SDK always asks for it): no email, phone, custom data or identities.
    expect(read.body).toMatchObject({ id: limited.id, username: limited.username, name: null });
    for (const key of ['primaryEmail', 'primaryPhone', 'customData', 'identities']) expect(read.body).not.toHaveProperty(key);

    const forbidden = [
      await t.call(limited.token, 'PATCH', '/api/my-account', { customData: { a: 1 } }),
      await t.call(limited.token, 'PATCH', '/api/my-account/profile', { address: { country: 'NZ' } }),
      await t.call(limited.token, 'GET', '/api/my-account/logto-configs'),
      await t.call(limited.token, 'GET', '/api/my-account/mfa-settings'),
      await t.call(limited.token, 'PATCH', '/api/my-account/logto-configs', { mfa: { skipped: true } }),
      await t.call(limited.token, 'DELETE', '/api/my-account/primary-email'),
      await t.call(limited.token, 'POST', '/api/my-account/primary-phone', {
        phone: '15550100009',
        newIdentifierVerificationRecordId: 'x',
      }),
    ];
    for (const response of forbidden) expect(response).toMatchObject({ status: 403, body: { code: 'auth.forbidden' } });
    // What the scope allows still works.
    expect(await t.call(limited.token, 'PATCH', '/api/my-account', { name: 'Limited' })).toMatchObject({
      status: 200,
      body: { name: 'Limited' },
    });
  });

  it('answers 400 account_center.not_enabled while the account center is off', async () => {
    await t.setAccountCenter({ enabled: false });
    try {
      for (const [method, path] of [
        ['GET', '/api/my-account'],
        ['PATCH', '/api/my-account'],
        ['POST', '/api/verifications/password'],
      ] as const) {
        const body = method === 'GET' ? undefined : method === 'PATCH' ? { name: 'x' } : { password: alice.password };
        expect(await t.call(alice.token, method, path, body)).toMatchObject({ status: 400, body: { code: 'account_center.not_enabled' } });
      }
    } finally {
      await t.setAccountCenter({ enabled: true });
    }
  });
});

describe('profile', () => {
  it('reads the whole account with every scope and every field readable', async () => {
    const { status, body } = await t.call(alice.token, 'GET', '/api/my-account');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      id: alice.id,
      username: alice.username,
      primaryEmail: 'alice@example.com',
      primaryPhone: '15550100001',
      name: null,
      avatar: null,
      customData: {},
      identities: {},
      profile: {},
      hasPassword: true,
      isSuspended: false,
    });
    expect(typeof body!.createdAt).toBe('number');
  });

  it('changes name, avatar and custom data, and merges the OIDC profile claims', async () => {
    const changed = await t.call(alice.token, 'PATCH', '/api/my-account', {
      name: 'Alice',
      avatar: 'https://example.com/alice.png',
      customData: { theme: 'dark' },
    });
    expect(changed).toMatchObject({
      status: 200,
      body: { name: 'Alice', avatar: 'https://example.com/alice.png', customData: { theme: 'dark' } },
    });
    expect(await t.call(alice.token, 'PATCH', '/api/my-account', { avatar: null })).toMatchObject({ status: 200, body: { avatar: null } });

    expect(await t.call(alice.token, 'PATCH', '/api/my-account/profile', { givenName: 'Alice', locale: 'en-NZ' })).toEqual({
      status: 200,
      body: { givenName: 'Alice', locale: 'en-NZ' },
    });
    expect(await t.call(alice.token, 'PATCH', '/api/my-account/profile', { familyName: 'Liddell', address: { country: 'NZ' } })).toEqual({
      status: 200,
      body: { givenName: 'Alice', locale: 'en-NZ', familyName: 'Liddell', address: { country: 'NZ' } },
    });
    expect((await t.call(alice.token, 'GET', '/api/my-account')).body).toMatchObject({
      name: 'Alice',
      profile: { givenName: 'Alice', familyName: 'Liddell', address: { country: 'NZ' } },
    });
  });

  it('refuses bad input with guard.invalid_input', async () => {
    for (const body of [{ avatar: 'not a url' }, { username: 'has space' }, { customData: [1] }, { email: 'x@example.com' }, { name: 1 }]) {
      expect(await t.call(alice.token, 'PATCH', '/api/my-account', body)).toMatchObject({
        status: 400,
        body: { code: 'guard.invalid_input' },
      });
    }
    expect(await t.call(alice.token, 'PATCH', '/api/my-account/profile', { unknownClaim: 'x' })).toMatchObject({ status: 400 });
  });

  it('reads and changes the MFA and passkey choices in logto-configs', async () => {
    expect(await t.call(alice.token, 'GET', '/api/my-account/logto-configs')).toEqual({
      status: 200,
      body: { mfa: { skipped: false, skipMfaOnSignIn: false }, passkeySignIn: { skipped: false } },
    });
    expect(await t.call(alice.token, 'PATCH', '/api/my-account/logto-configs', { mfa: { skipped: true } })).toEqual({
      status: 200,
      body: { mfa: { skipped: true, skipMfaOnSignIn: false }, passkeySignIn: { skipped: false } },
    });
    expect(await t.call(alice.token, 'PATCH', '/api/my-account/logto-configs', { passkeySignIn: { skipped: true } })).toEqual({
      status: 200,
      body: { mfa: { skipped: true, skipMfaOnSignIn: false }, passkeySignIn: { skipped: true } },
    });
  });
});

describe('mfa-settings', () => {
  it('reads skipMfaOnSignIn, and changes it only with proof of identity', async () => {
    expect(await t.call(alice.token, 'GET', '/api/my-account/mfa-settings')).toEqual({ status: 200, body: { skipMfaOnSignIn: false } });
    expect(await t.call(alice.token, 'PATCH', '/api/my-account/mfa-settings', { skipMfaOnSignIn: true })).toMatchObject({
      status: 401,
      body: { code: 'verification_record.permission_denied' },
    });
    const proof = await t.passwordRecord(alice.token, alice.password);
    expect(
      await t.call(alice.token, 'PATCH', '/api/my-account/mfa-settings', { skipMfaOnSignIn: true }, { 'logto-verification-id': proof }),
    ).toEqual({ status: 200, body: { skipMfaOnSignIn: true } });
    expect((await t.call(alice.token, 'GET', '/api/my-account/logto-configs')).body).toMatchObject({ mfa: { skipMfaOnSignIn: true } });
  });
});

describe('field controls', () => {
  it('Edit allows a change, ReadOnly shows but refuses it, Off hides and refuses it', async () => {
    await t.setAccountCenter({ fields: { ...everyFieldEditable.fields, name: 'ReadOnly', avatar: 'Off', customData: 'Off' } });
    try {
      const read = await t.call(alice.token, 'GET', '/api/my-account');
      expect(read.body).toMatchObject({ name: 'Alice' });
      expect(read.body).not.toHaveProperty('avatar');
      expect(read.body).not.toHaveProperty('customData');
      for (const body of [{ name: 'Mallory' }, { avatar: 'https://example.com/m.png' }, { customData: {} }]) {
        expect(await t.call(alice.token, 'PATCH', '/api/my-account', body)).toMatchObject({
          status: 400,
          body: { code: 'account_center.field_not_editable' },
        });
      }
      // Profile still Edit.
      expect(await t.call(alice.token, 'PATCH', '/api/my-account/profile', { nickname: 'Al' })).toMatchObject({ status: 200 });
    } finally {
      await t.setAccountCenter(everyFieldEditable);
    }
    expect((await t.call(alice.token, 'GET', '/api/my-account')).body).toMatchObject({ name: 'Alice', customData: { theme: 'dark' } });
  });

  it('applies to every write: profile, logto-configs, password, email and phone', async () => {
    await t.setAccountCenter({ fields: { mfa: 'ReadOnly' } });
    try {
      expect(await t.call(alice.token, 'GET', '/api/my-account/logto-configs')).toMatchObject({ status: 200 });
      const refused = [
        await t.call(alice.token, 'PATCH', '/api/my-account/logto-configs', { mfa: { skipped: false } }),
        await t.call(alice.token, 'PATCH', '/api/my-account/profile', { nickname: 'x' }),
        await t.call(alice.token, 'POST', '/api/my-account/password', { password: 'Another-password-1' }),
        await t.call(alice.token, 'POST', '/api/my-account/primary-email', {
          email: 'a@example.com',
          newIdentifierVerificationRecordId: 'x',
        }),
        await t.call(alice.token, 'DELETE', '/api/my-account/primary-phone'),
      ];
      for (const response of refused) expect(response).toMatchObject({ status: 400, body: { code: 'account_center.field_not_editable' } });

      await t.setAccountCenter({ fields: {} });
      expect(await t.call(alice.token, 'GET', '/api/my-account/logto-configs')).toMatchObject({
        status: 400,
        body: { code: 'account_center.field_not_enabled' },
      });
      // Every field Off: only the id and the profile scope's timestamps are shown.
      const read = await t.call(alice.token, 'GET', '/api/my-account');
      for (const key of ['name', 'username', 'primaryEmail', 'primaryPhone', 'profile', 'customData', 'identities', 'hasPassword']) {
        expect(read.body).not.toHaveProperty(key);
      }
    } finally {
      await t.setAccountCenter(everyFieldEditable);
    }
  });
});
