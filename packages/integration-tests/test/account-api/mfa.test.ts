// Second factors through the Account API: listed, bound (TOTP, backup codes), renamed and removed,
// with proof of identity and the `mfa` field's setting; a factor bound here is asked for, and works,
// at the next sign-in through the Experience API.
import { defaultTenantId } from '@idp/db';
import { signInExperiences, users, type Mfa } from '@idp/schemas';
import { and, eq } from 'drizzle-orm';
import type * as client from 'openid-client';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExperienceFlow, registerSpa } from '../../src/index.ts';
import { everyFieldEditable, startAccountApiTest, type Harness } from './harness.ts';

let t: Harness;
let rp: client.Configuration;
type User = Awaited<ReturnType<Harness['newUser']>>;

const prefix = '/api/my-account/mfa-verifications';
const denied = { status: 401, body: { code: 'verification_record.permission_denied' } };
const withRecord = (id: string) => ({ 'logto-verification-id': id });
const totpCode = (secret: string) => new TOTP({ secret: Secret.fromBase32(secret) }).generate();
type Listed = { id: string; type: string; createdAt: string; remainCodes?: number };

const setMfa = (mfa: Mfa) =>
  t.stack.database.db.update(signInExperiences).set({ mfa }).where(eq(signInExperiences.tenantId, defaultTenantId));
const setMfaField = (mfa: 'Off' | 'ReadOnly' | 'Edit') =>
  t.setAccountCenter({ ...everyFieldEditable, fields: { ...everyFieldEditable.fields, mfa } });
const storedFactors = async (id: string) =>
  (
    await t.stack.database.db
      .select({ mfaVerifications: users.mfaVerifications })
      .from(users)
      .where(and(eq(users.tenantId, defaultTenantId), eq(users.id, id)))
  )[0]!.mfaVerifications;

/** Calls with a fresh password record of the user. */
const proven = async (user: User, method: string, path: string, body?: unknown) =>
  t.call(user.token, method, path, body, withRecord(await t.passwordRecord(user.token, user.password)));
const list = async (user: User) => {
  const listed = await t.call(user.token, 'GET', prefix);
  expect(listed.status).toBe(200);
  return listed.body as unknown as Listed[];
};
const bindTotp = async (user: User, withCode = false) => {
  const { body } = await t.call(user.token, 'POST', `${prefix}/totp-secret/generate`);
  const secret = body!.secret as string;
  const bound = await proven(user, 'POST', prefix, { type: 'Totp', secret, ...(withCode ? { code: totpCode(secret) } : {}) });
  expect(bound.status).toBe(204);
  return secret;
};

/** A sign-in through the Experience API up to identification (password), then the second factor asked for. */
const signInWithSecondFactor = async (user: User, factor: { path: string; body: unknown }) => {
  const flow = new ExperienceFlow(t.stack);
  await flow.start(rp);
  await flow.signInWithPassword(user.username, user.password);
  expect(await flow.api('POST', '/submit')).toMatchObject({ status: 403, body: { code: 'session.mfa.require_mfa_verification' } });
  const verified = await flow.api('POST', factor.path, factor.body);
  return { verified, submitted: verified.status === 200 ? await flow.api('POST', '/submit') : undefined };
};

beforeAll(async () => {
  t = await startAccountApiTest();
  ({ rp } = await registerSpa(t.stack));
  await t.setAccountCenter(everyFieldEditable);
  await setMfa({ factors: ['Totp', 'BackupCode'], policy: 'NoPrompt' });
});
afterAll(async () => t?.stop());

describe('who may', () => {
  it('401 without a token, 403 without the identities scope', async () => {
    expect(await t.call(undefined, 'GET', prefix)).toMatchObject({ status: 401 });
    expect(await t.call(undefined, 'POST', `${prefix}/totp-secret/generate`)).toMatchObject({ status: 401 });
    const user = await t.newUser({}, ['email']);
    expect(await t.call(user.token, 'GET', prefix)).toMatchObject({ status: 403, body: { code: 'auth.forbidden' } });
    expect(await proven(user, 'POST', prefix, { type: 'Totp', secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' })).toMatchObject({
      status: 403,
      body: { code: 'auth.forbidden' },
    });
  });

  it('field Off: listing is 400 field_not_enabled; ReadOnly: lists, binding is 400 field_not_editable', async () => {
    const user = await t.newUser();
    await setMfaField('Off');
    expect(await t.call(user.token, 'GET', prefix)).toMatchObject({ status: 400, body: { code: 'account_center.field_not_enabled' } });
    await setMfaField('ReadOnly');
    expect(await t.call(user.token, 'GET', prefix)).toMatchObject({ status: 200, body: [] });
    const record = await t.passwordRecord(user.token, user.password);
    const body = { type: 'Totp', secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' };
    expect(await t.call(user.token, 'POST', prefix, body, withRecord(record))).toMatchObject({
      status: 400,
      body: { code: 'account_center.field_not_editable' },
    });
    await setMfaField('Edit');
    // The refused request left the record usable.
    expect(await t.call(user.token, 'POST', prefix, body, withRecord(record))).toMatchObject({ status: 204 });
  });

  it("binding, renaming and removing need proof of identity: none, another user's, or a spent one is refused", async () => {
    const user = await t.newUser();
    const eve = await t.newUser();
    const body = { type: 'Totp', secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' };
    expect(await t.call(user.token, 'POST', prefix, body)).toMatchObject(denied);
    expect(await t.call(user.token, 'POST', prefix, body, withRecord(await t.passwordRecord(eve.token, eve.password)))).toMatchObject(
      denied,
    );
    const record = await t.passwordRecord(user.token, user.password);
    expect(await t.call(user.token, 'POST', prefix, body, withRecord(record))).toMatchObject({ status: 204 });
    const [factor] = await list(user);
    expect(await t.call(user.token, 'DELETE', `${prefix}/${factor!.id}`, undefined, withRecord(record))).toMatchObject(denied);
    expect(await t.call(user.token, 'DELETE', `${prefix}/${factor!.id}`)).toMatchObject(denied);
    expect(await t.call(user.token, 'GET', `${prefix}/backup-codes`)).toMatchObject(denied);
    expect(await list(user)).toHaveLength(1);
  });
});

describe('TOTP', () => {
  it('generates a base32 secret; binds it once, checking a code when sent; stores it sealed', async () => {
    const user = await t.newUser();
    const generated = await t.call(user.token, 'POST', `${prefix}/totp-secret/generate`);
    expect(generated).toMatchObject({ status: 200, body: { secret: expect.stringMatching(/^[A-Z2-7]{32}$/) } });
    const secret = generated.body!.secret as string;
    expect(
      await proven(user, 'POST', prefix, { type: 'Totp', secret, code: totpCode(secret) === '000000' ? '111111' : '000000' }),
    ).toMatchObject({
      status: 400,
      body: { code: 'session.mfa.invalid_totp_code' },
    });
    expect(await proven(user, 'POST', prefix, { type: 'Totp', secret: 'not base32!' })).toMatchObject({
      status: 400,
      body: { code: 'user.totp_secret_invalid' },
    });
    expect(await proven(user, 'POST', prefix, { type: 'Totp', secret, code: totpCode(secret) })).toMatchObject({ status: 204 });
    expect(await proven(user, 'POST', prefix, { type: 'Totp', secret })).toMatchObject({
      status: 422,
      body: { code: 'user.totp_already_in_use' },
    });
    const listed = await list(user);
    expect(listed).toEqual([{ id: expect.any(String), type: 'Totp', createdAt: expect.any(String) }]);
    expect(JSON.stringify(await storedFactors(user.id))).not.toContain(secret);
  });

  it('PUT …/totp replaces the authenticator app (a code required); the old secret stops working at sign-in', async () => {
    const user = await t.newUser();
    const old = await bindTotp(user);
    const [before] = await list(user);
    const { body } = await t.call(user.token, 'POST', `${prefix}/totp-secret/generate`);
    const secret = body!.secret as string;
    expect((await proven(user, 'PUT', `${prefix}/totp`, { secret })).status).toBe(400);
    expect(await t.call(user.token, 'PUT', `${prefix}/totp`, { secret, code: totpCode(secret) })).toMatchObject(denied);
    expect(await proven(user, 'PUT', `${prefix}/totp`, { secret, code: totpCode(secret) })).toMatchObject({ status: 204 });
    const after = await list(user);
    expect(after).toHaveLength(1);
    expect(after[0]!.id).not.toBe(before!.id);
    if (totpCode(old) !== totpCode(secret)) {
      const stale = await signInWithSecondFactor(user, { path: '/verification/totp/verify', body: { code: totpCode(old) } });
      expect(stale.verified).toMatchObject({ status: 400, body: { code: 'session.mfa.invalid_totp_code' } });
    }
  });

  it('a factor the sign-in experience has not enabled is 400 mfa_factor_not_enabled', async () => {
    const user = await t.newUser();
    await setMfa({ factors: ['BackupCode'], policy: 'NoPrompt' });
    try {
      expect(await proven(user, 'POST', prefix, { type: 'Totp', secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' })).toMatchObject({
        status: 400,
        body: { code: 'session.mfa.mfa_factor_not_enabled' },
      });
    } finally {
      await setMfa({ factors: ['Totp', 'BackupCode'], policy: 'NoPrompt' });
    }
  });

  it('an authenticator app bound here is asked for at sign-in, and its code signs the user in', async () => {
    const user = await t.newUser();
    const secret = await bindTotp(user);
    const wrong = await signInWithSecondFactor(user, {
      path: '/verification/totp/verify',
      body: { code: totpCode(secret) === '123456' ? '654321' : '123456' },
    });
    expect(wrong.verified).toMatchObject({ status: 400, body: { code: 'session.mfa.invalid_totp_code' } });
    const right = await signInWithSecondFactor(user, { path: '/verification/totp/verify', body: { code: totpCode(secret) } });
    expect(right.verified.status).toBe(200);
    expect(right.submitted).toMatchObject({ status: 200, body: { redirectTo: expect.any(String) } });
  });
});

describe('backup codes', () => {
  it('generates ten; binds them only beside another factor; lists what is left; one signs the user in', async () => {
    const user = await t.newUser();
    const generated = await t.call(user.token, 'POST', `${prefix}/backup-codes/generate`);
    expect(generated.status).toBe(200);
    const codes = generated.body!.codes as string[];
    expect(codes).toHaveLength(10);
    expect(await proven(user, 'POST', prefix, { type: 'BackupCode', codes })).toMatchObject({
      status: 422,
      body: { code: 'session.mfa.backup_code_can_not_be_alone' },
    });
    await bindTotp(user);
    expect(await proven(user, 'POST', prefix, { type: 'BackupCode', codes: codes.slice(1) })).toMatchObject({
      status: 422,
      body: { code: 'user.wrong_backup_code_format' },
    });
    expect(await proven(user, 'GET', `${prefix}/backup-codes`)).toMatchObject({
      status: 404,
      body: { code: 'verification_record.not_found' },
    });
    expect(await proven(user, 'POST', prefix, { type: 'BackupCode', codes })).toMatchObject({ status: 204 });
    expect(await proven(user, 'POST', prefix, { type: 'BackupCode', codes })).toMatchObject({
      status: 422,
      body: { code: 'user.backup_code_already_in_use' },
    });
    expect((await list(user)).find(({ type }) => type === 'BackupCode')).toMatchObject({ remainCodes: 10 });
    const stored = JSON.stringify(await storedFactors(user.id));
    for (const code of codes) expect(stored).not.toContain(code);

    const signedIn = await signInWithSecondFactor(user, { path: '/verification/backup-code/verify', body: { code: codes[3] } });
    expect(signedIn.verified.status).toBe(200);
    expect(signedIn.submitted).toMatchObject({ status: 200 });
    expect((await list(user)).find(({ type }) => type === 'BackupCode')).toMatchObject({ remainCodes: 9 });
    const shown = await proven(user, 'GET', `${prefix}/backup-codes`);
    expect(shown.status).toBe(200);
    const entries = shown.body!.codes as { code: string; usedAt: string | null }[];
    expect(entries).toHaveLength(10);
    expect(entries.filter(({ usedAt }) => usedAt !== null)).toHaveLength(1);
  });
});

describe('renaming and removing', () => {
  it('renaming is for passkeys only: a TOTP factor or an unknown id is verification_record.not_found', async () => {
    const user = await t.newUser();
    await bindTotp(user);
    const [factor] = await list(user);
    expect(await proven(user, 'PATCH', `${prefix}/${factor!.id}/name`, { name: 'Phone' })).toMatchObject({
      status: 400,
      body: { code: 'verification_record.not_found' },
    });
    expect(await proven(user, 'PATCH', `${prefix}/no-such-factor/name`, { name: 'Phone' })).toMatchObject({
      status: 400,
      body: { code: 'verification_record.not_found' },
    });
  });

  it('removes a factor: gone from the list, and no longer asked for at sign-in', async () => {
    const user = await t.newUser();
    await bindTotp(user);
    const [factor] = await list(user);
    expect(await proven(user, 'DELETE', `${prefix}/no-such-factor`)).toMatchObject({
      status: 400,
      body: { code: 'verification_record.not_found' },
    });
    expect(await proven(user, 'DELETE', `${prefix}/${factor!.id}`)).toMatchObject({ status: 204 });
    expect(await list(user)).toEqual([]);
    const flow = new ExperienceFlow(t.stack);
    await flow.start(rp);
    await flow.signInWithPassword(user.username, user.password);
    expect((await flow.api('POST', '/submit')).status).toBe(200);
  });
});
