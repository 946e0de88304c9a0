// The contract oidc-provider relies on from its persistence adapter, against real PostgreSQL:
// what is saved is found until it expires, lookups by uid and user code, destroy, grant
// revocation, tenant isolation and the clean-up job. One-time use lives in adapter-consume.test.ts.
import { randomUUID } from 'node:crypto';
import { adminTenantId, defaultTenantId } from '@idp/db';
import { createTestDatabase, type TestDatabase } from '@idp/test-utils';
import { sql } from 'drizzle-orm';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createAdapterFactory, deleteExpired } from '../src/adapter/postgres-adapter.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase({ seed: true });
});
afterAll(async () => database?.drop());

const adapter = (model: string, tenantId = defaultTenantId) => createAdapterFactory({ db: database.db, tenantId })(model);
const newId = () => randomUUID();
const expire = async (id: string, at = sql`now() - interval '1 second'`) => {
  await database.db.execute(sql`update oidc_model_instances set expires_at = ${at} where id = ${id}`);
};
const countRows = async (where = sql`true`) => {
  const { rows } = await database.db.execute<{ count: number }>(
    sql`select count(*)::int as count from oidc_model_instances where ${where}`,
  );
  return rows[0]?.count;
};

describe('oidc-provider adapter on PostgreSQL', () => {
  it('finds what was saved, and the latest save wins', async () => {
    const sessions = adapter('Session');
    const id = newId();
    await sessions.upsert(id, { uid: 'u1', accountId: 'alice', exp: 1 }, 60);
    expect(await sessions.find(id)).toEqual({ uid: 'u1', accountId: 'alice', exp: 1 });
    await sessions.upsert(id, { uid: 'u1', accountId: 'bob' }, 60);
    expect(await sessions.find(id)).toEqual({ uid: 'u1', accountId: 'bob' });
    expect(await sessions.find(newId())).toBeUndefined();
  });

  it('keeps models apart: the same id in another model is another row', async () => {
    const id = newId();
    await adapter('Session').upsert(id, { uid: id }, 60);
    expect(await adapter('Interaction').find(id)).toBeUndefined();
  });

  it('stops finding a row once it expired, by expiresIn or by its stored expiry', async () => {
    const codes = adapter('AuthorizationCode');
    const short = newId();
    await codes.upsert(short, { grantId: 'g' }, 1);
    expect(await codes.find(short)).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await codes.find(short)).toBeUndefined();

    const sessions = adapter('Session');
    const past = newId();
    await sessions.upsert(past, { uid: past }, 3600);
    await expire(past);
    expect(await sessions.find(past)).toBeUndefined();
    expect(await sessions.findByUid(past)).toBeUndefined();
  });

  it('keeps a row saved without expiresIn until it is destroyed', async () => {
    const grants = adapter('Grant');
    const id = newId();
    await grants.upsert(id, { accountId: 'alice', clientId: 'app' });
    expect(await grants.find(id)).toEqual({ accountId: 'alice', clientId: 'app' });
    expect(await countRows(sql`id = ${id} and expires_at = 'infinity'`)).toBe(1);
  });

  it('finds a session by its uid, and only a session', async () => {
    const id = newId();
    const uid = newId();
    await adapter('Session').upsert(id, { uid, accountId: 'alice' }, 60);
    expect(await adapter('Session').findByUid(uid)).toMatchObject({ uid, accountId: 'alice' });
    expect(await adapter('Interaction').findByUid(uid)).toBeUndefined();
    expect(await adapter('Session').findByUid(newId())).toBeUndefined();
  });

  it('finds a device code by its user code until it expires', async () => {
    const deviceCodes = adapter('DeviceCode');
    const id = newId();
    const userCode = `BCDF-${Math.random().toString(36).slice(2, 6)}`;
    await deviceCodes.upsert(id, { userCode, grantId: 'g', clientId: 'tv' }, 60);
    expect(await deviceCodes.findByUserCode(userCode)).toMatchObject({ userCode, clientId: 'tv' });
    expect(await deviceCodes.findByUserCode('XXXX-XXXX')).toBeUndefined();
    await expire(id);
    expect(await deviceCodes.findByUserCode(userCode)).toBeUndefined();
  });

  it('destroys one row and leaves the others', async () => {
    const tokens = adapter('AccessToken');
    const [kept, gone] = [newId(), newId()];
    await tokens.upsert(kept, { grantId: 'g' }, 60);
    await tokens.upsert(gone, { grantId: 'g' }, 60);
    await tokens.destroy(gone);
    expect(await tokens.find(gone)).toBeUndefined();
    expect(await tokens.find(kept)).toBeDefined();
  });

  it("revokes every token of a grant, whatever its model, and nothing of another grant's", async () => {
    const [grantId, otherGrantId] = [newId(), newId()];
    const ids: Record<string, string> = {};
    for (const model of ['AccessToken', 'RefreshToken', 'AuthorizationCode', 'DeviceCode']) {
      ids[model] = newId();
      await adapter(model).upsert(ids[model], { grantId }, 60);
    }
    const other = newId();
    await adapter('RefreshToken').upsert(other, { grantId: otherGrantId }, 60);

    // oidc-provider calls revokeByGrantId once per model, all at once: that must not deadlock.
    await Promise.all(['AccessToken', 'RefreshToken', 'AuthorizationCode'].map((m) => adapter(m).revokeByGrantId(grantId)));

    for (const [model, id] of Object.entries(ids)) {
      expect(await adapter(model).find(id), model).toBeUndefined();
    }
    expect(await adapter('RefreshToken').find(other)).toEqual({ grantId: otherGrantId });
  });

  it("keeps one tenant's rows invisible to and untouched by another tenant", async () => {
    const [id, uid, grantId] = [newId(), newId(), newId()];
    await adapter('Session', adminTenantId).upsert(id, { uid }, 60);
    await adapter('RefreshToken', adminTenantId).upsert(id, { grantId }, 60);

    expect(await adapter('Session').find(id)).toBeUndefined();
    expect(await adapter('Session').findByUid(uid)).toBeUndefined();
    await adapter('Session').destroy(id);
    await adapter('RefreshToken').revokeByGrantId(grantId);
    await expect(adapter('RefreshToken').consume(id)).rejects.toThrow();

    expect(await adapter('Session', adminTenantId).findByUid(uid)).toEqual({ uid });
    expect(await adapter('RefreshToken', adminTenantId).find(id)).toEqual({ grantId });

    // The same id in both tenants is two rows.
    await adapter('Session').upsert(id, { uid: 'default-side' }, 60);
    expect(await adapter('Session', adminTenantId).find(id)).toEqual({ uid });
  });

  it('reads clients through findClient and refuses to store them', async () => {
    const findClient = async (id: string) => (id === 'app' ? { client_id: 'app' } : undefined);
    const clients = createAdapterFactory({ db: database.db, tenantId: defaultTenantId, findClient })('Client');
    expect(await clients.find('app')).toEqual({ client_id: 'app' });
    expect(await clients.find('nope')).toBeUndefined();
    await expect(clients.upsert('app', { client_id: 'app' })).rejects.toThrow(/not supported/);
    await expect(clients.destroy('app')).rejects.toThrow(/not supported/);
    expect(await adapter('Client').find('app')).toBeUndefined();
    expect(await countRows(sql`model_name = 'Client'`)).toBe(0);
  });

  it('deletes expired rows of every tenant in batches, and only those', async () => {
    const old = [newId(), newId(), newId()];
    await adapter('AccessToken').upsert(old[0]!, {}, 60);
    await adapter('AccessToken').upsert(old[1]!, {}, 60);
    await adapter('Session', adminTenantId).upsert(old[2]!, { uid: 'x' }, 60);
    for (const id of old) {
      await expire(id, sql`'2000-01-01T00:00:00Z'::timestamptz`);
    }
    const recent = newId();
    await adapter('AccessToken').upsert(recent, {}, 60);
    await expire(recent, sql`now() - interval '1 minute'`);
    const live = newId();
    await adapter('AccessToken').upsert(live, {}, 60);

    expect(await deleteExpired(database.db, new Date('2000-06-01T00:00:00Z'), 2)).toBe(3);
    expect(await countRows(sql`id in (${sql.join(old, sql`, `)})`)).toBe(0);
    expect(await countRows(sql`id = ${recent}`)).toBe(1);

    expect(await deleteExpired(database.db)).toBeGreaterThanOrEqual(1);
    expect(await countRows(sql`expires_at < now()`)).toBe(0);
    expect(await adapter('AccessToken').find(live)).toEqual({});
  });

  it('plugs into oidc-provider as its adapter option', async () => {
    const provider = new Provider('http://localhost/oidc', {
      adapter: createAdapterFactory({ db: database.db, tenantId: defaultTenantId }),
    });
    const grant = new provider.Grant({ accountId: 'alice', clientId: 'app' });
    grant.addOIDCScope('openid');
    const grantId = await grant.save();
    const found = await provider.Grant.find(grantId);
    expect(found?.accountId).toBe('alice');
    expect(found?.getOIDCScope()).toBe('openid');
  });
});
