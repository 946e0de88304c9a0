import { defaultTenantId } from '@idp/db';
import { signInExperiences, verificationRecords } from '@idp/schemas';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { everyFieldEditable, startAccountApiTest, type Harness } from './harness.ts';

// Verification records and the changes that need them: password, username, primary email and
// phone. Each trap that must never count as proof of the user's identity is tried.
let t: Harness;
type User = Awaited<ReturnType<Harness['newUser']>>;
let bob: User;
let eve: User;

const denied = { status: 401, body: { code: 'verification_record.permission_denied' } };
const withRecord = (id: string) => ({ 'logto-verification-id': id });

beforeAll(async () => {
  t = await startAccountApiTest();
  await t.setAccountCenter(everyFieldEditable);
  bob = await t.newUser({ primaryEmail: 'bob@example.com', primaryPhone: '15550100002' });
  eve = await t.newUser({ primaryEmail: 'eve@example.com' });
});
afterAll(async () => t?.stop());

const expireRecord = (id: string) =>
  t.stack.database.db
    .update(verificationRecords)
    .set({ expiresAt: sql`now() - interval '1 second'` })
    .where(and(eq(verificationRecords.tenantId, defaultTenantId), eq(verificationRecords.id, id)));

describe('verification records', () => {
  it('a password record: 201 with an id valid for 10 minutes; a wrong password 422', async () => {
    const before = Date.now();
    const created = await t.call(bob.token, 'POST', '/api/verifications/password', { password: bob.password });
    expect(created.status).toBe(201);
    expect(created.body!.verificationRecordId).toMatch(/^\w{21}$/);
    const expiresAt = Date.parse(created.body!.expiresAt as string);
    expect(expiresAt - before).toBeGreaterThan(9.5 * 60 * 1000);
    expect(expiresAt - before).toBeLessThanOrEqual(10 * 60 * 1000 + 5000);

    expect(await t.call(bob.token, 'POST', '/api/verifications/password', { password: 'wrong-password' })).toMatchObject({
      status: 422,
      body: { code: 'session.invalid_credentials' },
    });
  });

  it('a code: sent through the connector, a wrong code refused, the right one verifies once', async () => {
    const identifier = { type: 'email', value: 'bob@example.com' };
    const sent = await t.call(bob.token, 'POST', '/api/verifications/verification-code', { identifier });
    expect(sent.status).toBe(201);
    const verificationId = sent.body!.verificationRecordId as string;
    const mail = await t.lastCode('email');
    expect(mail).toMatchObject({ address: 'bob@example.com', type: 'Generic' });
    const wrong = mail.code === '000000' ? '111111' : '000000';
    const verify = (code: string, id = verificationId, who = bob.token, to = identifier) =>
      t.call(who, 'POST', '/api/verifications/verification-code/verify', { identifier: to, verificationId: id, code });

    expect(await verify(wrong)).toMatchObject({ status: 400, body: { code: 'verification_code.code_mismatch' } });
    // Another identifier, or another user, gets nothing out of this record.
    expect(await verify(mail.code, verificationId, bob.token, { type: 'email', value: 'other@example.com' })).toMatchObject({
      status: 400,
    });
    expect(await verify(mail.code, verificationId, eve.token)).toMatchObject({
      status: 400,
      body: { code: 'verification_record.not_found' },
    });
    expect(await verify(mail.code)).toEqual({ status: 200, body: { verificationRecordId: verificationId } });
    expect(await verify(mail.code)).toMatchObject({ status: 400 });

    // SMS codes go to the phone in its stored form.
    await t.call(bob.token, 'POST', '/api/verifications/verification-code', { identifier: { type: 'phone', value: '+1 555-010-0002' } });
    expect(await t.lastCode('phone')).toMatchObject({ phone: '15550100002' });
  });

  it('gives up after five wrong codes', async () => {
    const identifier = { type: 'email', value: 'bob@example.com' };
    const sent = await t.call(bob.token, 'POST', '/api/verifications/verification-code', { identifier });
    const verificationId = sent.body!.verificationRecordId as string;
    const { code } = await t.lastCode('email');
    const wrong = code === '000000' ? '111111' : '000000';
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await t.call(bob.token, 'POST', '/api/verifications/verification-code/verify', { identifier, verificationId, code: wrong });
    }
    expect(
      await t.call(bob.token, 'POST', '/api/verifications/verification-code/verify', { identifier, verificationId, code }),
    ).toMatchObject({
      status: 400,
      body: { code: 'verification_code.exceed_max_try' },
    });
  });
});

describe('limits', () => {
  it('blocks password checks after five wrong passwords, and codes after five to one address', async () => {
    const mallory = await t.newUser({ primaryEmail: 'mallory@example.com' });
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect(await t.call(mallory.token, 'POST', '/api/verifications/password', { password: `guess-${attempt}` })).toMatchObject({
        status: 422,
      });
    }
    // Even the right password now: the token holder cannot keep guessing.
    expect(await t.call(mallory.token, 'POST', '/api/verifications/password', { password: mallory.password })).toMatchObject({
      status: 429,
      body: { code: 'session.verification_blocked_too_many_attempts' },
    });

    const identifier = { type: 'email', value: 'flooded@example.com' };
    for (let sent = 0; sent < 5; sent += 1) {
      expect(await t.call(mallory.token, 'POST', '/api/verifications/verification-code', { identifier })).toMatchObject({ status: 201 });
    }
    expect(await t.call(mallory.token, 'POST', '/api/verifications/verification-code', { identifier })).toMatchObject({
      status: 429,
      body: { code: 'request.message_rate_limited' },
    });
    // Another address is not affected.
    expect(
      await t.call(mallory.token, 'POST', '/api/verifications/verification-code', {
        identifier: { type: 'email', value: 'mallory@example.com' },
      }),
    ).toMatchObject({ status: 201 });
  });
});

describe('the logto-verification-id header', () => {
  const changePassword = (headers: Record<string, string> = {}) =>
    t.call(bob.token, 'POST', '/api/my-account/password', { password: 'Brand-new-password-1' }, headers);

  it('refuses a missing, unknown, foreign, expired, used, unverified or new-address record', async () => {
    expect(await changePassword()).toMatchObject(denied);
    expect(await changePassword(withRecord('no-such-record'))).toMatchObject(denied);

    // Eve's own valid record is no proof of Bob.
    expect(await changePassword(withRecord(await t.passwordRecord(eve.token, eve.password)))).toMatchObject(denied);

    const expired = await t.passwordRecord(bob.token, bob.password);
    await expireRecord(expired);
    expect(await changePassword(withRecord(expired))).toMatchObject(denied);

    // A code Bob had sent to a new address proves he owns that address, not that he is Bob.
    const newAddress = await t.verifiedCodeRecord(bob.token, { type: 'email', value: 'bob.new@example.com' });
    expect(await changePassword(withRecord(newAddress))).toMatchObject(denied);

    // A code to his own address that was never verified.
    const unverified = await t.call(bob.token, 'POST', '/api/verifications/verification-code', {
      identifier: { type: 'email', value: 'bob@example.com' },
    });
    expect(await changePassword(withRecord(unverified.body!.verificationRecordId as string))).toMatchObject(denied);

    // Used once, spent.
    const record = await t.passwordRecord(bob.token, bob.password);
    expect(await t.call(bob.token, 'PATCH', '/api/my-account', { username: 'bob_renamed' }, withRecord(record))).toMatchObject({
      status: 200,
      body: { username: 'bob_renamed' },
    });
    expect(await changePassword(withRecord(record))).toMatchObject(denied);
    expect(await t.call(bob.token, 'PATCH', '/api/my-account', { username: 'bob_again' })).toMatchObject(denied);
  });

  it('a change that fails leaves the record unused', async () => {
    const record = await t.passwordRecord(bob.token, bob.password);
    expect(await t.call(bob.token, 'PATCH', '/api/my-account', { username: eve.username }, withRecord(record))).toMatchObject({
      status: 422,
      body: { code: 'user.username_already_in_use' },
    });
    expect(await t.call(bob.token, 'PATCH', '/api/my-account', { username: 'bob_final' }, withRecord(record))).toMatchObject({
      status: 200,
      body: { username: 'bob_final' },
    });
    bob.username = 'bob_final';
  });

  it('changes the password with proof (a code to his email): other sign-ins end, the new password signs in', async () => {
    const weak = await t.passwordRecord(bob.token, bob.password);
    expect(await t.call(bob.token, 'POST', '/api/my-account/password', { password: 'short' }, withRecord(weak))).toMatchObject({
      status: 422,
      body: { code: 'password.rejected' },
    });
    // Bob is signed in elsewhere too (another session, with its own refresh token).
    const elsewhere = await t.signInSession({ type: 'username', value: bob.username }, bob.password);
    const rotated = await t.refresh(elsewhere.refreshToken!);
    expect(rotated.status).toBe(200);
    const proof = await t.verifiedCodeRecord(bob.token, { type: 'email', value: 'BOB@example.com' });
    expect(await changePassword(withRecord(proof))).toEqual({ status: 204, body: undefined });
    // The other sign-in ended: its refresh token fails and its access token is refused. This one stays.
    expect(await t.refresh(rotated.refreshToken!)).toMatchObject({ status: 400 });
    expect(await t.call(elsewhere.token, 'GET', '/api/my-account')).toMatchObject({ status: 401, body: { code: 'auth.unauthorized' } });
    expect(await t.call(bob.token, 'GET', '/api/my-account')).toMatchObject({ status: 200 });
    expect(await t.refresh(bob.refreshToken!)).toMatchObject({ status: 200 });
    await expect(t.signIn({ type: 'username', value: bob.username }, 'Brand-new-password-1')).resolves.toBeTypeOf('string');
    await expect(t.signIn({ type: 'username', value: bob.username }, bob.password)).rejects.toThrow(/422/);
    bob.password = 'Brand-new-password-1';
  });
});

describe('primary email and phone', () => {
  it('changes the email with proof of Bob and of the new address; the new email signs in', async () => {
    const newRecord = await t.verifiedCodeRecord(bob.token, { type: 'email', value: 'bob.changed@example.com' });
    expect(await t.lastCode('email')).toMatchObject({ address: 'bob.changed@example.com', type: 'BindNewIdentifier' });
    const body = { email: 'Bob.Changed@example.com', newIdentifierVerificationRecordId: newRecord };

    expect(await t.call(bob.token, 'POST', '/api/my-account/primary-email', body)).toMatchObject(denied);
    // The proof of the new address does not also stand for Bob himself.
    expect(await t.call(bob.token, 'POST', '/api/my-account/primary-email', body, withRecord(newRecord))).toMatchObject(denied);

    // A record for another address, or Bob's identity record in its place, does not prove the new one.
    const otherAddress = await t.verifiedCodeRecord(bob.token, { type: 'email', value: 'someone.else@example.com' });
    const mismatch = { ...body, newIdentifierVerificationRecordId: otherAddress };
    expect(
      await t.call(
        bob.token,
        'POST',
        '/api/my-account/primary-email',
        mismatch,
        withRecord(await t.passwordRecord(bob.token, bob.password)),
      ),
    ).toMatchObject({ status: 400, body: { code: 'verification_record.not_found' } });
    // An address another user holds is refused.
    const taken = await t.verifiedCodeRecord(bob.token, { type: 'email', value: 'eve@example.com' });
    expect(
      await t.call(
        bob.token,
        'POST',
        '/api/my-account/primary-email',
        { email: 'EVE@example.com', newIdentifierVerificationRecordId: taken },
        withRecord(await t.passwordRecord(bob.token, bob.password)),
      ),
    ).toMatchObject({ status: 422, body: { code: 'user.email_already_in_use' } });

    const proof = await t.passwordRecord(bob.token, bob.password);
    expect(await t.call(bob.token, 'POST', '/api/my-account/primary-email', body, withRecord(proof))).toEqual({
      status: 204,
      body: undefined,
    });
    expect((await t.call(bob.token, 'GET', '/api/my-account')).body).toMatchObject({ primaryEmail: 'Bob.Changed@example.com' });
    // Spent: the same pair of records changes nothing again.
    expect(await t.call(bob.token, 'POST', '/api/my-account/primary-email', body, withRecord(proof))).toMatchObject(denied);

    await expect(t.signIn({ type: 'email', value: 'bob.changed@example.com' }, bob.password)).resolves.toBeTypeOf('string');
  });

  it('a verified code to what was then his address still names Bob, once', async () => {
    // Sent while bob.changed@… is his primary address; then the address changes again.
    const oldProof = await t.verifiedCodeRecord(bob.token, { type: 'email', value: 'bob.changed@example.com' });
    const newRecord = await t.verifiedCodeRecord(bob.token, { type: 'email', value: 'bob.third@example.com' });
    expect(
      await t.call(
        bob.token,
        'POST',
        '/api/my-account/primary-email',
        { email: 'bob.third@example.com', newIdentifierVerificationRecordId: newRecord },
        withRecord(await t.passwordRecord(bob.token, bob.password)),
      ),
    ).toMatchObject({ status: 204 });
    // The record was made for Bob while that address was his: it still names Bob, so it counts once.
    expect(await t.call(bob.token, 'DELETE', '/api/my-account/primary-phone', undefined, withRecord(oldProof))).toMatchObject({
      status: 204,
    });
    expect(await t.call(bob.token, 'DELETE', '/api/my-account/primary-phone', undefined, withRecord(oldProof))).toMatchObject(denied);
  });

  it('sets and removes the phone, and keeps an identifier the sign-up requires', async () => {
    const newRecord = await t.verifiedCodeRecord(bob.token, { type: 'phone', value: '+1 (555) 010-0099' });
    expect(
      await t.call(
        bob.token,
        'POST',
        '/api/my-account/primary-phone',
        { phone: '1 555 010 0099', newIdentifierVerificationRecordId: newRecord },
        withRecord(await t.passwordRecord(bob.token, bob.password)),
      ),
    ).toEqual({ status: 204, body: undefined });
    expect((await t.call(bob.token, 'GET', '/api/my-account')).body).toMatchObject({ primaryPhone: '15550100099' });

    const { db } = t.stack.database;
    const setSignUp = (identifiers: string[]) =>
      db
        .update(signInExperiences)
        .set({ signUp: { identifiers, password: true, verify: true } })
        .where(eq(signInExperiences.tenantId, defaultTenantId));
    try {
      await setSignUp(['email']);
      const proof = await t.passwordRecord(bob.token, bob.password);
      expect(await t.call(bob.token, 'DELETE', '/api/my-account/primary-email', undefined, withRecord(proof))).toMatchObject({
        status: 400,
        body: { code: 'user.email_required' },
      });
      await setSignUp(['email', 'phone']);
      expect(await t.call(bob.token, 'DELETE', '/api/my-account/primary-email', undefined, withRecord(proof))).toEqual({
        status: 204,
        body: undefined,
      });
      expect(await t.call(bob.token, 'DELETE', '/api/my-account/primary-phone', undefined, withRecord(proof))).toMatchObject(denied);
      expect(
        await t.call(
          bob.token,
          'DELETE',
          '/api/my-account/primary-phone',
          undefined,
          withRecord(await t.passwordRecord(bob.token, bob.password)),
        ),
      ).toMatchObject({ status: 400, body: { code: 'user.email_or_phone_required' } });
    } finally {
      await setSignUp(['username']);
    }
    const read = await t.call(bob.token, 'GET', '/api/my-account');
    expect(read.body).toMatchObject({ primaryEmail: null, primaryPhone: '15550100099' });
  });
});
