// Webhooks end to end: /api/hooks through the gateway, a sign-up through the Experience API, the
// webhooks worker delivering to a real receiver on loopback (allow-listed in the test stack).
import { createHmac } from 'node:crypto';
import { buildApp as buildWebhooks, eventIdHeader, signatureHeader } from '@idp/webhooks';
import { adminTenantId, generateId } from '@idp/db';
import { hooks } from '@idp/schemas';
import type * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExperienceFlow, type ManagementTest, registerSpa, startManagementTest, type TestStack } from '../../src/index.ts';
import { startReceiver, waitFor, type Receiver } from '@idp/test-utils';

let stack: TestStack;
let call: ManagementTest['call'];
let receiver: Receiver;
let worker: ReturnType<typeof buildWebhooks>;
let rp: client.Configuration;

beforeAll(async () => {
  ({ stack, call } = await startManagementTest());
  receiver = await startReceiver();
  ({ rp } = await registerSpa(stack));
  worker = buildWebhooks({
    config: {
      ...stack.config,
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
    database: stack.database,
  });
});
afterAll(async () => {
  await worker?.close();
  await receiver?.close();
  await stack?.stop();
});

type Hook = { id: string; signingKey: string; events: string[]; event: string | null; config: { url: string }; enabled: boolean };

const verify = (key: string, raw: string, signature: unknown) => createHmac('sha256', key).update(raw).digest('hex') === signature;

async function createHook(path: string, events: string[], extra: Record<string, unknown> = {}): Promise<Hook> {
  const response = await call('POST', '/api/hooks', { name: path, events, config: { url: receiver.url(path) }, ...extra });
  expect(response.status).toBe(200);
  return response.body as Hook;
}

const password = 'Plenty-of-entropy-42';

async function signUp(username: string) {
  const flow = new ExperienceFlow(stack);
  await flow.start(rp, { first_screen: 'register' });
  expect((await flow.api('PUT', '', { interactionEvent: 'Register' })).status).toBe(204);
  const identity = await flow.api('POST', '/verification/new-password-identity', {
    identifier: { type: 'username', value: username },
    password,
  });
  expect((await flow.api('POST', '/identification', { verificationId: identity.body.verificationId })).status).toBe(201);
  await flow.submitAndReturn();
}

describe('events from a sign-up', () => {
  it('delivers PostRegister and User.Created, signed with the hook key', async () => {
    const hook = await createHook('/sign-up', ['PostRegister', 'User.Created']);
    await signUp('hooked_person');
    await waitFor(() => receiver.received('/sign-up').length === 2);
    const requests = receiver.received('/sign-up');
    for (const request of requests) {
      expect(verify(hook.signingKey, request.rawBody, request.headers[signatureHeader])).toBe(true);
      expect(request.headers['user-agent']).toBe('Logto (https://logto.io/)');
      expect(request.headers[eventIdHeader]).toBeTruthy();
    }
    const byEvent = Object.fromEntries(requests.map(({ body }) => [body.event, body]));
    expect(byEvent['User.Created']).toMatchObject({ hookId: hook.id, interactionEvent: 'Register', data: { username: 'hooked_person' } });
    const userId = (byEvent['User.Created']!.data as { id: string }).id;
    expect(byEvent.PostRegister).toMatchObject({ hookId: hook.id, interactionEvent: 'Register', userId, user: { id: userId } });
    expect(JSON.stringify(byEvent)).not.toContain('password');

    const logs = await call('GET', `/api/hooks/${hook.id}/recent-logs`);
    expect(logs.status).toBe(200);
    expect((logs.body as Array<{ key: string }>).map(({ key }) => key).sort()).toEqual([
      'TriggerHook.PostRegister',
      'TriggerHook.User.Created',
    ]);
    const filtered = await call('GET', `/api/hooks/${hook.id}/recent-logs?logKey=TriggerHook.PostRegister`);
    expect(filtered.body).toHaveLength(1);
    const listed = await call('GET', '/api/hooks?includeExecutionStats=true');
    expect((listed.body as Array<Hook & { executionStats: unknown }>).find(({ id }) => id === hook.id)?.executionStats).toEqual({
      requestCount: 2,
      successCount: 2,
    });
  });

  it('retries a receiver that answers 500 twice; recent-logs shows all three attempts', async () => {
    const hook = await createHook('/flaky', ['PostRegister']);
    receiver.answer('/flaky', (_, count) => ({ status: count <= 2 ? 500 : 200, body: `answer ${count}` }));
    await signUp('flaky_person');
    await waitFor(async () => ((await call('GET', `/api/hooks/${hook.id}/recent-logs`)).body as unknown[]).length === 3);
    const logs = (await call('GET', `/api/hooks/${hook.id}/recent-logs`)).body as Array<{
      payload: { result: string; response: { status: number; body: string } };
    }>;
    expect(logs.map(({ payload }) => payload.response.status)).toEqual([200, 500, 500]);
    expect(logs.map(({ payload }) => payload.result)).toEqual(['Success', 'Error', 'Error']);
    expect(new Set(receiver.received('/flaky').map(({ headers }) => headers[eventIdHeader])).size).toBe(1);
  });
});

describe('data events from the Management API', () => {
  it('sends user, role and organization changes with their request context, and nothing for a refused change', async () => {
    const hook = await createHook('/data', [
      'User.Created',
      'User.Data.Updated',
      'User.Deleted',
      'Role.Created',
      'Organization.Created',
      'Organization.Membership.Updated',
    ]);
    const user = (await call('POST', '/api/users', { username: 'data_person' })).body as { id: string };
    expect((await call('POST', '/api/users', { username: 'data_person' })).status).toBe(422);
    expect((await call('PATCH', `/api/users/${user.id}`, { name: 'Data Person' })).status).toBe(200);
    expect((await call('POST', '/api/roles', { name: 'hooked-role', description: 'd' })).status).toBe(200);
    const organization = (await call('POST', '/api/organizations', { name: 'Hooked org' })).body as { id: string };
    expect((await call('POST', `/api/organizations/${organization.id}/users`, { userIds: [user.id] })).status).toBe(201);
    expect((await call('DELETE', `/api/users/${user.id}`)).status).toBe(204);
    await waitFor(() => receiver.received('/data').length === 6);
    const bodies = receiver.received('/data').map(({ body }) => body);
    const events = bodies.map(({ event }) => event).sort();
    expect(events).toEqual([
      'Organization.Created',
      'Organization.Membership.Updated',
      'Role.Created',
      'User.Created',
      'User.Data.Updated',
      'User.Deleted',
    ]);
    const byEvent = Object.fromEntries(bodies.map((body) => [body.event, body]));
    expect(byEvent['User.Created']).toMatchObject({
      hookId: hook.id,
      method: 'POST',
      path: '/api/users',
      data: { id: user.id, username: 'data_person' },
    });
    expect(byEvent['User.Data.Updated']).toMatchObject({
      method: 'PATCH',
      matchedRoute: '/api/users/:userId',
      params: { userId: user.id },
      data: { name: 'Data Person' },
    });
    expect(byEvent['User.Deleted']).toMatchObject({ data: { id: user.id } });
    expect(byEvent['Organization.Created']).toMatchObject({ data: { id: organization.id, name: 'Hooked org' } });
    expect(byEvent['Organization.Membership.Updated']).toMatchObject({ data: { organizationId: organization.id } });
    for (const { rawBody, headers } of receiver.received('/data'))
      expect(verify(hook.signingKey, rawBody, headers[signatureHeader])).toBe(true);
  });
});

async function signIn(username: string) {
  const flow = new ExperienceFlow(stack);
  await flow.start(rp);
  await flow.signInWithPassword(username, password);
  await flow.submitAndReturn();
}

describe('events from a sign-in', () => {
  // The Experience API keeps which events the tenant's hooks want, dropped when a hook changes: a
  // sign-in with none to tell stores only the sign-in, and the next one after a hook subscribes is
  // delivered.
  it('delivers PostSignIn once a hook subscribes, and no longer once it is disabled', async () => {
    await signUp('signing_in_person');
    await signIn('signing_in_person'); // no PostSignIn hook yet: the tenant's events are now known
    const hook = await createHook('/sign-in', ['PostSignIn']);
    const queued = async () =>
      (
        await stack.database.pool.query<{ count: number }>('select count(*)::int as count from hook_deliveries where hook_id = $1', [
          hook.id,
        ])
      ).rows[0]!.count;
    // The hook's change notification reaches the service a moment after the hook is saved.
    await waitFor(async () => {
      await signIn('signing_in_person');
      return (await queued()) > 0;
    });
    await waitFor(() => receiver.received('/sign-in').length > 0);
    expect(receiver.received('/sign-in')[0]!.body).toMatchObject({ hookId: hook.id, event: 'PostSignIn', interactionEvent: 'SignIn' });

    const before = await queued();
    expect((await call('PATCH', `/api/hooks/${hook.id}`, { enabled: false })).status).toBe(200);
    await signIn('signing_in_person');
    expect(await queued()).toBe(before);
  });
});

describe('/api/hooks', () => {
  it('creates, reads, lists, updates and deletes a hook', async () => {
    const created = await createHook('/crud', ['Role.Created'], { enabled: false });
    expect(created).toMatchObject({ name: '/crud', events: ['Role.Created'], event: null, enabled: false });
    expect(created.signingKey).toMatch(/^[0-9A-Za-z]{32}$/);
    expect((await call('GET', `/api/hooks/${created.id}`)).body).toMatchObject({ id: created.id });
    const updated = await call('PATCH', `/api/hooks/${created.id}`, { name: 'renamed', enabled: true, events: ['Role.Deleted'] });
    expect(updated).toMatchObject({ status: 200, body: { name: 'renamed', enabled: true, events: ['Role.Deleted'] } });
    const page = await call('GET', '/api/hooks?page=1&page_size=1');
    expect(page.body).toHaveLength(1);
    expect(Number(page.headers.get('total-number'))).toBeGreaterThanOrEqual(3);
    expect((await call('DELETE', `/api/hooks/${created.id}`)).status).toBe(204);
    expect(await call('GET', `/api/hooks/${created.id}`)).toMatchObject({ status: 404, body: { code: 'entity.not_exists_with_id' } });
  });

  it("accepts Logto's deprecated single event", async () => {
    const response = await call('POST', '/api/hooks', { name: 'legacy', event: 'PostSignIn', config: { url: receiver.url('/legacy') } });
    expect(response).toMatchObject({ status: 200, body: { event: 'PostSignIn', events: ['PostSignIn'] } });
  });

  it('regenerates the signing key, and deliveries are signed with the new one', async () => {
    const hook = await createHook('/rekeyed', ['PostSignIn']);
    const rotated = await call('PATCH', `/api/hooks/${hook.id}/signing-key`);
    expect(rotated.status).toBe(200);
    const { signingKey } = rotated.body as Hook;
    expect(signingKey).not.toBe(hook.signingKey);
    expect((await call('GET', `/api/hooks/${hook.id}`)).body).toMatchObject({ signingKey });
    expect(
      (await call('POST', `/api/hooks/${hook.id}/test`, { events: ['PostSignIn'], config: { url: receiver.url('/rekeyed') } })).status,
    ).toBe(204);
    const [request] = receiver.received('/rekeyed');
    expect(verify(signingKey, request!.rawBody, request!.headers[signatureHeader])).toBe(true);
    expect(request!.body).toMatchObject({ hookId: hook.id, event: 'PostSignIn', interactionEvent: 'SignIn' });
  });

  it('reports what a test send met', async () => {
    const hook = await createHook('/test-target', ['User.Created']);
    receiver.answer('/test-fails', () => ({ status: 500, body: 'nope' }));
    expect(
      await call('POST', `/api/hooks/${hook.id}/test`, { events: ['User.Created'], config: { url: receiver.url('/test-fails') } }),
    ).toMatchObject({
      status: 422,
      body: { code: 'hook.endpoint_responded_with_error', data: { responseStatus: 500, responseBody: 'nope' } },
    });
    expect(
      await call('POST', `/api/hooks/${hook.id}/test`, { events: ['User.Created'], config: { url: 'http://127.0.0.1:9/' } }),
    ).toMatchObject({
      status: 422,
      body: { code: 'hook.send_test_payload_failed' },
    });
    expect(
      await call('POST', '/api/hooks/unknown-hook/test', { events: ['User.Created'], config: { url: receiver.url('/x') } }),
    ).toMatchObject({
      status: 404,
      body: { code: 'entity.not_exists_with_id' },
    });
  });

  it('refuses a hook URL on a private, link-local or metadata address that the allow-list does not name', async () => {
    for (const url of ['http://10.1.2.3/hook', 'http://169.254.169.254/latest', 'http://192.168.0.10/', 'http://[fd00::1]/']) {
      const created = await call('POST', '/api/hooks', { name: 'private', events: ['User.Created'], config: { url } });
      expect(created, url).toMatchObject({ status: 400, body: { code: 'guard.invalid_input' } });
    }
    const hook = await createHook('/ok', ['User.Created']);
    expect(await call('PATCH', `/api/hooks/${hook.id}`, { config: { url: 'http://10.0.0.1/' } })).toMatchObject({ status: 400 });
    expect(
      await call('POST', `/api/hooks/${hook.id}/test`, { events: ['User.Created'], config: { url: 'http://10.0.0.1/' } }),
    ).toMatchObject({
      status: 400,
    });
    expect(
      await call('POST', '/api/hooks', { name: 'ftp', events: ['User.Created'], config: { url: 'ftp://example.com/' } }),
    ).toMatchObject({
      status: 400,
      body: { code: 'guard.invalid_input' },
    });
  });

  it('validates every route', async () => {
    const url = receiver.url('/v');
    const bad: Array<[string, string, unknown, number, string]> = [
      ['POST', '/api/hooks', { name: 'x', config: { url } }, 400, 'hook.missing_events'],
      ['POST', '/api/hooks', { name: 'x', events: [], config: { url } }, 400, 'hook.missing_events'],
      ['POST', '/api/hooks', { name: 'x', events: ['Nope'], config: { url } }, 400, 'guard.invalid_input'],
      ['POST', '/api/hooks', { events: ['PostSignIn'], config: { url } }, 400, 'guard.invalid_input'],
      ['POST', '/api/hooks', { name: 'x', events: ['PostSignIn'], config: { url }, extra: 1 }, 400, 'guard.invalid_input'],
      ['POST', '/api/hooks', { name: 'x', events: ['PostSignIn'], config: { url: 'not a url' } }, 400, 'guard.invalid_input'],
      [
        'POST',
        '/api/hooks',
        { name: 'x', events: ['PostSignIn'], config: { url, headers: { 'bad header': 'x' } } },
        400,
        'guard.invalid_input',
      ],
      ['POST', '/api/hooks', { name: 'x', events: ['PostSignIn'], config: { url, headers: { ok: 'a\r\nb' } } }, 400, 'guard.invalid_input'],
      ['POST', '/api/hooks', '{not json', 400, ''],
      ['GET', '/api/hooks?page=0', undefined, 400, 'guard.invalid_pagination'],
      ['GET', '/api/hooks?includeExecutionStats=maybe', undefined, 400, 'guard.invalid_input'],
      ['GET', `/api/hooks/${'x'.repeat(30)}`, undefined, 400, 'guard.invalid_input'],
      ['GET', '/api/hooks/missing', undefined, 404, 'entity.not_exists_with_id'],
      ['PATCH', '/api/hooks/missing', { name: 'y' }, 404, 'entity.not_exists_with_id'],
      ['PATCH', '/api/hooks/missing', { name: '' }, 400, 'guard.invalid_input'],
      ['DELETE', '/api/hooks/missing', undefined, 404, 'entity.not_exists_with_id'],
      ['PATCH', '/api/hooks/missing/signing-key', undefined, 404, 'entity.not_exists_with_id'],
      ['POST', '/api/hooks/missing/test', { events: [], config: { url } }, 400, 'guard.invalid_input'],
      ['GET', '/api/hooks/missing/recent-logs', undefined, 404, 'entity.not_exists_with_id'],
    ];
    for (const [method, path, body, status, code] of bad) {
      const response = await call(method, path, body);
      expect(response.status, `${method} ${path}`).toBe(status);
      if (code) expect((response.body as { code: string }).code, `${method} ${path}`).toBe(code);
    }
    const hook = await createHook('/v', ['PostSignIn']);
    expect(await call('PATCH', `/api/hooks/${hook.id}`, { events: [] })).toMatchObject({
      status: 400,
      body: { code: 'hook.missing_events' },
    });
    expect(await call('GET', `/api/hooks/${hook.id}/recent-logs?page_size=101`)).toMatchObject({ status: 400 });
  });

  it("keeps each tenant's hooks to itself", async () => {
    const id = generateId();
    await stack.database.db.insert(hooks).values({
      tenantId: adminTenantId,
      id,
      name: 'admin hook',
      events: ['User.Created'],
      config: { url: receiver.url('/admin-tenant') },
      signingKey: 'k',
    });
    expect(await call('GET', `/api/hooks/${id}`)).toMatchObject({ status: 404 });
    expect(await call('PATCH', `/api/hooks/${id}/signing-key`)).toMatchObject({ status: 404 });
    expect(((await call('GET', '/api/hooks')).body as Hook[]).some((hook) => hook.id === id)).toBe(false);
    expect((await call('POST', '/api/users', { username: 'tenant_check' })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(receiver.received('/admin-tenant')).toHaveLength(0);
  });

  it('needs a Management API token', async () => {
    const response = await fetch(`${stack.userUrl}/api/hooks`);
    expect(response.status).toBe(401);
  });
});
