import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import pg from 'pg';

// Applies the migrations drizzle-kit generated in @idp/schemas, in order, each in its own
// transaction, printing a line per step. An advisory lock lets several replicas start at once
// without applying a migration twice; a recorded hash catches an applied migration edited later.
type JournalEntry = { idx: number; tag: string };

const lockKey = 72_410_001;

export function migrationsFolder(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('@idp/schemas/package.json')), 'drizzle');
}

export async function readMigrations(folder = migrationsFolder()) {
  const journal = JSON.parse(await readFile(path.join(folder, 'meta', '_journal.json'), 'utf8')) as {
    entries: JournalEntry[];
  };
  const entries = [...journal.entries].sort((a, b) => a.idx - b.idx);
  return Promise.all(
    entries.map(async ({ tag }) => {
      const sql = await readFile(path.join(folder, `${tag}.sql`), 'utf8');
      return {
        tag,
        hash: createHash('sha256').update(sql).digest('hex'),
        statements: sql
          .split('--> statement-breakpoint')
          .map((statement) => statement.trim())
          .filter(Boolean),
      };
    }),
  );
}

export type MigrateResult = { applied: string[]; total: number };

export async function migrate(url: string, log: (line: string) => void = console.log): Promise<MigrateResult> {
  const migrations = await readMigrations();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [lockKey]);
    await client.query(`create table if not exists idp_migrations (
      tag text primary key,
      hash text not null,
      applied_at timestamptz not null default now()
    )`);
    const { rows } = await client.query<{ tag: string; hash: string }>('select tag, hash from idp_migrations');
    const done = new Map(rows.map((row) => [row.tag, row.hash]));
    const applied: string[] = [];

    for (const [index, migration] of migrations.entries()) {
      const step = `migration ${index + 1}/${migrations.length} ${migration.tag}`;
      const recorded = done.get(migration.tag);
      if (recorded !== undefined) {
        if (recorded !== migration.hash) {
          throw new Error(`${step} was changed after it was applied; add a new migration instead of editing it`);
        }
        continue;
      }
      const started = Date.now();
      await client.query('begin');
      try {
        for (const statement of migration.statements) {
          await client.query(statement);
        }
        await client.query('insert into idp_migrations (tag, hash) values ($1, $2)', [migration.tag, migration.hash]);
        await client.query('commit');
      } catch (error) {
        await client.query('rollback');
        throw new Error(`${step} failed: ${(error as Error).message}`, { cause: error });
      }
      applied.push(migration.tag);
      log(`${step}: applied in ${Date.now() - started} ms`);
    }
    if (applied.length === 0) {
      log(`database is up to date (${migrations.length} migrations)`);
    }
    return { applied, total: migrations.length };
  } finally {
    await client.query('select pg_advisory_unlock($1)', [lockKey]).catch(() => {});
    await client.end();
  }
}
