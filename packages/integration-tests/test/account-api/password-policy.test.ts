// POST /api/my-account/password applies the sign-in experience's whole password policy, as the
// Experience API does at registration (same 422 `password.rejected` with `data.result`), and
// records when the password was set. Codes sent with no connector configured answer 501.
import { defaultTenantId } from '@idp/db';
import { connectors, users } from '@idp/schemas';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { everyFieldEditable, startAccountApiTest, type Harness } from './harness.ts';

let t: Harness;
type User = Awaited<ReturnType<Harness['newUser']>>;
let carol: User;

beforeAll(async () => {
  t = await startAccountApiTest();
  await t.setAccountCenter(everyFieldEditable);
  carol = await t.newUser({ primaryEmail: 'carol.winters@example.com' });
});
afterAll(async () => t?.stop());

const withRecord = (id: string) => ({ 'logto-verification-id': id });
const rejected = (...codes: string[]) => ({
  status: 422,
  body: { code: 'password.rejected', data: { result: codes.map((code) => ({ code })) } },
});
const passwordUpdatedAt = async (id: string) =>
  (await t.stack.database.db.select({ at: users.passwordUpdatedAt }).from(users).where(eq(users.id, id)))[0]?.at;

describe('a new password in the Account API', () => {
  it('is refused when breached, repetitive or made of the user’s own details, and nothing changes', async () => {
    const proof = withRecord(await t.passwordRecord(carol.token, carol.password));
    const change = (password: string) => t.call(carol.token, 'POST', '/api/my-account/password', { password }, proof);
    expect(await change('password123')).toMatchObject(rejected('password_rejected.pwned'));
    expect(await change('Quiet-river-7777')).toMatchObject(rejected('password_rejected.repetition'));
    expect(await change('Carol.Winters-river')).toMatchObject(rejected('password_rejected.user_info'));
    expect(await change('kV9#tq')).toMatchObject({
      status: 422,
      body: { data: { result: [{ code: 'password_rejected.too_short', data: { min: 8 } }] } },
    });
    expect(await passwordUpdatedAt(carol.id)).toBeNull();
    // The refused attempts did not spend the proof: it still changes the password.
    const before = Date.now();
    expect(await change('Quiet-river-of-Sunday')).toMatchObject({ status: 204 });
    expect((await passwordUpdatedAt(carol.id))?.getTime()).toBeGreaterThanOrEqual(before);
  });

  it('answers 501 connector.not_found for a code when the tenant has no connector of the kind', async () => {
    await t.stack.database.db
      .delete(connectors)
      .where(and(eq(connectors.tenantId, defaultTenantId), eq(connectors.connectorId, 'mock-email-service')));
    expect(
      await t.call(carol.token, 'POST', '/api/verifications/verification-code', {
        identifier: { type: 'email', value: 'carol.winters@example.com' },
      }),
    ).toMatchObject({ status: 501, body: { code: 'connector.not_found' } });
  });
});
