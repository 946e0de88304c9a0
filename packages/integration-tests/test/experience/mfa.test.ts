// Second factors through the Experience API, as the sign-in UI drives them: binding and verifying
// TOTP, backup codes and WebAuthn, passkey sign-in, and MFA enforced by submit itself.
import { defaultTenantId } from '@idp/db';
import { hashPassword } from '@idp/password';
import { signInExperiences, users, type Mfa, type User } from '@idp/schemas';
import { and, eq } from 'drizzle-orm';
import type * as client from 'openid-client';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ExperienceFlow, insertUser, SoftwareAuthenticator, startTestStack, type TestStack, registerSpa } from '../../src/index.ts';

let stack: TestStack;
let rp: client.Configuration;
// The experience service's clock: moved forward to reach the next TOTP step.
let clockOffset = 0;
const now = () => new Date(Date.now() + clockOffset);

beforeAll(async () => {
  stack = await startTestStack({ experienceClock: now });
  ({ rp } = await registerSpa(stack));
});
afterAll(async () => stack?.stop());
beforeEach(() => {
  clockOffset = 0;
});

const password = 'Plenty-of-entropy-42';
const setMfa = (mfa: Mfa, passkeySignIn = { enabled: false }) =>
  stack.database.db.update(signInExperiences).set({ mfa, passkeySignIn }).where(eq(signInExperiences.tenantId, defaultTenantId));
const newUsername = () => `mfa_${Math.random().toString(36).slice(2, 10)}`;
const findUser = async (id: string): Promise<User> =>
  (
    await stack.database.db
      .select()
      .from(users)
      .where(and(eq(users.tenantId, defaultTenantId), eq(users.id, id)))
  )[0]!;
const totpCode = (secret: string, at = now()) => new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: at.getTime() });

/** A flow signed in with a password up to identification; submit not yet called. */
async function passwordFlow(username: string) {
  const flow = new ExperienceFlow(stack);
  await flow.start(rp);
  await flow.signInWithPassword(username, password);
  return flow;
}

async function passwordUser() {
  return insertUser(stack.database.db, defaultTenantId, { username: newUsername(), ...(await hashPassword(password)) });
}

describe('TOTP and backup codes, MFA required', () => {
  beforeAll(() => setMfa({ factors: ['Totp', 'BackupCode'], policy: 'Mandatory' }));

  it('makes a new user bind an authenticator app and backup codes before the app gets a code, then asks for them at every sign-in', async () => {
    const username = newUsername();
    const flow = new ExperienceFlow(stack);
    await flow.start(rp);
    await flow.api('PUT', '', { interactionEvent: 'Register' });
    const identity = await flow.api('POST', '/verification/new-password-identity', {
      identifier: { type: 'username', value: username },
      password,
    });
    expect((await flow.api('POST', '/identification', { verificationId: identity.body.verificationId })).status).toBe(201);

    expect(await flow.api('POST', '/submit')).toMatchObject({
      status: 422,
      body: { code: 'user.missing_mfa', data: { availableFactors: ['Totp'], skippable: false } },
    });
    expect(await flow.api('POST', '/profile/mfa/mfa-skipped')).toMatchObject({
      status: 422,
      body: { code: 'session.mfa.mfa_policy_not_user_controlled' },
    });

    const created = await flow.api('POST', '/verification/totp/secret');
    expect(created.status).toBe(200);
    const secret = String(created.body.secret);
    expect(String(created.body.secretQrCode)).toMatch(/^data:image\/png;base64,/);
    const wrong = totpCode(secret) === '000000' ? '111111' : '000000';
    expect(await flow.api('POST', '/verification/totp/verify', { verificationId: created.body.verificationId, code: wrong })).toMatchObject(
      {
        status: 400,
        body: { code: 'session.mfa.invalid_totp_code' },
      },
    );
    // An unverified secret cannot be bound.
    expect((await flow.api('POST', '/profile/mfa', { type: 'Totp', verificationId: created.body.verificationId })).status).toBe(400);
    const bindingCode = totpCode(secret);
    expect(
      (await flow.api('POST', '/verification/totp/verify', { verificationId: created.body.verificationId, code: bindingCode })).status,
    ).toBe(200);
    expect((await flow.api('POST', '/profile/mfa', { type: 'Totp', verificationId: created.body.verificationId })).status).toBe(204);

    expect(await flow.api('POST', '/submit')).toMatchObject({ status: 422, body: { code: 'session.mfa.backup_code_required' } });
    const generated = await flow.api('POST', '/verification/backup-code/generate');
    const codes = generated.body.codes as string[];
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    expect((await flow.api('POST', '/profile/mfa', { type: 'BackupCode', verificationId: generated.body.verificationId })).status).toBe(
      204,
    );
    const tokens = await flow.redeem(rp, await flow.submitAndReturn());
    const userId = tokens.claims()!.sub;

    // Stored: the TOTP secret sealed, the backup codes hashed; neither in clear.
    const user = await findUser(userId);
    const stored = JSON.stringify(user.mfaVerifications);
    expect(user.mfaVerifications.map(({ type }) => type).sort()).toEqual(['BackupCode', 'Totp']);
    expect(stored).not.toContain(secret);
    for (const code of codes) expect(stored).not.toContain(code);

    // Next sign-in: submit alone is refused until a factor is verified.
    const again = await passwordFlow(username);
    expect(await again.api('POST', '/submit')).toMatchObject({
      status: 403,
      body: { code: 'session.mfa.require_mfa_verification', data: { availableFactors: ['Totp', 'BackupCode'] } },
    });
    // The code used for binding has been used: refused, even within its window.
    expect(await again.api('POST', '/verification/totp/verify', { code: bindingCode })).toMatchObject({
      status: 400,
      body: { code: 'session.mfa.invalid_totp_code' },
    });
    clockOffset = 30_000;
    const nextCode = totpCode(secret);
    expect((await again.api('POST', '/verification/totp/verify', { code: nextCode })).status).toBe(200);
    expect((await again.redeem(rp, await again.submitAndReturn())).claims()!.sub).toBe(userId);

    // The same code in another sign-in: refused (a code works once).
    const replay = await passwordFlow(username);
    expect(await replay.api('POST', '/verification/totp/verify', { code: nextCode })).toMatchObject({
      status: 400,
      body: { code: 'session.mfa.invalid_totp_code' },
    });

    // A backup code works once.
    expect((await replay.api('POST', '/verification/backup-code/verify', { code: codes[3] })).status).toBe(200);
    expect((await replay.submitAndReturn()).searchParams.get('code')).toBeTruthy();
    const reuse = await passwordFlow(username);
    expect(await reuse.api('POST', '/verification/backup-code/verify', { code: codes[3] })).toMatchObject({
      status: 400,
      body: { code: 'session.mfa.invalid_backup_code' },
    });
    expect(await reuse.api('POST', '/verification/backup-code/verify', { code: 'not-a-code' })).toMatchObject({
      status: 400,
      body: { code: 'session.mfa.invalid_backup_code' },
    });
    expect((await reuse.api('POST', '/verification/backup-code/verify', { code: codes[4]!.toUpperCase() })).status).toBe(200);
  });

  it('refuses MFA steps before identification, unknown bodies, and factors the tenant has not enabled', async () => {
    const flow = new ExperienceFlow(stack);
    await flow.start(rp);
    await flow.api('PUT', '', { interactionEvent: 'SignIn' });
    expect(await flow.api('POST', '/verification/totp/secret')).toMatchObject({
      status: 400,
      body: { code: 'session.identifier_not_found' },
    });
    const user = await passwordUser();
    const signedIn = await passwordFlow(user.username!);
    expect((await signedIn.api('POST', '/verification/totp/verify', { code: '123456', extra: true })).status).toBe(400);
    // As in Logto, options are made; binding a factor the tenant has not enabled is what is refused.
    const registration = await signedIn.api('POST', '/verification/web-authn/registration');
    expect(registration.status).toBe(200);
    expect(await signedIn.api('POST', '/profile/mfa', { type: 'Totp', verificationId: registration.body.verificationId })).toMatchObject({
      status: 404,
      body: { code: 'session.verification_session_not_found' },
    });
    expect((await signedIn.api('POST', '/profile/mfa', { type: 'Sms', verificationId: 'x' })).status).toBe(400);
  });

  it('does not let backup codes be the only factor', async () => {
    const user = await passwordUser();
    const flow = await passwordFlow(user.username!);
    const generated = await flow.api('POST', '/verification/backup-code/generate');
    expect(await flow.api('POST', '/profile/mfa', { type: 'BackupCode', verificationId: generated.body.verificationId })).toMatchObject({
      status: 422,
      body: { code: 'session.mfa.backup_code_can_not_be_alone' },
    });
  });
});

describe('optional MFA', () => {
  it('lets the user skip setting up a factor, and remembers it', async () => {
    await setMfa({ factors: ['Totp'], policy: 'PromptAtSignInAndSignUp' });
    const user = await passwordUser();
    const flow = await passwordFlow(user.username!);
    expect(await flow.api('POST', '/submit')).toMatchObject({ status: 422, body: { code: 'user.suggest_mfa' } });
    expect((await flow.api('POST', '/profile/mfa/mfa-skipped')).status).toBe(204);
    await flow.submitAndReturn();
    expect((await findUser(user.id)).logtoConfig).toMatchObject({ mfa: { skipped: true } });
    const again = await passwordFlow(user.username!);
    expect((await again.submitAndReturn()).searchParams.get('code')).toBeTruthy();
  });
});

describe('WebAuthn and passkey sign-in', () => {
  beforeAll(() => setMfa({ factors: ['WebAuthn'], policy: 'Mandatory' }, { enabled: true }));

  it('binds a security key, asks for it at sign-in, refuses a wrong challenge or origin, and signs in with it as a passkey', async () => {
    const user = await passwordUser();
    const authenticator = new SoftwareAuthenticator(stack.userUrl);
    const flow = await passwordFlow(user.username!);
    expect(await flow.api('POST', '/submit')).toMatchObject({
      status: 422,
      body: { code: 'user.missing_mfa', data: { availableFactors: ['WebAuthn'] } },
    });

    const registration = await flow.api('POST', '/verification/web-authn/registration');
    const options = registration.body.registrationOptions as Record<string, unknown>;
    expect(options).toMatchObject({ rp: { id: '127.0.0.1' }, attestation: 'none' });
    const verify = (payload: unknown) =>
      flow.api('POST', '/verification/web-authn/registration/verify', { verificationId: registration.body.verificationId, payload });
    expect(await verify(authenticator.create(options, { origin: 'http://evil.example' }))).toMatchObject({
      status: 400,
      body: { code: 'session.mfa.webauthn_verification_failed' },
    });
    expect(
      await verify(authenticator.create(options, { challenge: Buffer.from('another challenge').toString('base64url') })),
    ).toMatchObject({
      status: 400,
      body: { code: 'session.mfa.webauthn_verification_failed' },
    });
    expect((await verify(authenticator.create(options))).status).toBe(200);
    expect((await flow.api('POST', '/profile/mfa', { type: 'WebAuthn', verificationId: registration.body.verificationId })).status).toBe(
      204,
    );
    await flow.submitAndReturn();
    const [credential] = (await findUser(user.id)).mfaVerifications;
    expect(credential).toMatchObject({ type: 'WebAuthn', counter: 0 });

    // Sign-in: the key is asked for; a signature over another challenge or for another origin fails.
    const again = await passwordFlow(user.username!);
    expect(await again.api('POST', '/submit')).toMatchObject({ status: 403, body: { data: { availableFactors: ['WebAuthn'] } } });
    const challenge = async () => again.api('POST', '/verification/web-authn/authentication');
    const first = await challenge();
    const authOptions = first.body.authenticationOptions as Record<string, unknown>;
    expect(authOptions).toMatchObject({ allowCredentials: [{ id: (credential as { credentialId: string }).credentialId }] });
    expect(
      await again.api('POST', '/verification/web-authn/authentication/verify', {
        verificationId: first.body.verificationId,
        payload: authenticator.get(authOptions, { origin: 'http://evil.example' }),
      }),
    ).toMatchObject({ status: 400, body: { code: 'session.mfa.webauthn_verification_failed' } });
    // The challenge was spent by the failed attempt.
    expect(
      (
        await again.api('POST', '/verification/web-authn/authentication/verify', {
          verificationId: first.body.verificationId,
          payload: authenticator.get(authOptions),
        })
      ).status,
    ).toBe(400);
    const second = await challenge();
    expect(
      (
        await again.api('POST', '/verification/web-authn/authentication/verify', {
          verificationId: second.body.verificationId,
          payload: authenticator.get(second.body.authenticationOptions as Record<string, unknown>),
        })
      ).status,
    ).toBe(200);
    await again.submitAndReturn();
    // The authenticator signed three times (two refused); the stored counter follows its last signature.
    expect((await findUser(user.id)).mfaVerifications[0]).toMatchObject({ counter: 3 });

    // Passkey sign-in: no identifier, no password, no second factor asked.
    const passkey = new ExperienceFlow(stack);
    await passkey.start(rp);
    const preflight = await passkey.api('POST', '/preflight/sign-in-passkey/authentication');
    expect(preflight.status).toBe(200);
    const preflightOptions = preflight.body.authenticationOptions as Record<string, unknown>;
    expect(preflightOptions.allowCredentials ?? []).toEqual([]);
    const verified = await passkey.api('POST', '/verification/sign-in-passkey/authentication/verify', {
      verificationId: preflight.body.verificationId,
      payload: { ...authenticator.get(preflightOptions), type: 'WebAuthn' },
    });
    expect(verified.body.code ?? verified.status).toBe(200);
    expect((await passkey.api('POST', '/identification', { verificationId: verified.body.verificationId })).status).toBe(204);
    expect((await passkey.redeem(rp, await passkey.submitAndReturn())).claims()!.sub).toBe(user.id);
  });

  it('does not let a password alone add a factor to an account that has one', async () => {
    const user = await passwordUser();
    const owner = new SoftwareAuthenticator(stack.userUrl);
    const bind = await passwordFlow(user.username!);
    const registration = await bind.api('POST', '/verification/web-authn/registration');
    await bind.api('POST', '/verification/web-authn/registration/verify', {
      verificationId: registration.body.verificationId,
      payload: owner.create(registration.body.registrationOptions as Record<string, unknown>),
    });
    await bind.api('POST', '/profile/mfa', { type: 'WebAuthn', verificationId: registration.body.verificationId });
    await bind.submitAndReturn();

    const attacker = new SoftwareAuthenticator(stack.userUrl);
    const flow = await passwordFlow(user.username!);
    const theirs = await flow.api('POST', '/verification/web-authn/registration');
    await flow.api('POST', '/verification/web-authn/registration/verify', {
      verificationId: theirs.body.verificationId,
      payload: attacker.create(theirs.body.registrationOptions as Record<string, unknown>),
    });
    expect(await flow.api('POST', '/profile/mfa', { type: 'WebAuthn', verificationId: theirs.body.verificationId })).toMatchObject({
      status: 403,
      body: { code: 'session.mfa.require_mfa_verification' },
    });
    expect(await flow.api('POST', '/profile/mfa/passkey', { verificationId: theirs.body.verificationId })).toMatchObject({ status: 403 });
    expect((await flow.api('POST', '/submit')).status).toBe(403);
    expect((await findUser(user.id)).mfaVerifications).toHaveLength(1);
  });

  it('refuses passkey sign-in when the tenant has not enabled it', async () => {
    await setMfa({ factors: ['WebAuthn'], policy: 'Mandatory' }, { enabled: false });
    const flow = new ExperienceFlow(stack);
    await flow.start(rp);
    expect(await flow.api('POST', '/preflight/sign-in-passkey/authentication')).toMatchObject({
      status: 400,
      body: { code: 'session.passkey_sign_in_not_enabled' },
    });
    await setMfa({ factors: ['WebAuthn'], policy: 'Mandatory' }, { enabled: true });
  });
});
