// Organization lists must stay index scans however large an organization or a member's list of
// organizations grows: an organization with 100,000 members, a user in 1,000 organizations. The test
// captures the SQL the queries really send and asks PostgreSQL for its plan on realistic tables.
import { defaultTenantId, type Db } from '@idp/db';
import * as schema from '@idp/schemas';
import { createTestDatabase, type TestDatabase } from '@idp/test-utils';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listOrganizationUsers } from '../src/queries/organization-members.ts';
import { listMemberOrganizations } from '../src/queries/organizations.ts';

const members = 100_000;
const organizationsOfUser = 1_000;
const bigOrganization = 'org_big_000';
const busyUser = 'user_busy_00000000000';

let database: TestDatabase;
let db: Db;
let logged: { query: string; params: unknown[] }[] = [];

beforeAll(async () => {
  database = await createTestDatabase({ seed: true });
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
  // One big organization, 250 others holding most memberships (so no query wins by reading the
  // whole table), and one user in a thousand small organizations, each with a few other members.
  // A connection of its own, without the pool's query time-out: filling the tables takes a while.
  const filler = new pg.Client({ connectionString: database.url });
  await filler.connect();
  await filler.query(`
    insert into users (tenant_id, id, username)
    select 'default', 'user_' || lpad(n::text, 16, '0'), 'scale_' || n from generate_series(1, ${members}) as n;
    insert into users (tenant_id, id, username) values ('default', '${busyUser}', 'busy');
    insert into organizations (tenant_id, id, name)
    select 'default', 'org_' || lpad(n::text, 8, '0'), 'Org ' || n from generate_series(1, ${organizationsOfUser}) as n;
    insert into organizations (tenant_id, id, name) values ('default', '${bigOrganization}', 'Big');
    insert into organization_user_relations (tenant_id, organization_id, user_id)
    select 'default', '${bigOrganization}', 'user_' || lpad(n::text, 16, '0') from generate_series(1, ${members}) as n;
    insert into organization_user_relations (tenant_id, organization_id, user_id)
    select 'default', 'org_' || lpad(o::text, 8, '0'), user_id
    from generate_series(1, ${organizationsOfUser}) as o,
         lateral (values ('${busyUser}'), ('user_' || lpad((o * 7)::text, 16, '0')), ('user_' || lpad((o * 11)::text, 16, '0'))) as m(user_id);
    -- Most memberships belong to other organizations, as in a real tenant.
    insert into organizations (tenant_id, id, name)
    select 'default', 'org_noise_' || lpad(n::text, 4, '0'), 'Noise ' || n from generate_series(1, 250) as n;
    insert into organization_user_relations (tenant_id, organization_id, user_id)
    select 'default', 'org_noise_' || lpad(o::text, 4, '0'), 'user_' || lpad((((o * 997 + n) % ${members}) + 1)::text, 16, '0')
    from generate_series(1, 250) as o, generate_series(1, 1000) as n;
    insert into organization_roles (tenant_id, id, name) values ('default', 'role_admin', 'admin');
    insert into organization_role_user_relations (tenant_id, organization_id, user_id, organization_role_id)
    select tenant_id, organization_id, user_id, 'role_admin' from organization_user_relations where user_id like '%0';
  `);
  await filler.query('vacuum analyze');
  await filler.end();
}, 120_000);
afterAll(async () => database?.drop());

/** The plans of the statements `run` sent, with PostgreSQL's own choices (no planner settings). */
async function plansOf(run: () => Promise<unknown>): Promise<string[]> {
  logged = [];
  await run();
  const statements = [...logged];
  return Promise.all(
    statements.map(async ({ query, params }) => {
      const { rows } = await database.pool.query<{ 'QUERY PLAN': string }>(`explain ${query}`, params);
      return rows.map((row) => row['QUERY PLAN']).join('\n');
    }),
  );
}

const timed = async (run: () => Promise<unknown>) => {
  const started = performance.now();
  await run();
  return performance.now() - started;
};

describe('organization lists at scale', () => {
  it('pages the 100,000 members of an organization through the membership index', async () => {
    const firstPage = () => listOrganizationUsers(db, defaultTenantId, bigOrganization, undefined, { limit: 20, offset: 0 });
    const { rows, total } = await firstPage();
    expect(total).toBe(members);
    expect(rows).toHaveLength(20);
    expect(rows.some(({ organizationRoles }) => organizationRoles.length > 0)).toBe(true);

    const plans = await plansOf(firstPage);
    expect(plans).toHaveLength(2);
    for (const plan of plans) {
      expect(plan).not.toMatch(/Seq Scan on organization_user_relations/);
      expect(plan).not.toMatch(/Seq Scan on users/);
      expect(plan).toMatch(/Index (Only )?Scan using organization_user_relations_pkey/);
    }
    // Warm, a page (rows and total) of the biggest organization is a few milliseconds, not a scan.
    expect(await timed(firstPage)).toBeLessThan(250);
  });

  it("pages the 1,000 organizations of a user through the member's index", async () => {
    const page = () => listMemberOrganizations(db, defaultTenantId, { userId: busyUser }, { limit: 20, offset: 980 });
    const { rows, total } = await page();
    expect(total).toBe(organizationsOfUser);
    expect(rows).toHaveLength(20);

    const plans = await plansOf(page);
    for (const plan of plans) {
      expect(plan).not.toMatch(/Seq Scan on organization_user_relations/);
      expect(plan).toMatch(/Index (Only )?Scan using organization_user_relations__user/);
    }
    expect(await timed(page)).toBeLessThan(250);
  });
});
