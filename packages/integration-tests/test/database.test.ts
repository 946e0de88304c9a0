import { adminTenantId, createDatabase, defaultTenantId, managementApiIndicator } from '@idp/db';
import { migrate, readMigrations, seed } from '@idp/db/setup';
import { applications, logtoConfigs, resources, roles, rolesScopes, scopes, signInExperiences, tenants } from '@idp/schemas';
import { createTestDatabase, type TestDatabase } from '@idp/test-utils';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

describe('migrations', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
  });
  afterAll(async () => database?.drop());

  it('apply from an empty database with a line per step, then are a no-op', async () => {
    const lines: string[] = [];
    const first = await migrate(database.url, (line) => lines.push(line));
    const all = await readMigrations();
    expect(first.applied).toEqual(all.map(({ tag }) => tag));
    expect(lines).toHaveLength(all.length);
    expect(lines[0]).toMatch(/^migration 1\/\d+ \S+: applied in \d+ ms$/);
    const { rows } = await database.pool.query<{ count: string }>(
      "select count(*) from information_schema.tables where table_schema = 'public' and table_name = 'users'",
    );
    expect(rows[0]?.count).toBe('1');

    const again: string[] = [];
    expect((await migrate(database.url, (line) => again.push(line))).applied).toEqual([]);
    expect(again).toEqual([`database is up to date (${all.length} migrations)`]);
  });

  it('refuse to run when an applied migration was edited afterwards', async () => {
    await database.pool.query("update idp_migrations set hash = 'edited' where tag = (select min(tag) from idp_migrations)");
    await expect(migrate(database.url, () => {})).rejects.toThrow(/was changed after it was applied/);
  });

  it('run once when several replicas start together', async () => {
    const fresh = await createTestDatabase({ migrate: false });
    try {
      const results = await Promise.all([1, 2, 3].map(async () => migrate(fresh.url, () => {})));
      expect(results.reduce((sum, result) => sum + result.applied.length, 0)).toBe((await readMigrations()).length);
    } finally {
      await fresh.drop();
    }
  });
});

describe('seed', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase({ seed: true });
  });
  afterAll(async () => database?.drop());

  const seededTables = { tenants, logtoConfigs, resources, scopes, roles, rolesScopes, applications, signInExperiences };
  const counts = async () =>
    Object.fromEntries(
      await Promise.all(
        Object.entries(seededTables).map(async ([name, table]) => {
          const [row] = await database.db.select({ count: sql<number>`count(*)::int` }).from(table);
          return [name, row?.count] as const;
        }),
      ),
    );

  it('creates both tenants with keys, the Management API, its roles, the built-in apps and sign-in experiences', async () => {
    expect(await counts()).toEqual({
      tenants: 2,
      logtoConfigs: 4,
      // The Management API in each tenant, and in the admin tenant Logto's Me API (with its `user`
      // role) and the admin tenant's own Management API (with its `admin:admin` role).
      resources: 4,
      scopes: 4,
      roles: 4,
      rolesScopes: 4,
      // demo-app, account-center, admin-console and the device flow demo app.
      applications: 4,
      signInExperiences: 2,
    });
    const [role] = await database.db.select().from(roles).where(eq(roles.tenantId, defaultTenantId));
    expect(role).toMatchObject({ name: 'Logto Management API access', type: 'MachineToMachine' });
    const [api] = await database.db.select().from(resources).where(eq(resources.tenantId, defaultTenantId));
    expect(api?.indicator).toBe(managementApiIndicator);
    const [demo] = await database.db.select().from(applications).where(eq(applications.id, 'demo-app'));
    expect(demo).toMatchObject({ tenantId: defaultTenantId, type: 'SPA' });
    expect(demo?.oidcClientMetadata.redirectUris).toEqual(['http://localhost:3001/demo-app']);
    const [console] = await database.db.select().from(applications).where(eq(applications.id, 'admin-console'));
    expect(console?.tenantId).toBe(adminTenantId);
    expect(console?.oidcClientMetadata.redirectUris).toEqual(['http://localhost:3002/console/callback']);
  });

  it('stores an EC P-256 signing key by default', async () => {
    const [row] = await database.db
      .select()
      .from(logtoConfigs)
      .where(and(eq(logtoConfigs.tenantId, defaultTenantId), eq(logtoConfigs.key, 'oidc.privateKeys')));
    const [key] = (row?.value ?? []) as Array<{ value: string }>;
    const { createPrivateKey } = await import('node:crypto');
    const parsed = createPrivateKey(key!.value);
    expect(parsed.asymmetricKeyType).toBe('ec');
    expect(parsed.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
  });

  it('run twice leaves one copy of each row and keeps existing keys', async () => {
    const before = await counts();
    const keysBefore = await database.db.select().from(logtoConfigs);
    await seed(database.db);
    expect(await counts()).toEqual(before);
    const keysAfter = await database.db.select().from(logtoConfigs);
    expect(keysAfter).toEqual(keysBefore);
  });

  it('can make RSA signing keys instead', async () => {
    const other = await createTestDatabase();
    try {
      const db = createDatabase(other.url, { max: 1 });
      await seed(db.db, { signingKeyType: 'RSA' });
      const [row] = await db.db.select().from(logtoConfigs).where(eq(logtoConfigs.key, 'oidc.privateKeys'));
      const [key] = (row?.value ?? []) as Array<{ value: string }>;
      const { createPrivateKey } = await import('node:crypto');
      expect(createPrivateKey(key!.value).asymmetricKeyType).toBe('rsa');
      await db.close();
    } finally {
      await other.drop();
    }
  });
});
