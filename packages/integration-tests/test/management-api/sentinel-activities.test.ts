import { createHash } from 'node:crypto';
import { adminTenantId, defaultTenantId, generateId } from '@idp/db';
import { sentinelActivities } from '@idp/schemas';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { callApi, createManagementClient, managementToken, startTestStack, type TestStack } from '../../src/index.ts';

let stack: TestStack;
let api: Awaited<ReturnType<typeof createManagementClient>>['apiClient'];
let token: string;
const call = (method: string, path: string, body?: unknown) => callApi(stack.userUrl, token, method, path, body);

beforeAll(async () => {
  stack = await startTestStack();
  const management = await createManagementClient(stack);
  api = management.apiClient;
  token = await managementToken(stack.userUrl, management.app);
});
afterAll(async () => stack?.stop());

// The sentinel's storage contract: sha256 (hex) of the identifier, emails lowercased.
const hash = (normalised: string) => createHash('sha256').update(normalised).digest('hex');

type Lock = { tenantId?: string; targetType?: 'Identifier' | 'Ip'; identifier: string };

/** What the experience API leaves after failed sign-ins: three failures, then a lock for 15 minutes. */
async function lock({ tenantId = defaultTenantId, targetType = 'Identifier', identifier }: Lock) {
  const base = { tenantId, targetType, targetHash: hash(identifier), action: 'Password' };
  await stack.database.db.insert(sentinelActivities).values([
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
        eq(sentinelActivities.targetHash, hash(identifier)),
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

  it('takes a body with targets alone, and matches usernames exactly', async () => {
    await lock({ identifier: 'bob_user' });
    expect((await call('POST', '/api/sentinel-activities/delete', { targets: ['Bob_User'] })).status).toBe(204);
    expect(await activities({ identifier: 'bob_user' })).toEqual(locked);
    expect((await call('POST', '/api/sentinel-activities/delete', { targets: ['bob_user'] })).status).toBe(204);
    expect(await activities({ identifier: 'bob_user' })).toEqual([]);
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
    expect((await call('POST', '/api/sentinel-activities/delete', { targetType: 'User', targets: ['nobody', 'erin@nowhere.test'] })).status).toBe(204);
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
    expect(await call('POST', '/api/sentinel-activities/delete', body)).toMatchObject({ status: 400, body: { code: 'guard.invalid_input' } });
    expect(await activities({ identifier: 'erin' })).toEqual(locked);
    expect(await activities({ tenantId: adminTenantId, identifier: 'erin' })).toEqual(locked);
  });

  it('needs a Management API token', async () => {
    await lock({ identifier: 'frank' });
    const response = await callApi(stack.userUrl, undefined, 'POST', '/api/sentinel-activities/delete', { targets: ['frank'] });
    expect(response.status).toBe(401);
    expect(await activities({ identifier: 'frank' })).toEqual(locked);
  });
});
