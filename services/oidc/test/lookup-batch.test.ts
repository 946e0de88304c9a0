// Token lookups asked for in the same turn go to PostgreSQL as one statement: each caller must get
// exactly the rows its own lookup would have found (its tenant, its models, unexpired, with its grant
// and user), and the statement count must show the batching happened.
import { randomUUID } from 'node:crypto';
import { adminTenantId, defaultTenantId, type Db } from '@idp/db';
import { createTestDatabase, type TestDatabase } from '@idp/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { findTokenWithGrant } from '../src/adapter/lookup-batch.ts';
import { createAdapterFactory } from '../src/adapter/postgres-adapter.ts';
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
const all = (model: string): [string, string, string] => [model, model, model];

describe('batched token lookups', () => {
  it('answers each of many concurrent lookups with its own rows, in one statement', async () => {
    const grantId = randomUUID();
    await adapter('Grant').upsert(grantId, { accountId: 'nobody', jti: grantId }, 60);
    const access = randomUUID();
    const refresh = randomUUID();
    const expired = randomUUID();
    const otherTenant = randomUUID();
    await adapter('AccessToken').upsert(access, { jti: access, grantId, accountId: 'nobody' }, 60);
    await adapter('RefreshToken').upsert(refresh, { jti: refresh, grantId }, 60);
    await adapter('AccessToken').upsert(expired, { jti: expired }, 60);
    await database.pool.query(`update oidc_model_instances set expires_at = now() - interval '1 second' where id = $1`, [expired]);
    await adapter('AccessToken', adminTenantId).upsert(otherTenant, { jti: otherTenant }, 60);

    sent.length = 0;
    const [foundAccess, refreshAsAccess, foundRefresh, foundExpired, wrongTenant, rightTenant, missing] = await Promise.all([
      findTokenWithGrant(db, defaultTenantId, access, all('AccessToken')),
      findTokenWithGrant(db, defaultTenantId, refresh, all('AccessToken')),
      findTokenWithGrant(db, defaultTenantId, refresh, ['AccessToken', 'ClientCredentials', 'RefreshToken']),
      findTokenWithGrant(db, defaultTenantId, expired, all('AccessToken')),
      findTokenWithGrant(db, defaultTenantId, otherTenant, all('AccessToken')),
      findTokenWithGrant(db, adminTenantId, otherTenant, all('AccessToken')),
      findTokenWithGrant(db, defaultTenantId, randomUUID(), all('AccessToken')),
    ]);
    expect(sent).toEqual(['oidc_adapter_find_many_with_grant']);

    expect(foundAccess).toHaveLength(1);
    expect(foundAccess![0]).toMatchObject({ model: 'AccessToken', payload: { jti: access, grantId } });
    expect(foundAccess![0]!.grant).toMatchObject({ jti: grantId });
    expect(refreshAsAccess).toEqual([]);
    expect(foundRefresh).toHaveLength(1);
    expect(foundRefresh![0]).toMatchObject({ model: 'RefreshToken', payload: { jti: refresh } });
    expect(foundExpired).toEqual([]);
    expect(wrongTenant).toEqual([]);
    expect(rightTenant).toHaveLength(1);
    expect(rightTenant![0]).toMatchObject({ model: 'AccessToken', payload: { jti: otherTenant }, grant: null, account: null });
    expect(missing).toEqual([]);
  });

  it('sends a lone lookup as the single-token statement', async () => {
    const id = randomUUID();
    await adapter('AccessToken').upsert(id, { jti: id }, 60);
    sent.length = 0;
    const rows = await findTokenWithGrant(db, defaultTenantId, id, all('AccessToken'));
    expect(sent).toEqual(['oidc_adapter_find_with_grant']);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ model: 'AccessToken', payload: { jti: id } });
  });

  it('keeps a key the server refuses from failing the lookups it was batched with', async () => {
    const id = randomUUID();
    await adapter('AccessToken').upsert(id, { jti: id }, 60);
    sent.length = 0;
    // PostgreSQL refuses a NUL character in text: the batch fails, then each lookup is sent alone.
    const [refused, found] = await Promise.allSettled([
      findTokenWithGrant(db, defaultTenantId, 'bad\u0000token', all('AccessToken')),
      findTokenWithGrant(db, defaultTenantId, id, all('AccessToken')),
    ]);
    expect(refused.status).toBe('rejected');
    expect(found.status === 'fulfilled' && found.value).toHaveLength(1);
    expect(sent).toEqual(['oidc_adapter_find_many_with_grant', 'oidc_adapter_find_with_grant', 'oidc_adapter_find_with_grant']);
  });
});
