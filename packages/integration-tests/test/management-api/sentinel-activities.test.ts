import { createHash } from 'node:crypto';
import { adminTenantId, defaultTenantId, generateId } from '@idp/db';
import { sentinelActivities } from '@idp/schemas';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  callApi,
  discoverRp,
  ExperienceFlow,
  type ManagementApiClient,
  type ManagementTest,
  startManagementTest,
  type TestStack,
} from '../../src/index.ts';

let stack: TestStack;
let api: ManagementApiClient;
let call: ManagementTest['call'];

beforeAll(async () => {
  ({ stack, api, call } = await startManagementTest());
});
afterAll(async () => stack?.stop());

// How the experience API's sentinel stores a target: sha256 (hex) of `<type>:<value>`, identifiers
// trimmed and lowercased. The end-to-end test below checks the two services agree.
const hash = (type: 'Identifier' | 'Ip', value: string) =>
  createHash('sha256')
    .update(`${type}:${type === 'Identifier' ? value.trim().toLowerCase() : value}`)
    .digest('hex');

type Lock = { tenantId?: string; targetType?: 'Identifier' | 'Ip'; identifier: string };

/** What the experience API leaves after failed sign-ins: three failures, then a lock for 15 minutes. */
async function lock({ tenantId = defaultTenantId, targetType = 'Identifier', identifier }: Lock) {
  const base = { tenantId, targetType, targetHash: hash(targetType, identifier), action: 'Password' };
  await stack.database.db
    .insert(sentinelActivities)
    .values([
      ...[1, 2, 3].map(() => ({ ...base, id: generateId(), decision: 'Failed' as const })),
      { ...base, id: generateId(), decision: 'Blocked' as const, decisionExpiresAt: new Date(Date.now() + 15 * 60_000) },
    ]);
}

async function activities({ tenantId = defaultTenantId, targetType = 'Identifier', identifier }: Lock) {
  const rows = await stack.database.db
    .select({ decision: sentinelActivities.decision })
    .from(sentinelActivities)
    .where(
      and(
        eq(sentinelActivities.tenantId, tenantId),
        eq(sentinelActivities.targetType, targetType),
        eq(sentinelActivities.targetHash, hash(targetType, identifier)),
      ),
    );
  return rows.map(({ decision }) => decision).sort();
}

const locked = ['Blocked', 'Failed', 'Failed', 'Failed'];

beforeEach(async () => {
  await stack.database.db.delete(sentinelActivities);
});

describe('POST /api/sentinel-activities/delete', () => {
  it('unlocks the listed identifiers through @logto/api: failures and locks go, emails in any case', async () => {
    await lock({ identifier: 'alice@example.com' });
    await lock({ identifier: 'bob_user' });
    await lock({ identifier: '15551234567' });
    await lock({ identifier: 'carol' });

    const response = await api.POST('/api/sentinel-activities/delete', {
      body: { targetType: 'User', targets: ['Alice@Example.COM', 'bob_user', '15551234567'] },
    });
    expect(response.response.status).toBe(204);
    expect(await activities({ identifier: 'alice@example.com' })).toEqual([]);
    expect(await activities({ identifier: 'bob_user' })).toEqual([]);
    expect(await activities({ identifier: '15551234567' })).toEqual([]);
    // Only the listed identifiers.
    expect(await activities({ identifier: 'carol' })).toEqual(locked);
  });

  it('takes a body with targets alone, and matches identifiers as sign-in does (trimmed, any case)', async () => {
    await lock({ identifier: 'bob_user' });
    await lock({ identifier: 'bob_user2' });
    expect((await call('POST', '/api/sentinel-activities/delete', { targets: ['bob_use'] })).status).toBe(204);
    expect(await activities({ identifier: 'bob_user' })).toEqual(locked);
    expect((await call('POST', '/api/sentinel-activities/delete', { targets: [' Bob_User '] })).status).toBe(204);
    expect(await activities({ identifier: 'bob_user' })).toEqual([]);
    expect(await activities({ identifier: 'bob_user2' })).toEqual(locked);
  });

  it('leaves other tenants and client-IP records alone', async () => {
    await lock({ identifier: 'dave' });
    await lock({ tenantId: adminTenantId, identifier: 'dave' });
    await lock({ targetType: 'Ip', identifier: 'dave' });
    expect((await call('POST', '/api/sentinel-activities/delete', { targetType: 'User', targets: ['dave'] })).status).toBe(204);
    expect(await activities({ identifier: 'dave' })).toEqual([]);
    expect(await activities({ tenantId: adminTenantId, identifier: 'dave' })).toEqual(locked);
    expect(await activities({ targetType: 'Ip', identifier: 'dave' })).toEqual(locked);
  });

  it('answers 204 for identifiers that are not locked, and for App targets, of which there are none', async () => {
    await lock({ identifier: 'erin' });
    expect(
      (await call('POST', '/api/sentinel-activities/delete', { targetType: 'User', targets: ['nobody', 'erin@nowhere.test'] })).status,
    ).toBe(204);
    expect((await call('POST', '/api/sentinel-activities/delete', { targetType: 'User', targets: [] })).status).toBe(204);
    expect((await call('POST', '/api/sentinel-activities/delete', { targetType: 'App', targets: ['erin'] })).status).toBe(204);
    expect(await activities({ identifier: 'erin' })).toEqual(locked);
  });

  it.each([
    ['an empty body', {}],
    ['targets that are no list', { targets: 'erin' }],
    ['a target that is no string', { targets: [42] }],
    ['an empty target', { targets: [''] }],
    ['an unknown target type', { targetType: 'Robot', targets: ['erin'] }],
    ['another tenant', { targets: ['erin'], tenantId: adminTenantId }],
    ['an unknown field', { targets: ['erin'], all: true }],
  ])('refuses %s with 400 guard.invalid_input, deleting nothing', async (_label, body) => {
    await lock({ identifier: 'erin' });
    await lock({ tenantId: adminTenantId, identifier: 'erin' });
    expect(await call('POST', '/api/sentinel-activities/delete', body)).toMatchObject({
      status: 400,
      body: { code: 'guard.invalid_input' },
    });
    expect(await activities({ identifier: 'erin' })).toEqual(locked);
    expect(await activities({ tenantId: adminTenantId, identifier: 'erin' })).toEqual(locked);
  });

  it('unlocks an account the Experience API locked after wrong passwords', async () => {
    const { data: spa } = await api.POST('/api/applications', {
      body: {
        name: 'Sentinel SPA',
        type: 'SPA',
        oidcClientMetadata: { redirectUris: ['http://127.0.0.1:9/callback'], postLogoutRedirectUris: [] } as never,
      },
    });
    const rp = await discoverRp(`${stack.userUrl}/oidc`, spa!.id);
    const username = `locked_${generateId().slice(0, 8)}`;
    const password = 'Plenty-of-entropy-42';
    expect((await api.POST('/api/users', { body: { username, password } })).response.status).toBe(200);
    const before = (await api.GET('/api/sign-in-exp')).data!.sentinelPolicy;
    await api.PATCH('/api/sign-in-exp', { body: { sentinelPolicy: { maxAttempts: 2, attemptWindow: 10, lockoutDuration: 10 } } });
    try {
      const attempt = async (secret: string) => {
        const flow = new ExperienceFlow(stack);
        await flow.start(rp);
        await flow.api('PUT', '', { interactionEvent: 'SignIn' });
        return flow.api('POST', '/verification/password', { identifier: { type: 'username', value: username }, password: secret });
      };
      for (let count = 0; count < 2; count += 1) expect((await attempt('Wrong-password-1')).status).toBe(422);
      expect(await attempt(password)).toMatchObject({ status: 400, body: { code: 'session.verification_blocked_too_many_attempts' } });

      const unlocked = await api.POST('/api/sentinel-activities/delete', {
        body: { targetType: 'User', targets: [username.toUpperCase()] },
      });
      expect(unlocked.response.status).toBe(204);
      expect((await attempt(password)).status).toBe(200);
    } finally {
      await api.PATCH('/api/sign-in-exp', { body: { sentinelPolicy: before } });
    }
  });

  it('needs a Management API token', async () => {
    await lock({ identifier: 'frank' });
    const response = await callApi(stack.userUrl, undefined, 'POST', '/api/sentinel-activities/delete', { targets: ['frank'] });
    expect(response.status).toBe(401);
    expect(await activities({ identifier: 'frank' })).toEqual(locked);
  });
});
