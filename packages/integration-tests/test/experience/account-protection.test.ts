// Sign-in locks after repeated failures (with a clock the test moves) and the password policy.
import { defaultTenantId } from '@idp/db';
import { hashPassword } from '@idp/password';
import { sentinelActivities, signInExperiences, type PasswordPolicy, type SentinelPolicy } from '@idp/schemas';
import { eq } from 'drizzle-orm';
import type * as client from 'openid-client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ExperienceFlow, insertUser, startTestStack, type TestStack, registerSpa } from '../../src/index.ts';

let stack: TestStack;
let rp: client.Configuration;
let clockOffset = 0;
const minutes = (count: number) => count * 60_000;

beforeAll(async () => {
  stack = await startTestStack({ experienceClock: () => new Date(Date.now() + clockOffset) });
  ({ rp } = await registerSpa(stack));
});
afterAll(async () => stack?.stop());
beforeEach(() => {
  clockOffset = 0;
});

const password = 'Plenty-of-entropy-42';
const setPolicies = (values: { sentinelPolicy?: SentinelPolicy; passwordPolicy?: PasswordPolicy }) =>
  stack.database.db.update(signInExperiences).set(values).where(eq(signInExperiences.tenantId, defaultTenantId));
const newUsername = () => `guarded_${Math.random().toString(36).slice(2, 10)}`;

async function attempt(username: string, secret: string) {
  const flow = new ExperienceFlow(stack);
  await flow.start(rp);
  await flow.api('PUT', '', { interactionEvent: 'SignIn' });
  return flow.api('POST', '/verification/password', { identifier: { type: 'username', value: username }, password: secret });
}

describe('sentinel', () => {
  beforeAll(() => setPolicies({ sentinelPolicy: { maxAttempts: 3, attemptWindow: 10, lockoutDuration: 5 } }));
  afterAll(() => setPolicies({ sentinelPolicy: {} }));

  it('locks an identifier after the threshold, even for the right password, and releases it when the lock expires', async () => {
    const username = newUsername();
    await insertUser(stack.database.db, defaultTenantId, { username, ...(await hashPassword(password)) });
    for (let count = 0; count < 3; count += 1) {
      expect(await attempt(username, 'Wrong-password-1')).toMatchObject({ status: 422, body: { code: 'session.invalid_credentials' } });
    }
    const locked = await attempt(username, password);
    expect(locked).toMatchObject({ status: 400, body: { code: 'session.verification_blocked_too_many_attempts' } });
    const { lockedUntil, retryAfter } = locked.body.data as { lockedUntil: string; retryAfter: number };
    expect(retryAfter).toBeGreaterThan(4 * 60);
    expect(retryAfter).toBeLessThanOrEqual(5 * 60);
    expect(Date.parse(lockedUntil)).toBeGreaterThan(Date.now());
    // Another account from the same address is not locked (the address has ten times the attempts).
    const other = newUsername();
    await insertUser(stack.database.db, defaultTenantId, { username: other, ...(await hashPassword(password)) });
    expect((await attempt(other, password)).status).toBe(200);

    clockOffset = minutes(4);
    expect((await attempt(username, password)).status).toBe(400);
    clockOffset = minutes(5) + 1000;
    expect((await attempt(username, password)).status).toBe(200);
    // A new lock needs the full number of failures again.
    expect((await attempt(username, 'Wrong-password-1')).status).toBe(422);
    expect((await attempt(username, password)).status).toBe(200);
  });

  it('locks unknown identifiers the same way, so a lock does not tell which accounts exist', async () => {
    const ghost = newUsername();
    for (let count = 0; count < 3; count += 1) expect((await attempt(ghost, 'Anything-at-all-1')).status).toBe(422);
    expect((await attempt(ghost, 'Anything-at-all-1')).status).toBe(400);
  });

  it('forgets failures older than the window', async () => {
    const username = newUsername();
    await insertUser(stack.database.db, defaultTenantId, { username, ...(await hashPassword(password)) });
    await attempt(username, 'Wrong-password-1');
    await attempt(username, 'Wrong-password-1');
    clockOffset = minutes(11);
    await attempt(username, 'Wrong-password-1');
    expect((await attempt(username, password)).status).toBe(200);
  });

  it('keeps identifiers and addresses hashed at rest', async () => {
    const username = newUsername();
    await attempt(username, 'Wrong-password-1');
    const rows = await stack.database.db.select().from(sentinelActivities).where(eq(sentinelActivities.tenantId, defaultTenantId));
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toContain(username);
    expect(JSON.stringify(rows)).not.toContain('127.0.0.1');
  });
});

describe('password policy at registration', () => {
  afterAll(() => setPolicies({ passwordPolicy: {} }));

  async function register(username: string, secret: string) {
    const flow = new ExperienceFlow(stack);
    await flow.start(rp);
    await flow.api('PUT', '', { interactionEvent: 'Register' });
    return flow.api('POST', '/verification/new-password-identity', { identifier: { type: 'username', value: username }, password: secret });
  }
  const rejected = async (username: string, secret: string) => {
    const result = await register(username, secret);
    expect(result).toMatchObject({ status: 422, body: { code: 'password.rejected' } });
    return (result.body.data as { result: Array<{ code: string }> }).result.map(({ code }) => code);
  };

  it('refuses each rule it breaks, with the rule in the answer', async () => {
    await setPolicies({ passwordPolicy: {} });
    expect(await rejected(newUsername(), 'Short-1')).toEqual(['password_rejected.too_short']);
    expect(await rejected(newUsername(), 'password1234')).toContain('password_rejected.pwned');
    expect(await rejected(newUsername(), 'iloveyou')).toContain('password_rejected.pwned');
    const username = newUsername();
    expect(await rejected(username, `My-${username}-pass`)).toEqual(['password_rejected.user_info']);
    expect(await rejected(newUsername(), 'Zzzz-abcd-Zqx9')).toEqual(['password_rejected.repetition']);
    expect(await rejected(newUsername(), 'Qx7-aaaa-Lm2!')).toEqual(['password_rejected.repetition']);

    await setPolicies({ passwordPolicy: { length: { min: 12, max: 80 }, characterTypes: { min: 3 }, rejects: { words: ['acme'] } } });
    expect(await rejected(newUsername(), 'lowercaseonlyplease')).toEqual(['password_rejected.character_types']);
    expect(await rejected(newUsername(), 'Acme-Rocket-Launch-7')).toEqual(['password_rejected.restricted_words']);
    expect(await rejected(newUsername(), `A1-${'x'.repeat(78)}`)).toContain('password_rejected.too_long');
    expect((await register(newUsername(), 'Quiet-Harbor-Lamp-8')).status).toBe(200);
  });

  it('accepts long and non-Latin passwords and counts characters, not bytes', async () => {
    await setPolicies({ passwordPolicy: {} });
    const long = `Long-${'correct horse battery staple '.repeat(4)}`; // 120+ characters, never truncated
    expect((await register(newUsername(), long)).status).toBe(200);
    // Eight Hangul syllables: 8 characters (24 bytes in UTF-8).
    expect((await register(newUsername(), '비밀번호를지켜라')).status).toBe(200);
    expect(await rejected(newUsername(), '비밀번호지켜')).toEqual(['password_rejected.too_short']);
  });

  it('signs in with the password typed in another Unicode form', async () => {
    await setPolicies({ passwordPolicy: {} });
    const username = newUsername();
    const composed = 'Caf\u00e9-au-lait-42'; // é as one code point
    const flow = new ExperienceFlow(stack);
    await flow.start(rp);
    await flow.api('PUT', '', { interactionEvent: 'Register' });
    const created = await flow.api('POST', '/verification/new-password-identity', {
      identifier: { type: 'username', value: username },
      password: composed,
    });
    expect((await flow.api('POST', '/identification', { verificationId: created.body.verificationId })).status).toBe(201);
    await flow.submitAndReturn();
    expect((await attempt(username, 'Cafe\u0301-au-lait-42')).status).toBe(200); // e + combining accent
  });
});
