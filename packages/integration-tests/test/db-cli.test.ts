import { spawnSync } from 'node:child_process';
import { repoRoot } from '@idp/launcher';
import { applicationsRoles, roles, tenants } from '@idp/schemas';
import { eq } from 'drizzle-orm';
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

  it('creates a Management API client whose credentials get a token with scope all', async () => {
    const created = pnpmDb('create-m2m-app', 'Provisioning script');
    expect(created.status, created.stderr).toBe(0);
    const id = /client id: +(\S+)/.exec(created.stdout)?.[1];
    const secret = /client secret: +(\S+)/.exec(created.stdout)?.[1];
    expect(id).toMatch(/^[0-9a-z]{21}$/);
    expect(secret).toMatch(/^[0-9A-Za-z]{32}$/);
    const [row] = await database.db.select().from(applicationsRoles).where(eq(applicationsRoles.applicationId, id!));
    const [role] = await database.db.select().from(roles).where(eq(roles.id, row!.roleId));
    expect(role!.name).toBe('Logto Management API access');
  });

  it('refuses an unknown command with its usage', () => {
    const result = pnpmDb('drop-everything');
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('usage: pnpm db <migrate|seed|create-m2m-app [name]>');
  });
});
