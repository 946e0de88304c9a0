import { defaultTenantId } from '@idp/db';
import { hashPassword } from '@idp/password';
import { signInExperiences, users } from '@idp/schemas';
import { and, eq } from 'drizzle-orm';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExperienceFlow, insertUser, startTestStack, type TestStack, registerSpa } from '../../src/index.ts';

let stack: TestStack;
let rp: client.Configuration;

beforeAll(async () => {
  stack = await startTestStack();
  ({ rp } = await registerSpa(stack));
});
afterAll(async () => stack?.stop());

const password = 'Plenty-of-entropy-42';

async function withPasswordUser(username = `user_${Math.random().toString(36).slice(2, 10)}`) {
  return insertUser(stack.database.db, defaultTenantId, { username, ...(await hashPassword(password)) });
}

async function signIn(flow: ExperienceFlow, identifier: { type: string; value: string }, secret = password) {
  await flow.start(rp);
  expect((await flow.api('PUT', '', { interactionEvent: 'SignIn' })).status).toBe(204);
  return flow.api('POST', '/verification/password', { identifier, password: secret });
}

describe('registration with username and password', () => {
  it('creates the account, signs it in and returns to the app with a code', async () => {
    const flow = new ExperienceFlow(stack);
    expect((await flow.start(rp, { first_screen: 'register' })).pathname).toBe('/register');
    expect((await flow.api('PUT', '', { interactionEvent: 'Register' })).status).toBe(204);
    const identity = await flow.api('POST', '/verification/new-password-identity', {
      identifier: { type: 'username', value: 'new_person' },
      password,
    });
    expect(identity.status).toBe(200);
    expect((await flow.api('POST', '/identification', { verificationId: identity.body.verificationId })).status).toBe(201);

    const callback = await flow.submitAndReturn();
    const tokens = await flow.redeem(rp, callback);
    const claims = tokens.claims()!;
    const [user] = await stack.database.db
      .select()
      .from(users)
      .where(and(eq(users.tenantId, defaultTenantId), eq(users.username, 'new_person')));
    expect(claims.sub).toBe(user!.id);
    expect(user!.passwordEncryptionMethod).toBe('Argon2id');
    expect(user!.lastSignInAt).not.toBeNull();
    expect((await client.fetchUserInfo(rp, tokens.access_token, user!.id)).username).toBe('new_person');
  });

  it('refuses a taken username (422) and a password the policy rejects, creating nothing', async () => {
    const existing = await withPasswordUser();
    const flow = new ExperienceFlow(stack);
    await flow.start(rp);
    await flow.api('PUT', '', { interactionEvent: 'Register' });
    expect(
      await flow.api('POST', '/verification/new-password-identity', {
        identifier: { type: 'username', value: existing.username },
        password,
      }),
    ).toMatchObject({
      status: 422,
      body: { code: 'user.username_already_in_use' },
    });
    expect(
      await flow.api('POST', '/verification/new-password-identity', {
        identifier: { type: 'username', value: 'short_pw' },
        password: 'abc',
      }),
    ).toMatchObject({
      status: 422,
      body: { code: 'password.rejected' },
    });
    const [row] = await stack.database.db
      .select()
      .from(users)
      .where(and(eq(users.tenantId, defaultTenantId), eq(users.username, 'short_pw')));
    expect(row).toBeUndefined();
  });

  it('is refused when the tenant allows sign-in only', async () => {
    await stack.database.db.update(signInExperiences).set({ signInMode: 'SignIn' }).where(eq(signInExperiences.tenantId, defaultTenantId));
    try {
      const flow = new ExperienceFlow(stack);
      await flow.start(rp);
      expect(await flow.api('PUT', '', { interactionEvent: 'Register' })).toMatchObject({
        status: 403,
        body: { code: 'auth.forbidden' },
      });
    } finally {
      await stack.database.db
        .update(signInExperiences)
        .set({ signInMode: 'SignInAndRegister' })
        .where(eq(signInExperiences.tenantId, defaultTenantId));
    }
  });
});

describe('sign-in with a password', () => {
  it('signs an existing user in', async () => {
    const user = await withPasswordUser();
    const flow = new ExperienceFlow(stack);
    const verified = await signIn(flow, { type: 'username', value: user.username! });
    expect(verified.status).toBe(200);
    expect((await flow.api('POST', '/identification', { verificationId: verified.body.verificationId })).status).toBe(204);
    const interaction = await flow.api('GET', '/interaction');
    expect(interaction.body).toMatchObject({ interactionEvent: 'SignIn', userId: user.id });
    expect(JSON.stringify(interaction.body)).not.toContain('argon2');
    const tokens = await flow.redeem(rp, await flow.submitAndReturn());
    expect(tokens.claims()!.sub).toBe(user.id);
  });

  it('answers a wrong password and an unknown account alike, in similar time', async () => {
    const user = await withPasswordUser();
    const flow = new ExperienceFlow(stack);
    await flow.start(rp);
    await flow.api('PUT', '', { interactionEvent: 'SignIn' });
    const attempt = async (value: string) => {
      const started = performance.now();
      const result = await flow.api('POST', '/verification/password', {
        identifier: { type: 'username', value },
        password: 'Wrong-password-1',
      });
      return { result, ms: performance.now() - started };
    };
    const wrong: number[] = [];
    const unknown: number[] = [];
    for (let round = 0; round < 5; round += 1) {
      const a = await attempt(user.username!);
      const b = await attempt('nobody_by_this_name');
      expect(a.result).toMatchObject({ status: 422, body: { code: 'session.invalid_credentials' } });
      expect(b.result).toEqual(a.result);
      wrong.push(a.ms);
      unknown.push(b.ms);
    }
    // Both paths run one argon2id verification; without the decoy the unknown account would answer
    // in a fraction of the time. The bound is loose on purpose: it catches the missing decoy, not jitter.
    const median = (values: number[]) => values.sort((x, y) => x - y)[2]!;
    expect(median(unknown)).toBeGreaterThan(median(wrong) / 3);
  });

  it('refuses a suspended user at identification', async () => {
    const user = await withPasswordUser();
    await stack.database.db.update(users).set({ isSuspended: true }).where(eq(users.id, user.id));
    const flow = new ExperienceFlow(stack);
    const verified = await signIn(flow, { type: 'username', value: user.username! });
    expect(await flow.api('POST', '/identification', { verificationId: verified.body.verificationId })).toMatchObject({
      status: 401,
      body: { code: 'user.suspended' },
    });
    expect(await flow.api('POST', '/submit')).toMatchObject({ status: 404, body: { code: 'session.identifier_not_found' } });
  });
});

describe('experience errors', () => {
  it('refuses calls without an interaction, or before PUT /api/experience', async () => {
    const flow = new ExperienceFlow(stack);
    expect(await flow.api('PUT', '', { interactionEvent: 'SignIn' })).toMatchObject({ status: 400, body: { code: 'session.not_found' } });
    await flow.start(rp);
    expect(await flow.api('POST', '/verification/password', { identifier: { type: 'username', value: 'x' }, password: 'y' })).toMatchObject(
      {
        status: 404,
        body: { code: 'session.interaction_not_found' },
      },
    );
  });

  it('refuses submit before identification and identification with an unknown record', async () => {
    const flow = new ExperienceFlow(stack);
    await flow.start(rp);
    await flow.api('PUT', '', { interactionEvent: 'SignIn' });
    expect(await flow.api('POST', '/submit')).toMatchObject({ status: 404, body: { code: 'session.identifier_not_found' } });
    expect(await flow.api('POST', '/identification', { verificationId: 'made-up' })).toMatchObject({
      status: 404,
      body: { code: 'session.verification_session_not_found' },
    });
    expect(await flow.api('POST', '/identification', {})).toMatchObject({ status: 400, body: { code: 'guard.invalid_input' } });
  });

  it('validates bodies: unknown events, unknown fields, wrong types', async () => {
    const flow = new ExperienceFlow(stack);
    await flow.start(rp);
    for (const body of [{ interactionEvent: 'Hack' }, { interactionEvent: 'SignIn', extra: 1 }, { interactionEvent: 3 }, {}]) {
      expect(await flow.api('PUT', '', body), JSON.stringify(body)).toMatchObject({ status: 400, body: { code: 'guard.invalid_input' } });
    }
  });

  it('does not let an interaction cookie of one tenant act in another', async () => {
    const flow = new ExperienceFlow(stack);
    await flow.start(rp);
    const response = await flow.session.fetch(`${stack.adminUrl}/api/experience`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ interactionEvent: 'SignIn' }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'session.not_found' });
  });
});
