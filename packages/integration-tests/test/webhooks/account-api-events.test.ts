// Account API changes queue Logto's User.Data.Updated: a signed-in user edits their own profile
// through the gateway, the webhooks worker delivers to a real receiver on loopback, and a refused
// change (bad body, or one rolled back inside its transaction) leaves nothing in the outbox.
import { createHmac } from 'node:crypto';
import { buildApp as buildWebhooks, signatureHeader } from '@idp/webhooks';
import { hookDeliveries } from '@idp/schemas';
import { startReceiver, waitFor, type Receiver } from '@idp/test-utils';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { everyFieldEditable, startAccountApiTest, type Harness } from '../account-api/harness.ts';

let t: Harness;
let receiver: Receiver;
let worker: ReturnType<typeof buildWebhooks>;

beforeAll(async () => {
  t = await startAccountApiTest();
  await t.setAccountCenter(everyFieldEditable);
  receiver = await startReceiver();
  worker = buildWebhooks({
    config: {
      ...t.stack.config,
      OUTBOUND_ALLOW_HOSTS: '127.0.0.0/8',
      WEBHOOK_TIMEOUT_MS: 2_000,
      WEBHOOK_RETRY_BASE_MS: 50,
      WEBHOOK_RETRY_MAX_DELAY_MS: 200,
      WEBHOOK_RETRY_WINDOW_MS: 5_000,
      WEBHOOK_CONCURRENCY: 16,
      WEBHOOK_PER_HOOK_CONCURRENCY: 4,
      WEBHOOK_LEASE_MS: 5_000,
      WEBHOOK_POLL_INTERVAL_MS: 200,
      WEBHOOK_RESPONSE_BODY_LIMIT: 256,
      WEBHOOK_RETENTION_MS: 86_400_000,
    },
    database: t.stack.database,
  });
});
afterAll(async () => {
  await worker?.close();
  await receiver?.close();
  await t?.stop();
});

const verify = (key: string, raw: string, signature: unknown) => createHmac('sha256', key).update(raw).digest('hex') === signature;

/** A hook on User.Data.Updated only, registered through the Management API. */
async function createHook(path: string) {
  const response = await t.call(t.adminToken, 'POST', '/api/hooks', {
    name: path,
    events: ['User.Data.Updated'],
    config: { url: receiver.url(path) },
  });
  expect(response.status).toBe(200);
  return response.body as { id: string; signingKey: string };
}

/** The hook's rows in the outbox: written in the change's transaction, so exact at once. */
const queued = async (hookId: string) =>
  t.stack.database.db.select({ id: hookDeliveries.id }).from(hookDeliveries).where(eq(hookDeliveries.hookId, hookId));

describe('User.Data.Updated from the Account API', () => {
  it('is sent for a name change, signed, with the request context; refused changes send nothing', async () => {
    const user = await t.newUser();
    const hook = await createHook('/name');

    // Refused by validation, and refused inside the transaction (a username needs proof of identity).
    expect((await t.call(user.token, 'PATCH', '/api/my-account', { name: 42 })).status).toBe(400);
    expect((await t.call(user.token, 'PATCH', '/api/my-account', { username: 'renamed_person' })).status).toBe(401);
    expect(await queued(hook.id)).toHaveLength(0);

    const changed = await t.call(user.token, 'PATCH', '/api/my-account', { name: 'Hooked Name' });
    expect(changed).toMatchObject({ status: 200, body: { name: 'Hooked Name' } });
    expect(await queued(hook.id)).toHaveLength(1);
    await waitFor(() => receiver.received('/name').length === 1);
    const [request] = receiver.received('/name');
    expect(verify(hook.signingKey, request!.rawBody, request!.headers[signatureHeader])).toBe(true);
    expect(request!.body).toMatchObject({
      hookId: hook.id,
      event: 'User.Data.Updated',
      method: 'PATCH',
      path: '/api/my-account',
      matchedRoute: '/api/my-account',
      status: 200,
      data: { id: user.id, username: user.username, name: 'Hooked Name' },
    });
    expect(Number.isNaN(Date.parse(request!.body.createdAt as string))).toBe(false);
  });

  it('is sent for a password change (204), without the password or its digest', async () => {
    const user = await t.newUser();
    const hook = await createHook('/password');
    const proof = await t.passwordRecord(user.token, user.password);
    const changed = await t.call(
      user.token,
      'POST',
      '/api/my-account/password',
      { password: 'Hooked-password-77' },
      { 'logto-verification-id': proof },
    );
    expect(changed.status).toBe(204);
    await waitFor(() => receiver.received('/password').length === 1);
    const [request] = receiver.received('/password');
    expect(verify(hook.signingKey, request!.rawBody, request!.headers[signatureHeader])).toBe(true);
    expect(request!.body).toMatchObject({
      hookId: hook.id,
      event: 'User.Data.Updated',
      method: 'POST',
      path: '/api/my-account/password',
      status: 204,
      data: { id: user.id },
    });
    expect(request!.rawBody).not.toMatch(/password(Encrypted|EncryptionMethod)|Hooked-password-77/);
  });
});
