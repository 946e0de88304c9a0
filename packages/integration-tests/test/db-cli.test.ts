import { spawnSync } from 'node:child_process';
import { repoRoot } from '@idp/launcher';
import { tenants } from '@idp/schemas';
import { createTestDatabase, type TestDatabase } from '@idp/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `pnpm db migrate` and `pnpm db seed` exactly as the README gives them, from the repository root.
let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase({ migrate: false });
});
afterAll(async () => database?.drop());

const pnpmDb = (...args: string[]) =>
  spawnSync('pnpm', ['db', ...args], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: database.url },
    encoding: 'utf8',
    timeout: 60_000,
  });

describe('pnpm db', () => {
  it('migrates, seeds, and migrates again as a no-op', async () => {
    const migrate = pnpmDb('migrate');
    expect(migrate.status, migrate.stderr).toBe(0);
    expect(migrate.stdout).toMatch(/migration 1\/\d+ \S+: applied in \d+ ms/);

    const seed = pnpmDb('seed');
    expect(seed.status, seed.stderr).toBe(0);
    expect(seed.stdout).toContain('seed: built-in applications demo-app and admin-console');
    expect((await database.db.select().from(tenants)).map(({ id }) => id).sort()).toEqual(['admin', 'default']);

    const again = pnpmDb('migrate');
    expect(again.stdout).toMatch(/database is up to date/);
  });

  it('refuses an unknown command with its usage', () => {
    const result = pnpmDb('drop-everything');
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('usage: pnpm db <migrate|seed>');
  });
});
