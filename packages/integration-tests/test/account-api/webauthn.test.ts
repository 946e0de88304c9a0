// Passkeys through the Account API: a WebAuthn registration record (POST
// /api/verifications/web-authn/registration, then /verify with the authenticator's answer), bound
// with POST /api/my-account/mfa-verifications (type WebAuthn) under proof of identity, renamed and
// removed; the passkey then works as the second factor at sign-in. A registration record never
// proves who the caller is. The authenticator is a software one answering as a browser would.
import { defaultTenantId } from '@idp/db';
import { signInExperiences, users, verificationRecords, type Mfa } from '@idp/schemas';
import { and, eq } from 'drizzle-orm';
import type * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExperienceFlow, registerSpa, SoftwareAuthenticator } from '../../src/index.ts';
import { everyFieldEditable, startAccountApiTest, type Harness } from './harness.ts';

let t: Harness;
let rp: client.Configuration;
type User = Awaited<ReturnType<Harness['newUser']>>;

const prefix = '/api/my-account/mfa-verifications';
const denied = { status: 401, body: { code: 'verification_record.permission_denied' } };
const notFound = { status: 400, body: { code: 'verification_record.not_found' } };
const failed = { status: 400, body: { code: 'session.mfa.webauthn_verification_failed' } };
const withRecord = (id: string) => ({ 'logto-verification-id': id });
const relatedOrigin = 'https://app.example.com';

const setMfa = (mfa: Mfa) =>
  t.stack.database.db.update(signInExperiences).set({ mfa }).where(eq(signInExperiences.tenantId, defaultTenantId));
const setMfaField = (mfa: 'Off' | 'ReadOnly' | 'Edit', webauthnRelatedOrigins: string[] = []) =>
  t.setAccountCenter({ ...everyFieldEditable, fields: { ...everyFieldEditable.fields, mfa }, webauthnRelatedOrigins });
const storedFactors = async (id: string) =>
  (
    await t.stack.database.db
      .select({ mfaVerifications: users.mfaVerifications })
      .from(users)
      .where(and(eq(users.tenantId, defaultTenantId), eq(users.id, id)))
  )[0]!.mfaVerifications;
const expireRecord = (id: string) =>
  t.stack.database.db
    .update(verificationRecords)
    .set({ expiresAt: new Date(Date.now() - 1000) })
    .where(eq(verificationRecords.id, id));

const startRegistration = async (user: User) => {
  const started = await t.call(user.token, 'POST', '/api/verifications/web-authn/registration');
  expect(started.status, JSON.stringify(started.body)).toBe(200);
  return { recordId: started.body!.verificationRecordId as string, options: started.body!.registrationOptions as Record<string, unknown> };
};
const verifyRegistration = (user: User, verificationRecordId: string, payload: unknown) =>
  t.call(user.token, 'POST', '/api/verifications/web-authn/registration/verify', { verificationRecordId, payload });
/** A verified registration record of the user, made with `authenticator`. */
const registered = async (user: User, authenticator: SoftwareAuthenticator) => {
  const { recordId, options } = await startRegistration(user);
  expect(await verifyRegistration(user, recordId, authenticator.create(options))).toMatchObject({
    status: 200,
    body: { verificationRecordId: recordId },
  });
  return recordId;
};
const bind = async (user: User, recordId: string, name?: string, proof?: string) =>
  t.call(
    user.token,
    'POST',
    prefix,
    { type: 'WebAuthn', newIdentifierVerificationRecordId: recordId, ...(name === undefined ? {} : { name }) },
    withRecord(proof ?? (await t.passwordRecord(user.token, user.password))),
  );

beforeAll(async () => {
  t = await startAccountApiTest();
  ({ rp } = await registerSpa(t.stack));
  await t.setAccountCenter(everyFieldEditable);
  await setMfa({ factors: ['WebAuthn', 'Totp', 'BackupCode'], policy: 'NoPrompt' });
});
afterAll(async () => t?.stop());

describe('POST /api/verifications/web-authn/registration and /verify', () => {
  it("answers options for the tenant's endpoint, excluding the user's passkeys, with a record valid for 10 minutes", async () => {
    const user = await t.newUser();
    const started = await t.call(user.token, 'POST', '/api/verifications/web-authn/registration');
    expect(started).toMatchObject({
      status: 200,
      body: {
        verificationRecordId: expect.any(String),
        expiresAt: expect.any(String),
        registrationOptions: {
          rp: { id: '127.0.0.1' },
          user: { name: user.username },
          challenge: expect.any(String),
          excludeCredentials: [],
        },
      },
    });
    const lifetime = Date.parse(started.body!.expiresAt as string) - Date.now();
    expect(lifetime).toBeGreaterThan(9 * 60 * 1000);
    expect(lifetime).toBeLessThanOrEqual(10 * 60 * 1000);
    expect(await bind(user, await registered(user, new SoftwareAuthenticator(t.stack.userUrl)))).toMatchObject({ status: 204 });
    const [factor] = await storedFactors(user.id);
    const again = await startRegistration(user);
    expect(again.options).toMatchObject({ excludeCredentials: [{ id: (factor as { credentialId: string }).credentialId }] });
    expect(await t.call(undefined, 'POST', '/api/verifications/web-authn/registration')).toMatchObject({ status: 401 });
  });

  it("refuses another origin or challenge, another user's record, an expired one and a second answer", async () => {
    const user = await t.newUser();
    const eve = await t.newUser();
    const authenticator = new SoftwareAuthenticator(t.stack.userUrl);
    const { recordId, options } = await startRegistration(user);
    expect(await verifyRegistration(user, recordId, authenticator.create(options, { origin: 'http://evil.example' }))).toMatchObject(
      failed,
    );
    expect(
      await verifyRegistration(user, recordId, authenticator.create(options, { challenge: Buffer.from('other').toString('base64url') })),
    ).toMatchObject(failed);
    expect(await verifyRegistration(eve, recordId, authenticator.create(options))).toMatchObject(notFound);
    expect(await verifyRegistration(user, recordId, authenticator.create(options))).toMatchObject({ status: 200 });
    expect(await verifyRegistration(user, recordId, authenticator.create(options))).toMatchObject(notFound);
    const expired = await startRegistration(user);
    await expireRecord(expired.recordId);
    expect(await verifyRegistration(user, expired.recordId, authenticator.create(expired.options))).toMatchObject(notFound);
    expect(await verifyRegistration(user, recordId, { type: 'public-key' })).toMatchObject({
      status: 400,
      body: { code: 'guard.invalid_input' },
    });
  });

  it('accepts an origin the account center lists in webauthnRelatedOrigins, and only then', async () => {
    const user = await t.newUser();
    const app = new SoftwareAuthenticator(relatedOrigin);
    const first = await startRegistration(user);
    expect(await verifyRegistration(user, first.recordId, app.create(first.options))).toMatchObject(failed);
    await setMfaField('Edit', [relatedOrigin]);
    const second = await startRegistration(user);
    expect(await verifyRegistration(user, second.recordId, app.create(second.options))).toMatchObject({ status: 200 });
    await setMfaField('Edit');
  });
});

describe('POST /api/my-account/mfa-verifications with type WebAuthn', () => {
  it('binds the passkey with its name, lists, renames and removes it; it is asked for and works at sign-in', async () => {
    const user = await t.newUser();
    const authenticator = new SoftwareAuthenticator(t.stack.userUrl);
    const recordId = await registered(user, authenticator);
    expect(await bind(user, recordId, 'Laptop key')).toMatchObject({ status: 204 });
    const listed = await t.call(user.token, 'GET', prefix);
    expect(listed).toMatchObject({ status: 200, body: [{ type: 'WebAuthn', name: 'Laptop key', agent: expect.any(String) }] });
    const factorId = (listed.body as unknown as Array<{ id: string }>)[0]!.id;
    // The record is spent.
    expect(await bind(user, recordId)).toMatchObject(notFound);

    // The passkey is the second factor at sign-in.
    const flow = new ExperienceFlow(t.stack);
    await flow.start(rp);
    await flow.signInWithPassword(user.username, user.password);
    expect(await flow.api('POST', '/submit')).toMatchObject({ status: 403, body: { code: 'session.mfa.require_mfa_verification' } });
    const challenge = await flow.api('POST', '/verification/web-authn/authentication');
    expect(challenge.status).toBe(200);
    const verified = await flow.api('POST', '/verification/web-authn/authentication/verify', {
      verificationId: challenge.body.verificationId,
      payload: authenticator.get(challenge.body.authenticationOptions as Record<string, unknown>),
    });
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    expect((await flow.redeem(rp, await flow.submitAndReturn())).claims()!.sub).toBe(user.id);

    const proof = await t.passwordRecord(user.token, user.password);
    expect(await t.call(user.token, 'PATCH', `${prefix}/${factorId}/name`, { name: 'Phone' }, withRecord(proof))).toMatchObject({
      status: 200,
      body: { id: factorId, type: 'WebAuthn', name: 'Phone' },
    });
    expect(
      await t.call(user.token, 'DELETE', `${prefix}/${factorId}`, undefined, withRecord(await t.passwordRecord(user.token, user.password))),
    ).toMatchObject({
      status: 204,
    });
    expect(await storedFactors(user.id)).toEqual([]);
  });

  it("refuses an unverified, expired, another user's or another kind of record as the new passkey", async () => {
    const user = await t.newUser();
    const eve = await t.newUser();
    const authenticator = new SoftwareAuthenticator(t.stack.userUrl);
    expect(await bind(user, (await startRegistration(user)).recordId)).toMatchObject(notFound);
    const expired = await registered(user, authenticator);
    await expireRecord(expired);
    expect(await bind(user, expired)).toMatchObject(notFound);
    expect(await bind(user, await registered(eve, authenticator))).toMatchObject(notFound);
    expect(await bind(user, await t.passwordRecord(user.token, user.password))).toMatchObject(notFound);
    expect(await storedFactors(user.id)).toEqual([]);
  });

  it('WebAuthn not enabled in the sign-in experience: 400 mfa_factor_not_enabled; mfa ReadOnly: 400 field_not_editable', async () => {
    const user = await t.newUser();
    const recordId = await registered(user, new SoftwareAuthenticator(t.stack.userUrl));
    await setMfa({ factors: ['Totp'], policy: 'NoPrompt' });
    expect(await bind(user, recordId)).toMatchObject({ status: 400, body: { code: 'session.mfa.mfa_factor_not_enabled' } });
    await setMfa({ factors: ['WebAuthn', 'Totp', 'BackupCode'], policy: 'NoPrompt' });
    await setMfaField('ReadOnly');
    expect(await bind(user, recordId)).toMatchObject({ status: 400, body: { code: 'account_center.field_not_editable' } });
    await setMfaField('Off');
    expect(await t.call(user.token, 'GET', prefix)).toMatchObject({ status: 400, body: { code: 'account_center.field_not_enabled' } });
    await setMfaField('Edit');
    const narrow = await t.signIn({ type: 'username', value: user.username }, user.password, ['email']);
    expect(
      await t.call(
        narrow,
        'POST',
        prefix,
        { type: 'WebAuthn', newIdentifierVerificationRecordId: recordId },
        withRecord(await t.passwordRecord(narrow, user.password)),
      ),
    ).toMatchObject({ status: 403, body: { code: 'auth.forbidden' } });
    // Every refusal left the registration record usable.
    expect(await bind(user, recordId)).toMatchObject({ status: 204 });
  });
});

describe('step-up traps: a registration record never proves who the caller is', () => {
  it('a verified registration record of this user is no proof for binding, a password change or sessions', async () => {
    const user = await t.newUser();
    const authenticator = new SoftwareAuthenticator(t.stack.userUrl);
    const recordId = await registered(user, authenticator);
    const other = await registered(user, authenticator);
    expect(await bind(user, other, undefined, recordId)).toMatchObject(denied);
    expect(await bind(user, recordId, undefined, recordId)).toMatchObject(denied);
    expect(
      await t.call(user.token, 'POST', '/api/my-account/password', { password: 'Brand-new-pass-1' }, withRecord(recordId)),
    ).toMatchObject(denied);
    expect(await t.call(user.token, 'GET', '/api/my-account/sessions', undefined, withRecord(recordId))).toMatchObject(denied);
    expect(await t.call(user.token, 'GET', '/api/my-account/trusted-devices', undefined, withRecord(recordId))).toMatchObject(denied);
    expect(await storedFactors(user.id)).toEqual([]);
  });

  it("another user's, an expired and a spent password record are no proof for binding a passkey", async () => {
    const user = await t.newUser();
    const eve = await t.newUser();
    const recordId = await registered(user, new SoftwareAuthenticator(t.stack.userUrl));
    expect(await bind(user, recordId, undefined, await t.passwordRecord(eve.token, eve.password))).toMatchObject(denied);
    const expired = await t.passwordRecord(user.token, user.password);
    await expireRecord(expired);
    expect(await bind(user, recordId, undefined, expired)).toMatchObject(denied);
    const proof = await t.passwordRecord(user.token, user.password);
    expect(await bind(user, recordId, undefined, proof)).toMatchObject({ status: 204 });
    expect(await bind(user, await registered(user, new SoftwareAuthenticator(t.stack.userUrl)), undefined, proof)).toMatchObject(denied);
  });
});
