import pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { adminDatabaseUrl, createTestDatabase, withDatabaseName } from './test-database.ts';

async function databaseExists(name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminDatabaseUrl() });
  await client.connect();
  try {
    const { rows } = await client.query('select 1 from pg_database where datname = $1', [name]);
    return rows.length === 1;
  } finally {
    await client.end();
  }
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('withDatabaseName', () => {
  it('swaps only the database name, keeping credentials, host and options', () => {
    expect(withDatabaseName('postgres://user:secret@db.internal:5433/postgres?sslmode=disable', 'idp_test_1')).toBe(
      'postgres://user:secret@db.internal:5433/idp_test_1?sslmode=disable',
    );
  });
});

describe('adminDatabaseUrl', () => {
  it('prefers TEST_DATABASE_URL over DATABASE_URL, and says what to do when neither is set', () => {
    vi.stubEnv('TEST_DATABASE_URL', 'postgres://test@host/a');
    vi.stubEnv('DATABASE_URL', 'postgres://app@host/b');
    expect(adminDatabaseUrl()).toBe('postgres://test@host/a');
    vi.stubEnv('TEST_DATABASE_URL', undefined);
    expect(adminDatabaseUrl()).toBe('postgres://app@host/b');
    vi.stubEnv('DATABASE_URL', undefined);
    expect(() => adminDatabaseUrl()).toThrow('TEST_DATABASE_URL is unset');
  });
});

describe('createTestDatabase', () => {
  it('creates a fresh migrated database of its own, and drop removes it', async () => {
    const database = await createTestDatabase();
    try {
      expect(database.name).toMatch(/^idp_test_[0-9a-f]{12}$/);
      expect(database.url).toBe(withDatabaseName(adminDatabaseUrl(), database.name));
      expect(await databaseExists(database.name)).toBe(true);
      const { rows } = await database.pool.query<{ count: string }>('select count(*) from tenants');
      expect(rows[0]?.count).toBe('0');
    } finally {
      await database.drop();
    }
    expect(await databaseExists(database.name)).toBe(false);
  });

  it('seeds the two tenants when asked to', async () => {
    const database = await createTestDatabase({ seed: true });
    try {
      const { rows } = await database.pool.query<{ id: string }>('select id from tenants order by id');
      expect(rows.map(({ id }) => id)).toEqual(['admin', 'default']);
    } finally {
      await database.drop();
    }
  });
});
