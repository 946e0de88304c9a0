// The adapter's lookups must stay index scans as the table grows: capture the SQL the adapter
// really sends and ask PostgreSQL for its plan with sequential scans priced out.
import { randomUUID } from 'node:crypto';
import { defaultTenantId, type Db } from '@idp/db';
import * as schema from '@idp/schemas';
import { createTestDatabase, type TestDatabase } from '@idp/test-utils';
import { drizzle } from 'drizzle-orm/node-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { lookupStatements } from '../src/adapter/lookup-batch.ts';
import { createAdapterFactory, deleteExpired, tokenLookupModels } from '../src/adapter/postgres-adapter.ts';
import { writeStatements } from '../src/adapter/write-batch.ts';

let database: TestDatabase;
let db: Db;
let logged: { query: string; params: unknown[] }[] = [];
beforeAll(async () => {
  database = await createTestDatabase({ seed: true });
  // Every statement, whether drizzle builds it or the adapter sends it prepared, goes through the pool.
  const pool = database.pool;
  const logging = new Proxy(pool, {
    get(target, property, receiver) {
      if (property !== 'query') return Reflect.get(target, property, receiver);
      return (config: string | { text: string; values?: unknown[] }, values?: unknown[]) => {
        if (typeof config === 'string') logged.push({ query: config, params: values ?? [] });
        else logged.push({ query: config.text, params: config.values ?? values ?? [] });
        return (target.query as (...args: unknown[]) => unknown)(config, values);
      };
    },
  });
  db = drizzle(logging, { schema });
  // Plans of an empty, never analysed table are coin tosses; give the planner a realistic table.
  await database.pool.query(`
    insert into oidc_model_instances (tenant_id, model_name, id, payload, expires_at)
    select 'default', (array['Session', 'AccessToken', 'RefreshToken', 'Grant'])[1 + n % 4], md5(n::text),
           jsonb_build_object('uid', md5('uid' || n), 'grantId', md5('grant' || n / 3)),
           now() + (n % 600) * interval '1 second'
    from generate_series(1, 5000) as n`);
  await database.pool.query('analyze oidc_model_instances');
});
afterAll(async () => database?.drop());

/** The plan of the last statement `run` sent. */
async function planOf(run: () => Promise<unknown>): Promise<string> {
  logged = [];
  await run();
  const last = logged.at(-1);
  if (!last) throw new Error('no query was sent');
  const client = await database.pool.connect();
  try {
    await client.query('begin');
    await client.query('set local enable_seqscan = off');
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(`explain ${last.query}`, last.params);
    return rows.map((row) => row['QUERY PLAN']).join('\n');
  } finally {
    await client.query('rollback');
    client.release();
  }
}

/**
 * The generic plan PostgreSQL keeps for a prepared statement (what node-postgres's named statements
 * end up with), with sequential scans priced out unless `seqScans`.
 */
async function genericPlanOf(text: string, types: string, values: string, { seqScans = false, on = database } = {}): Promise<string> {
  const client = await on.pool.connect();
  // A prepared statement outlives the transaction (and the pooled connection is reused): a new name each time.
  const name = `planned_${randomUUID().replaceAll('-', '')}`;
  try {
    await client.query('begin');
    if (!seqScans) await client.query('set local enable_seqscan = off');
    await client.query('set local plan_cache_mode = force_generic_plan');
    await client.query(`prepare ${name}(${types}) as ${text}`);
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(`explain execute ${name}(${values})`);
    return rows.map((row) => row['QUERY PLAN']).join('\n');
  } finally {
    await client.query('rollback');
    client.release();
  }
}

describe('adapter query plans', () => {
  const adapter = (model: string) => createAdapterFactory({ db, tenantId: defaultTenantId })(model);

  it('finds a session by uid through the uid index', async () => {
    expect(await planOf(() => adapter('Session').findByUid(randomUUID()))).toContain('oidc_model_instances__payload_uid');
  });

  it('revokes a grant through the grantId index', async () => {
    expect(await planOf(() => adapter('AccessToken').revokeByGrantId(randomUUID()))).toContain('oidc_model_instances__payload_grant_id');
  });

  it('finds, consumes and destroys by id through the primary key', async () => {
    expect(await planOf(() => adapter('AccessToken').find(randomUUID()))).toContain('oidc_model_instances_pkey');
    expect(await planOf(() => adapter('AccessToken').destroy(randomUUID()))).toContain('oidc_model_instances_pkey');
  });

  it('reads a token with its grant and user through primary keys, whatever plan the prepared statement gets', async () => {
    const plan = await genericPlanOf(
      lookupStatements.one.text,
      'varchar, varchar, varchar, varchar, varchar',
      `'default', 'x', 'AccessToken', 'ClientCredentials', 'RefreshToken'`,
    );
    expect(plan).not.toMatch(/Seq Scan|Hash Join|Merge Join/);
    expect(plan.match(/oidc_model_instances_pkey/g)).toHaveLength(2);
    expect(plan).toMatch(/Index (Only )?Scan using users/);
  });

  it('reads many tokens at once with a primary-key probe per token, whatever plan the prepared statement gets', async () => {
    const plan = await genericPlanOf(
      lookupStatements.many.text,
      'varchar[], varchar[], varchar[], varchar[], varchar[]',
      `'{default,default}', '{x,y}', '{AccessToken,RefreshToken}', '{AccessToken,RefreshToken}', '{AccessToken,RefreshToken}'`,
    );
    expect(plan).not.toMatch(/Seq Scan|Hash Join|Merge Join/);
    expect(plan).toMatch(/Nested Loop/);
    expect(plan.match(/oidc_model_instances_pkey/g)).toHaveLength(2);
    expect(plan).toMatch(/Index (Only )?Scan using users/);
  });

  it('consumes in a batched commit through the primary key, whatever plan the prepared statement gets', async () => {
    const plan = await genericPlanOf(
      writeStatements.many.text,
      'int[], varchar[], varchar[], varchar[], int[], varchar[], varchar[], varchar[], jsonb[], float8[]',
      `'{0,1}', '{default,default}', '{RefreshToken,RefreshToken}', '{x,y}', '{0}', '{default}', '{AccessToken}', '{z}', array['{}'::jsonb], '{60}'`,
      { seqScans: true },
    );
    expect(plan).not.toMatch(/Seq Scan on oidc_model_instances/);
    expect(plan).toMatch(/Index Scan using oidc_model_instances_pkey/);
  });

  it('keeps one plan for the token lookup instead of planning every execution', async () => {
    const client = await database.pool.connect();
    try {
      // As node-postgres sends it: a named statement, executed many times on one connection.
      const name = `token_lookup_${randomUUID().slice(0, 8)}`;
      for (let round = 0; round < 12; round += 1) {
        await client.query({
          name,
          text: lookupStatements.one.text,
          values: [defaultTenantId, randomUUID(), 'AccessToken', 'AccessToken', 'AccessToken'],
        });
      }
      const { rows } = await client.query<{ generic_plans: string; custom_plans: string }>(
        'select generic_plans, custom_plans from pg_prepared_statements where name = $1',
        [name],
      );
      expect(Number(rows[0]?.generic_plans)).toBeGreaterThan(0);
    } finally {
      client.release();
    }
  });

  it("groups a lookup's models in threes, the last repeated", () => {
    expect(tokenLookupModels(['AccessToken'])).toEqual([['AccessToken', 'AccessToken', 'AccessToken']]);
    expect(tokenLookupModels(['AccessToken', 'ClientCredentials'])).toEqual([['AccessToken', 'ClientCredentials', 'ClientCredentials']]);
    expect(tokenLookupModels(['A', 'B', 'C', 'D'])).toEqual([
      ['A', 'B', 'C'],
      ['D', 'D', 'D'],
    ]);
  });

  it('selects expired rows through the expiry index', async () => {
    expect(await planOf(() => deleteExpired(db))).toContain('oidc_model_instances__expires_at');
  });
});

// The batched lookup's plan on a table of a couple of thousand rows with current statistics, where
// sequential scans are allowed: the generic plan assumes ten keys, and without the lateral's limit
// PostgreSQL flattened the probes into a hash join over the whole table.
describe('the batched lookup on a table of a few thousand rows', () => {
  let midsize: TestDatabase;
  beforeAll(async () => {
    midsize = await createTestDatabase({ seed: true });
    await midsize.pool.query(`
      insert into oidc_model_instances (tenant_id, model_name, id, payload, expires_at)
      select 'default', (array['Session', 'AccessToken', 'Grant'])[1 + n % 3], md5(n::text),
             jsonb_build_object('grantId', md5('grant' || n / 3), 'accountId', 'nobody'), now() + interval '1 hour'
      from generate_series(1, 2000) as n`);
    await midsize.pool.query('analyze oidc_model_instances');
  });
  afterAll(async () => midsize?.drop());

  it('probes by key', async () => {
    const plan = await genericPlanOf(
      lookupStatements.many.text,
      'varchar[], varchar[], varchar[], varchar[], varchar[]',
      `'{default,default}', '{x,y}', '{AccessToken,RefreshToken}', '{AccessToken,RefreshToken}', '{AccessToken,RefreshToken}'`,
      { seqScans: true, on: midsize },
    );
    expect(plan).not.toMatch(/Seq Scan on oidc_model_instances|Hash Join|Merge Join/);
    expect(plan).toMatch(/Index Scan using oidc_model_instances_pkey on oidc_model_instances i/);
  });
});
