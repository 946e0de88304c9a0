// Requests finishing in the same turn commit their held writes in one statement. Each request's
// consumption must still decide for it alone: one winner per refresh token or code, the winner's
// tokens written, a loser's never, and requests that consume nothing simply written.
import { randomUUID } from 'node:crypto';
import { adminTenantId, defaultTenantId, type Db } from '@idp/db';
import { createTestDatabase, type TestDatabase } from '@idp/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createAdapterFactory } from '../src/adapter/postgres-adapter.ts';
import type { PendingWrite } from '../src/adapter/request-scope.ts';
import { commitHeld } from '../src/adapter/write-batch.ts';
import { recordingDb } from './statement-log.ts';

let database: TestDatabase;
let db: Db;
let sent: string[];
beforeAll(async () => {
  database = await createTestDatabase({ seed: true });
  ({ db, sent } = recordingDb(database.pool));
});
afterAll(async () => database?.drop());

const adapter = (model: string, tenantId = defaultTenantId) => createAdapterFactory({ db: database.db, tenantId })(model);
const token = (model: string): PendingWrite => {
  const id = randomUUID();
  return { model, id, payload: { jti: id, kind: model }, expiresIn: 600 };
};
async function rowOf(tenantId: string, model: string, id: string) {
  const { rows } = await database.pool.query<{ consumed_at: Date | null; expires_at: Date }>(
    'select consumed_at, expires_at from oidc_model_instances where tenant_id = $1 and model_name = $2 and id = $3',
    [tenantId, model, id],
  );
  return rows[0];
}

describe('batched commits of held writes', () => {
  it('gives each refresh token one winner, writes only winners’ tokens, in one statement', async () => {
    const refresh = randomUUID();
    const otherRefresh = randomUUID();
    await adapter('RefreshToken').upsert(refresh, { jti: refresh }, 600);
    await adapter('RefreshToken', adminTenantId).upsert(otherRefresh, { jti: otherRefresh }, 600);
    const [first, second, other, plain] = [
      [token('RefreshToken'), token('AccessToken')],
      [token('RefreshToken')],
      [token('RefreshToken')],
      [token('ClientCredentials')],
    ];

    sent.length = 0;
    const won = await Promise.all([
      commitHeld(db, defaultTenantId, first!, { model: 'RefreshToken', id: refresh }),
      commitHeld(db, defaultTenantId, second!, { model: 'RefreshToken', id: refresh }),
      commitHeld(db, adminTenantId, other!, { model: 'RefreshToken', id: otherRefresh }),
      commitHeld(db, defaultTenantId, plain!, undefined),
    ]);
    expect(sent).toEqual(['oidc_adapter_commit_many']);

    // Exactly one of the two requests presenting `refresh` won; its tokens exist, the loser's do not.
    expect(won[0] !== won[1]).toBe(true);
    const [winner, loser] = won[0] ? [first!, second!] : [second!, first!];
    for (const write of winner) expect(await rowOf(defaultTenantId, write.model, write.id)).toBeDefined();
    for (const write of loser) expect(await rowOf(defaultTenantId, write.model, write.id)).toBeUndefined();
    expect((await rowOf(defaultTenantId, 'RefreshToken', refresh))?.consumed_at).toBeInstanceOf(Date);

    // Another tenant's redemption in the same statement wins on its own, in its own tenant.
    expect(won[2]).toBe(true);
    expect(await rowOf(adminTenantId, 'RefreshToken', other![0]!.id)).toBeDefined();
    expect(await rowOf(defaultTenantId, 'RefreshToken', other![0]!.id)).toBeUndefined();
    // A request that consumes nothing is written.
    expect(won[3]).toBe(true);
    expect(await rowOf(defaultTenantId, 'ClientCredentials', plain![0]!.id)).toBeDefined();
  });

  it('refuses a refresh token already consumed, and one that never existed', async () => {
    const used = randomUUID();
    await adapter('RefreshToken').upsert(used, { jti: used }, 600);
    await adapter('RefreshToken').consume(used);
    const issued = [token('RefreshToken'), token('RefreshToken')];
    const won = await Promise.all([
      commitHeld(db, defaultTenantId, [issued[0]!], { model: 'RefreshToken', id: used }),
      commitHeld(db, defaultTenantId, [issued[1]!], { model: 'RefreshToken', id: randomUUID() }),
    ]);
    expect(won).toEqual([false, false]);
    for (const write of issued) expect(await rowOf(defaultTenantId, write.model, write.id)).toBeUndefined();
  });

  it('sends a lone request as the single-request statements', async () => {
    const code = randomUUID();
    await adapter('AuthorizationCode').upsert(code, { jti: code }, 600);
    sent.length = 0;
    expect(await commitHeld(db, defaultTenantId, [token('AccessToken')], { model: 'AuthorizationCode', id: code })).toBe(true);
    expect(await commitHeld(db, defaultTenantId, [token('AccessToken')], undefined)).toBe(true);
    expect(sent).toEqual(['oidc_adapter_consume_and_upsert', 'oidc_adapter_upsert']);
  });

  it("keeps one request's refused value from failing the requests it was batched with", async () => {
    const refresh = randomUUID();
    await adapter('RefreshToken').upsert(refresh, { jti: refresh }, 600);
    const good = token('AccessToken');
    sent.length = 0;
    // PostgreSQL refuses a NUL character in text: the batch fails whole, then each is sent alone.
    const [refused, accepted] = await Promise.allSettled([
      commitHeld(db, defaultTenantId, [token('AccessToken')], { model: 'RefreshToken', id: 'bad\u0000id' }),
      commitHeld(db, defaultTenantId, [good], { model: 'RefreshToken', id: refresh }),
    ]);
    expect(refused.status).toBe('rejected');
    expect(accepted).toEqual({ status: 'fulfilled', value: true });
    expect(await rowOf(defaultTenantId, 'AccessToken', good.id)).toBeDefined();
    expect(sent).toEqual(['oidc_adapter_commit_many', 'oidc_adapter_consume_and_upsert', 'oidc_adapter_consume_and_upsert']);
  });
});
