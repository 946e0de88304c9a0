// Every password the Management API writes records when it was set (`users.password_updated_at`),
// the age the sign-in experience's password expiration policy counts from.
import { users } from '@idp/schemas';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startManagementTest, type ManagementTest } from './test-stack.ts';

let test: ManagementTest;

beforeAll(async () => {
  test = await startManagementTest();
});
afterAll(async () => test?.stack.stop());

const passwordUpdatedAt = async (id: string) =>
  (await test.stack.database.db.select({ at: users.passwordUpdatedAt }).from(users).where(eq(users.id, id)))[0]?.at;

async function createUser(body: Record<string, unknown>): Promise<string> {
  const response = await test.call('POST', '/api/users', body);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return (response.body as { id: string }).id;
}

describe('users.password_updated_at', () => {
  it('is set when a user is created with a password or an imported digest, and not without one', async () => {
    const before = Date.now();
    const withPassword = await createUser({ username: 'dated_password', password: 'Some-long-secret-9' });
    const withDigest = await createUser({
      username: 'dated_digest',
      passwordDigest: '5f4dcc3b5aa765d61d8327deb882cf99',
      passwordAlgorithm: 'MD5',
    });
    const without = await createUser({ username: 'dated_nothing' });
    expect((await passwordUpdatedAt(withPassword))?.getTime()).toBeGreaterThanOrEqual(before);
    expect((await passwordUpdatedAt(withDigest))?.getTime()).toBeGreaterThanOrEqual(before);
    expect(await passwordUpdatedAt(without)).toBeNull();
  });

  it('is set by PATCH /api/users/:userId/password', async () => {
    const id = await createUser({ username: 'dated_later' });
    const before = Date.now();
    const response = await test.call('PATCH', `/api/users/${id}/password`, { password: 'Another-long-secret-8' });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).not.toHaveProperty('passwordUpdatedAt');
    expect((await passwordUpdatedAt(id))?.getTime()).toBeGreaterThanOrEqual(before);
  });
});
