// POST /api/sentinel-activities/delete with client addresses among the targets: what the sentinel
// recorded from an address goes (its failures, and the locks of identifiers there), while the same
// identifiers' records from other addresses stay, and an identifier target clears every address.
import { defaultTenantId, generateId, sentinelTargetHash, type SentinelTarget } from '@idp/db';
import { sentinelActivities } from '@idp/schemas';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startManagementTest, type ManagementTest } from './test-stack.ts';

let test: ManagementTest;
beforeAll(async () => {
  test = await startManagementTest();
});
afterAll(async () => test?.stack.stop());
beforeEach(async () => {
  await test.stack.database.db.delete(sentinelActivities);
});

const hash = (type: SentinelTarget['type'], value: string) => sentinelTargetHash({ type, value });

/** A lock of `identifier` for failures from `address`, as the experience API records it. */
async function lockAt(identifier: string, address: string) {
  const row = { tenantId: defaultTenantId, action: 'Password', createdAt: new Date() };
  await test.stack.database.db.insert(sentinelActivities).values([
    {
      ...row,
      id: generateId(),
      targetType: 'Identifier',
      targetHash: hash('Identifier', identifier),
      addressHash: hash('Ip', address),
      decision: 'Failed',
    },
    { ...row, id: generateId(), targetType: 'Ip', targetHash: hash('Ip', address), decision: 'Failed' },
    {
      ...row,
      id: generateId(),
      targetType: 'Identifier',
      targetHash: hash('Identifier', identifier),
      addressHash: hash('Ip', address),
      decision: 'Blocked',
      decisionExpiresAt: new Date(Date.now() + 60_000),
    },
  ]);
}

const remaining = async () =>
  (await test.stack.database.db.select().from(sentinelActivities))
    .map(
      (row) =>
        `${row.targetType}:${row.targetHash === hash('Ip', '203.0.113.7') ? 'A' : row.targetHash === hash('Ip', '2001:db8::1') ? 'B' : row.targetHash === hash('Identifier', 'alice') ? 'alice' : 'other'}:${row.decision}`,
    )
    .sort();

describe('POST /api/sentinel-activities/delete with addresses', () => {
  it('clears what was recorded from an IPv4 or IPv6 address, and nothing from other addresses', async () => {
    await lockAt('alice', '203.0.113.7');
    await lockAt('alice', '2001:db8::1');
    expect((await test.call('POST', '/api/sentinel-activities/delete', { targets: [' 203.0.113.7 '] })).status).toBe(204);
    expect(await remaining()).toEqual(['Identifier:alice:Blocked', 'Identifier:alice:Failed', 'Ip:B:Failed']);
    expect((await test.call('POST', '/api/sentinel-activities/delete', { targetType: 'User', targets: ['2001:db8::1'] })).status).toBe(204);
    expect(await remaining()).toEqual([]);
  });

  it("clears an identifier at every address, leaving the addresses' own counts", async () => {
    await lockAt('alice', '203.0.113.7');
    await lockAt('alice', '2001:db8::1');
    expect((await test.call('POST', '/api/sentinel-activities/delete', { targets: ['Alice'] })).status).toBe(204);
    expect(await remaining()).toEqual(['Ip:A:Failed', 'Ip:B:Failed']);
  });
});
