import { adminTenantId, defaultTenantId, listenForChanges, type Change, type ChangeListener } from '@idp/db';
import { adminDatabaseUrl, createTestDatabase, type TestDatabase } from '@idp/test-utils';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

let database: TestDatabase;
// Watches and kills the listener's connections from outside the test database.
let admin: pg.Client;
let listener: ChangeListener;
const changes: Change[] = [];
const errors: Error[] = [];

beforeAll(async () => {
  database = await createTestDatabase({ seed: true });
  admin = new pg.Client({ connectionString: adminDatabaseUrl() });
  await admin.connect();
  listener = await listenForChanges(database.url, (change) => changes.push(change), {
    onError: (error) => errors.push(error),
    minRetryDelayMs: 20,
    maxRetryDelayMs: 200,
  });
});
afterAll(async () => {
  await listener?.close();
  await admin?.end();
  await database?.drop();
});
beforeEach(() => {
  changes.length = 0;
  errors.length = 0;
});

async function waitFor<T>(find: () => T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined && found !== false) return found;
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}; changes so far: ${JSON.stringify(changes)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const waitForChange = async (expected: Change) =>
  waitFor(
    () => changes.find((change) => change.table === expected.table && change.tenantId === expected.tenantId && change.id === expected.id),
    JSON.stringify(expected),
  );

// Notifications arrive in commit order: once a marker written afterwards is in, anything
// earlier that was going to arrive has.
let markerCount = 0;
async function writeMarker(): Promise<void> {
  const isMarker = (change: Change) => change.table === 'applications' && change.id === 'demo-app';
  const before = changes.filter(isMarker).length;
  markerCount += 1;
  await database.pool.query("update applications set description = $1 where id = 'demo-app'", [`marker ${markerCount}`]);
  await waitFor(() => changes.filter(isMarker).length > before || undefined, `marker ${markerCount}`);
}

const listenerBackends = async () => {
  const { rows } = await admin.query<{ pid: number }>("select pid from pg_stat_activity where datname = $1 and query ilike 'LISTEN%'", [
    database.name,
  ]);
  return rows.map((row) => row.pid);
};

describe('change notifications', () => {
  it('report an updated application with its tenant and id', async () => {
    await database.pool.query("update applications set name = 'Renamed console' where id = 'admin-console'");
    expect(await waitForChange({ table: 'applications', tenantId: adminTenantId, id: 'admin-console' })).toBeTruthy();
    expect(errors).toEqual([]);
  });

  it('report logto_configs rows by their key', async () => {
    await database.pool.query("update logto_configs set value = value where tenant_id = $1 and key = 'oidc.privateKeys'", [
      defaultTenantId,
    ]);
    await waitForChange({ table: 'logto_configs', tenantId: defaultTenantId, id: 'oidc.privateKeys' });
    expect(changes.filter((change) => change.table === 'logto_configs')).toEqual([
      { table: 'logto_configs', tenantId: defaultTenantId, id: 'oidc.privateKeys' },
    ]);
  });

  it('report inserts and deletes, and rows without an id column by their natural key', async () => {
    await database.pool.query(
      "insert into application_secrets (tenant_id, application_id, name, value) values ($1, 'demo-app', 'ci', 'secret-value')",
      [defaultTenantId],
    );
    await waitForChange({ table: 'application_secrets', tenantId: defaultTenantId, id: 'demo-app' });
    changes.length = 0;
    await database.pool.query("delete from application_secrets where application_id = 'demo-app'");
    await waitForChange({ table: 'application_secrets', tenantId: defaultTenantId, id: 'demo-app' });

    const { rows } = await database.pool.query<{ id: string }>('select id from scopes where tenant_id = $1', [adminTenantId]);
    await database.pool.query('update scopes set description = $2 where id = $1', [rows[0]!.id, 'changed']);
    await waitForChange({ table: 'scopes', tenantId: adminTenantId, id: rows[0]!.id });
    await database.pool.query("update sign_in_experiences set sign_in_mode = 'SignIn' where tenant_id = $1", [defaultTenantId]);
    await waitForChange({ table: 'sign_in_experiences', tenantId: defaultTenantId, id: 'default' });
  });

  it('send nothing for a rolled back transaction', async () => {
    const client = await database.pool.connect();
    try {
      await client.query('begin');
      await client.query("update applications set name = 'Not kept' where id = 'admin-console'");
      await client.query('rollback');
    } finally {
      client.release();
    }
    await writeMarker();
    expect(changes.filter((change) => change.id === 'admin-console')).toEqual([]);
  });

  it('sync() resolves only after every change committed before it was called has been delivered', async () => {
    // Commits from other connections, each followed at once by sync(): no waiting, no polling.
    for (let round = 0; round < 30; round += 1) {
      const description = `sync ${round}`;
      await database.pool.query("update applications set description = $1 where id = 'admin-console'", [description]);
      await listener.sync();
      expect(
        changes.some((change) => change.table === 'applications' && change.id === 'admin-console'),
        `round ${round}`,
      ).toBe(true);
      changes.length = 0;
    }
    // Concurrent calls share round trips and all resolve.
    await Promise.all(Array.from({ length: 20 }, () => listener.sync()));
  });

  it('sync() rejects once closed, so callers read from the database instead', async () => {
    const other = await listenForChanges(database.url, () => {});
    await other.sync();
    await other.close();
    await expect(other.sync()).rejects.toThrow(/not connected/);
  });

  it('report an unreadable payload through onError and keep listening', async () => {
    await database.pool.query("select pg_notify('idp_changes', 'not json')");
    await writeMarker();
    expect(errors.map((error) => error.message)).toEqual([expect.stringMatching(/unreadable idp_changes payload "not json"/)]);
  });

  it('survive an onChange that throws', async () => {
    const seen: Change[] = [];
    const handlerErrors: Error[] = [];
    const throwing = await listenForChanges(
      database.url,
      (change) => {
        seen.push(change);
        throw new Error('cache exploded');
      },
      { onError: (error) => handlerErrors.push(error) },
    );
    try {
      await writeMarker();
      await writeMarker();
      await waitFor(() => seen.length >= 2, 'two changes');
      expect(handlerErrors.map((error) => error.message)).toContain('cache exploded');
    } finally {
      await throwing.close();
    }
  });

  it('reconnect after the connection is killed, ask for every cache to be dropped, and keep reporting', async () => {
    const backends = await listenerBackends();
    expect(backends).toHaveLength(1);
    await admin.query('select pg_terminate_backend($1)', [backends[0]]);

    await waitForChange({ table: '*', tenantId: '*', id: '*' });
    expect(changes.filter((change) => change.table === '*')).toHaveLength(1);
    expect(errors.length).toBeGreaterThan(0);
    const after = await listenerBackends();
    expect(after).toHaveLength(1);
    expect(after[0]).not.toBe(backends[0]);

    await database.pool.query("update logto_configs set value = value where tenant_id = $1 and key = 'oidc.cookieKeys'", [adminTenantId]);
    await waitForChange({ table: 'logto_configs', tenantId: adminTenantId, id: 'oidc.cookieKeys' });
  });

  it('keep retrying while the database refuses connections, then recover', async () => {
    await admin.query(`alter database ${database.name} allow_connections false`);
    try {
      const [backend] = await listenerBackends();
      await admin.query('select pg_terminate_backend($1)', [backend]);
      // Several failed attempts, each reported, none fatal.
      await waitFor(() => errors.length >= 3 || undefined, 'failed reconnection attempts');
      expect(changes.filter((change) => change.table === '*')).toEqual([]);
    } finally {
      await admin.query(`alter database ${database.name} allow_connections true`);
    }
    await waitForChange({ table: '*', tenantId: '*', id: '*' });
    changes.length = 0;
    await writeMarker();
  });

  it('stop after close', async () => {
    const other = await listenForChanges(database.url, () => {});
    expect(await listenerBackends()).toHaveLength(2);
    await other.close();
    await other.close();
    expect(await waitForBackends(1)).toHaveLength(1);
  });
});

async function waitForBackends(count: number) {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const backends = await listenerBackends();
    if (backends.length === count || Date.now() > deadline) return backends;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
