// One-time use is decided by the database, not by oidc-provider's "is it consumed?" check that
// precedes consume(): parallel redemptions of one code or refresh token must leave exactly one
// winner, and a replay must take the whole grant down with it.
import { randomUUID } from 'node:crypto';
import { defaultTenantId } from '@idp/db';
import { createTestDatabase, type TestDatabase } from '@idp/test-utils';
import { errors } from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createAdapterFactory, type ConsumedTwiceEvent } from '../src/adapter/postgres-adapter.ts';

let database: TestDatabase;
const replays: ConsumedTwiceEvent[] = [];
beforeAll(async () => {
  database = await createTestDatabase({ seed: true });
});
afterAll(async () => database?.drop());

const adapter = (model: string) =>
  createAdapterFactory({
    db: database.db,
    tenantId: defaultTenantId,
    onConsumedTwice: (event) => replays.push(event),
  })(model);

/** A grant with a code, an access token and a refresh token, as after an authorization code flow. */
async function issueGrant() {
  const grantId = randomUUID();
  const ids = { Grant: grantId, AuthorizationCode: randomUUID(), AccessToken: randomUUID(), RefreshToken: randomUUID() };
  await adapter('Grant').upsert(grantId, { accountId: 'alice', clientId: 'app' }, 3600);
  for (const model of ['AuthorizationCode', 'AccessToken', 'RefreshToken'] as const) {
    await adapter(model).upsert(ids[model], { grantId, clientId: 'app' }, 600);
  }
  return ids;
}

async function expectGrantRevoked(ids: Record<string, string>) {
  for (const [model, id] of Object.entries(ids)) {
    expect(await adapter(model).find(id), model).toBeUndefined();
  }
}

const isAlreadyConsumed = (model: string) => (error: unknown) =>
  error instanceof errors.InvalidGrant && error.error_detail === `${model} already consumed`;

describe('consume', () => {
  it('marks the row consumed, as oidc-provider reads it back', async () => {
    const ids = await issueGrant();
    const codes = adapter('AuthorizationCode');
    expect((await codes.find(ids.AuthorizationCode))?.consumed).toBeUndefined();
    await codes.consume(ids.AuthorizationCode);
    const consumed = (await codes.find(ids.AuthorizationCode))?.consumed;
    expect(consumed).toBeTypeOf('number');
    expect(Math.abs(consumed - Date.now() / 1000)).toBeLessThan(60);
    // Saving it again never makes it usable again.
    await codes.upsert(ids.AuthorizationCode, { grantId: ids.Grant }, 600);
    expect((await codes.find(ids.AuthorizationCode))?.consumed).toBeTypeOf('number');
  });

  it('refuses a second consume with InvalidGrant and revokes the grant, tokens and all', async () => {
    const ids = await issueGrant();
    const other = await issueGrant();
    await adapter('AuthorizationCode').consume(ids.AuthorizationCode);

    const error = await adapter('AuthorizationCode')
      .consume(ids.AuthorizationCode)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(errors.InvalidGrant);
    expect(error).toMatchObject({ error: 'invalid_grant', error_detail: 'AuthorizationCode already consumed' });

    await expectGrantRevoked(ids);
    expect(await adapter('AccessToken').find(other.AccessToken)).toBeDefined();
    expect(await adapter('Grant').find(other.Grant)).toBeDefined();
    expect(replays).toContainEqual({
      tenantId: defaultTenantId,
      model: 'AuthorizationCode',
      id: ids.AuthorizationCode,
      grantId: ids.Grant,
    });
  });

  it('lets exactly one of ten parallel redemptions of one authorization code win', async () => {
    const ids = await issueGrant();
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => adapter('AuthorizationCode').consume(ids.AuthorizationCode)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const losers = results.filter((r) => r.status === 'rejected');
    expect(losers).toHaveLength(9);
    for (const loser of losers) {
      expect(isAlreadyConsumed('AuthorizationCode')(loser.reason)).toBe(true);
    }
    await expectGrantRevoked(ids);
  });

  it('lets one of two parallel refreshes with one refresh token win', async () => {
    const ids = await issueGrant();
    const results = await Promise.allSettled([
      adapter('RefreshToken').consume(ids.RefreshToken),
      adapter('RefreshToken').consume(ids.RefreshToken),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const loser = results.find((r) => r.status === 'rejected');
    expect(isAlreadyConsumed('RefreshToken')(loser?.reason)).toBe(true);
    await expectGrantRevoked(ids);
  });

  it('refuses to consume what does not exist', async () => {
    await expect(adapter('AuthorizationCode').consume(randomUUID())).rejects.toBeInstanceOf(errors.InvalidGrant);
  });
});
