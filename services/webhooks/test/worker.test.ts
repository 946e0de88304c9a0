// The delivery worker against a real PostgreSQL and a real receiver on loopback (allow-listed).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { defaultTenantId, generateId } from '@idp/db';
import { appendHookEvent, eventIdHeader, signatureHeader, signHookBody } from '@idp/hook-events';
import { hookDeliveries, hooks, logs, type HookEvent } from '@idp/schemas';
import { createTestDatabase, type TestDatabase } from '@idp/test-utils';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, loadWebhooksConfig } from '../src/app.ts';
import { claimDue, deleteFinishedDeliveries } from '../src/deliveries.ts';
import { startReceiver, waitFor, type Receiver } from '@idp/test-utils';

let database: TestDatabase;
let receiver: Receiver;
const started: Array<ReturnType<typeof buildApp>> = [];

beforeAll(async () => {
  database = await createTestDatabase({ seed: true });
  receiver = await startReceiver();
});
afterAll(async () => {
  for (const app of started) await app.close();
  await receiver?.close();
  await database?.drop();
});

const testSettings = {
  INTERNAL_SECRET: 'a-test-secret-of-some-length',
  LOG_LEVEL: 'silent',
  OUTBOUND_ALLOW_HOSTS: '127.0.0.0/8',
  WEBHOOK_TIMEOUT_MS: '800',
  WEBHOOK_RETRY_BASE_MS: '50',
  WEBHOOK_RETRY_MAX_DELAY_MS: '200',
  WEBHOOK_RETRY_WINDOW_MS: '3000',
  WEBHOOK_LEASE_MS: '1500',
  WEBHOOK_POLL_INTERVAL_MS: '100',
  WEBHOOK_RESPONSE_BODY_LIMIT: '64',
};

function startWorker(settings: Record<string, string> = {}) {
  const config = loadWebhooksConfig({ ...testSettings, DATABASE_URL: database.url, ...settings });
  const app = buildApp({ config, database });
  started.push(app);
  return app;
}

async function createHook(path: string, events: HookEvent[] = ['User.Created']) {
  const id = generateId();
  await database.db.insert(hooks).values({
    tenantId: defaultTenantId,
    id,
    name: path,
    events,
    config: { url: receiver.url(path), headers: { 'x-custom': 'yes' } },
    signingKey: `key-${id}`,
  });
  return { id, signingKey: `key-${id}` };
}

const emit = (event: HookEvent = 'User.Created', data: Record<string, unknown> = { id: 'u1' }) =>
  database.db.transaction((tx) => appendHookEvent(tx, defaultTenantId, event, { data }));

const hookLogs = (hookId: string) =>
  database.db
    .select()
    .from(logs)
    .where(and(eq(logs.tenantId, defaultTenantId), sql`${logs.payload}->>'hookId' = ${hookId}`))
    .orderBy(logs.createdAt);

describe('the webhooks worker', () => {
  beforeAll(() => {
    startWorker();
  });

  it('POSTs a committed event with Logto headers, a valid signature and an event id', async () => {
    const hook = await createHook('/signed');
    expect(await emit('User.Created', { id: 'u1', username: 'ann' })).toBe(1);
    await waitFor(() => receiver.received('/signed').length === 1);
    const [request] = receiver.received('/signed');
    expect(request!.headers['user-agent']).toBe('Logto (https://logto.io/)');
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['x-custom']).toBe('yes');
    expect(request!.headers[signatureHeader]).toBe(signHookBody(hook.signingKey, request!.rawBody));
    expect(request!.body).toMatchObject({ hookId: hook.id, event: 'User.Created', data: { id: 'u1', username: 'ann' } });
    expect(typeof request!.body.createdAt).toBe('string');
    expect(request!.headers[eventIdHeader]).toMatch(/^.{21}$/);
    await waitFor(async () => (await hookLogs(hook.id)).length === 1);
    const [entry] = await hookLogs(hook.id);
    expect(entry).toMatchObject({ key: 'TriggerHook.User.Created', payload: { result: 'Success', response: { status: 200 } } });
  });

  it('retries 500, 500, then succeeds: three attempts of one event id, each logged', async () => {
    const hook = await createHook('/flaky');
    receiver.answer('/flaky', (_, count) => ({ status: count <= 2 ? 500 : 200, body: count <= 2 ? 'boom' : 'fine' }));
    await emit();
    await waitFor(async () => (await hookLogs(hook.id)).length === 3);
    const requests = receiver.received('/flaky');
    expect(requests).toHaveLength(3);
    expect(new Set(requests.map(({ headers }) => headers[eventIdHeader])).size).toBe(1);
    // Backoff: the attempts are spaced, not sent back to back.
    expect(requests[2]!.at - requests[0]!.at).toBeGreaterThanOrEqual(60);
    const entries = await hookLogs(hook.id);
    expect(entries.map(({ payload }) => [payload.result, (payload.response as { status: number }).status])).toEqual([
      ['Error', 500],
      ['Error', 500],
      ['Success', 200],
    ]);
    const [row] = await database.db.select().from(hookDeliveries).where(eq(hookDeliveries.hookId, hook.id));
    expect(row).toMatchObject({ status: 'Succeeded', attempts: 3 });
  });

  it('fails at once on a 4xx, and after the retry window on repeated 5xx; keeps only a body excerpt', async () => {
    const gone = await createHook('/gone');
    receiver.answer('/gone', () => ({ status: 410, body: 'x'.repeat(10_000) }));
    const down = await createHook('/down');
    receiver.answer('/down', () => ({ status: 503 }));
    await emit();
    await waitFor(async () => {
      const rows = await database.db.select().from(hookDeliveries).where(sql`${hookDeliveries.hookId} in (${gone.id}, ${down.id})`);
      return rows.length === 2 && rows.every(({ status }) => status === 'Failed');
    }, 8_000);
    expect(receiver.received('/gone')).toHaveLength(1);
    expect(receiver.received('/down').length).toBeGreaterThan(2);
    const [goneLog] = await hookLogs(gone.id);
    expect((goneLog!.payload.response as { body: string }).body).toHaveLength(64);
  });

  it('sends nothing for a change that was rolled back', async () => {
    const hook = await createHook('/rolled-back');
    await expect(
      database.db.transaction(async (tx) => {
        await appendHookEvent(tx, defaultTenantId, 'User.Created', { data: { id: 'never' } });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(receiver.received('/rolled-back')).toHaveLength(0);
    expect(await database.db.select().from(hookDeliveries).where(eq(hookDeliveries.hookId, hook.id))).toHaveLength(0);
  });

  it('skips disabled hooks and hooks of other events', async () => {
    const disabled = await createHook('/disabled');
    await database.db.update(hooks).set({ enabled: false }).where(eq(hooks.id, disabled.id));
    await createHook('/roles-only', ['Role.Created']);
    await emit('User.Created');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.received('/disabled')).toHaveLength(0);
    expect(receiver.received('/roles-only')).toHaveLength(0);
  });

  it('keeps delivering to other hooks while one receiver hangs', async () => {
    await createHook('/hangs');
    receiver.answer('/hangs', () => ({ status: 200, delayMs: 5_000 }));
    for (let index = 0; index < 20; index += 1) await emit();
    const fast = await createHook('/fast');
    const before = Date.now();
    await emit();
    await waitFor(() => receiver.received('/fast').length === 1, 2_000);
    expect(Date.now() - before).toBeLessThan(2_000);
    expect((await hookLogs(fast.id)).length).toBeLessThanOrEqual(1);
    await database.db.delete(hooks).where(eq(hooks.name, '/hangs'));
  });
});

describe('crashes and replicas', () => {
  it('delivers an event claimed by a worker that died, once, after its lease', async () => {
    const hook = await createHook('/after-crash');
    // No worker runs here: the claim below is the first half of a worker's work, and the "crash"
    // is that nothing follows it.
    const quiet = await createTestDatabase({ seed: true });
    try {
      const id = generateId();
      await quiet.db.insert(hooks).values({
        tenantId: defaultTenantId,
        id,
        name: 'crash',
        events: ['User.Created'],
        config: { url: receiver.url('/crash') },
        signingKey: 'k',
      });
      await quiet.db.transaction((tx) => appendHookEvent(tx, defaultTenantId, 'User.Created', { data: { id: 'u2' } }));
      const claimed = await claimDue(quiet.db, 10, 1_500, []);
      expect(claimed).toHaveLength(1);
      const claimedAt = Date.now();
      const config = loadWebhooksConfig({ ...testSettings, DATABASE_URL: quiet.url });
      const restarted = buildApp({ config, database: quiet });
      try {
        await waitFor(() => receiver.received('/crash').length >= 1, 5_000);
        expect(Date.now() - claimedAt).toBeGreaterThanOrEqual(1_000);
        await new Promise((resolve) => setTimeout(resolve, 500));
        const ids = receiver.received('/crash').map(({ headers }) => headers[eventIdHeader]);
        expect(ids).toEqual([claimed[0]!.id]);
      } finally {
        await restarted.close();
      }
    } finally {
      await quiet.drop();
    }
    expect(hook.id).toBeTruthy();
  });

  it('a worker process killed mid-delivery: the event is sent again after its lease, and a de-duplicating receiver acts once', async () => {
    const isolated = await createTestDatabase({ seed: true });
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      env: { ...process.env, ...testSettings, WEBHOOK_TIMEOUT_MS: '10000', DATABASE_URL: isolated.url, PORT: '0' },
      stdio: 'ignore',
    });
    try {
      await isolated.db.insert(hooks).values({
        tenantId: defaultTenantId,
        id: generateId(),
        name: 'killed',
        events: ['User.Created'],
        config: { url: receiver.url('/killed') },
        signingKey: 'k',
      });
      // The first request is held unanswered: the worker has claimed and sent, not recorded.
      const processed = new Set<unknown>();
      receiver.answer('/killed', (request, count) => {
        if (count === 1) return { status: 200, delayMs: 60_000 };
        processed.add(request.headers[eventIdHeader]);
        return { status: 200 };
      });
      await isolated.db.transaction((tx) => appendHookEvent(tx, defaultTenantId, 'User.Created', { data: { id: 'u3' } }));
      await waitFor(() => receiver.received('/killed').length === 1, 45_000);
      child.kill('SIGKILL');
      const restarted = buildApp({ config: loadWebhooksConfig({ ...testSettings, DATABASE_URL: isolated.url }), database: isolated });
      try {
        await waitFor(() => processed.size === 1, 10_000);
        const [delivery] = await isolated.db.select().from(hookDeliveries);
        await waitFor(async () => (await isolated.db.select().from(hookDeliveries))[0]?.status === 'Succeeded');
        const ids = receiver.received('/killed').map(({ headers }) => headers[eventIdHeader]);
        expect(ids).toEqual([delivery!.id, delivery!.id]);
        expect([...processed]).toEqual([delivery!.id]);
      } finally {
        await restarted.close();
      }
    } finally {
      child.kill('SIGKILL');
      await isolated.drop();
    }
  }, 90_000);

  it('two workers never send the same attempt twice', async () => {
    const hook = await createHook('/shared', ['Organization.Created']);
    const second = startWorker({ WEBHOOK_CONCURRENCY: '8' });
    expect(second.worker).toBeDefined();
    const total = 200;
    await database.db.transaction(async (tx) => {
      for (let index = 0; index < total; index += 1)
        await appendHookEvent(tx, defaultTenantId, 'Organization.Created', { data: { index } });
    });
    await waitFor(() => receiver.received('/shared').length >= total, 15_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const ids = receiver.received('/shared').map(({ headers }) => headers[eventIdHeader]);
    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(total);
    expect(await hookLogs(hook.id)).toHaveLength(total);
  });
});

describe('retention', () => {
  it('forgets finished deliveries past the retention, never pending ones', async () => {
    const hook = await createHook('/retention', ['OrganizationScope.Deleted']);
    const old = new Date(Date.now() - 7_200_000);
    const row = { tenantId: defaultTenantId, hookId: hook.id, event: 'OrganizationScope.Deleted' as const, payload: {} };
    await database.db.insert(hookDeliveries).values([
      { ...row, id: generateId(), status: 'Succeeded', finishedAt: old },
      { ...row, id: generateId(), status: 'Failed', finishedAt: new Date() },
      { ...row, id: generateId(), status: 'Pending', nextAttemptAt: new Date(Date.now() + 3_600_000) },
    ]);
    expect(await deleteFinishedDeliveries(database.db, 3_600_000)).toBe(1);
    const left = await database.db.select().from(hookDeliveries).where(eq(hookDeliveries.hookId, hook.id));
    expect(left.map(({ status }) => status).sort()).toEqual(['Failed', 'Pending']);
  });
});

describe('outbound safety', () => {
  it('refuses a loopback receiver unless the allow-list names it', async () => {
    const isolated = await createTestDatabase({ seed: true });
    try {
      const id = generateId();
      await isolated.db.insert(hooks).values({
        tenantId: defaultTenantId,
        id,
        name: 'private',
        events: ['User.Created'],
        config: { url: receiver.url('/private') },
        signingKey: 'k',
      });
      await isolated.db.transaction((tx) => appendHookEvent(tx, defaultTenantId, 'User.Created', { data: {} }));
      const config = loadWebhooksConfig({ ...testSettings, OUTBOUND_ALLOW_HOSTS: '', DATABASE_URL: isolated.url });
      const app = buildApp({ config, database: isolated });
      try {
        await waitFor(async () => (await isolated.db.select().from(logs).where(eq(logs.key, 'TriggerHook.User.Created'))).length > 0);
        const [entry] = await isolated.db.select().from(logs).where(eq(logs.key, 'TriggerHook.User.Created'));
        expect(entry!.payload).toMatchObject({ result: 'Error', error: expect.stringContaining('loopback') });
        expect(receiver.received('/private')).toHaveLength(0);
      } finally {
        await app.close();
      }
    } finally {
      await isolated.drop();
    }
  });
});
