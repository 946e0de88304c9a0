// One path measured: its job run in the load generator while the services' CPU, memory, event-loop
// lag, SQL statements and the database's transactions are sampled over the same window.
import { mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { runJob } from './jobs.ts';
import type { PathSpec } from './paths.ts';
import { collectProbes, type ServiceName, type StackProcesses, startUsageWindow } from './processes.ts';
import { selfTimeByOwner, topSelfTime } from './profile.ts';
import type { CeilingName, PathRow } from './report.ts';
import { resultsDir, runStamp, settings } from './settings.ts';

/**
 * Transactions the database has finished so far (each statement outside a transaction is one);
 * PostgreSQL publishes backends' counts about once a second, so a window's figure is close, not exact.
 */
async function transactionCount(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ count: string }>(
    'select xact_commit + xact_rollback as count from pg_stat_database where datname = current_database()',
  );
  return Number(rows[0]?.count ?? 0);
}

/**
 * What autovacuum works on while a path runs, sampled twice a second: its workers share the cores
 * with the stack, and the database's CPU in a row counts them too.
 */
function watchAutovacuum(pool: pg.Pool) {
  const seen = new Set<string>();
  const sample = () =>
    pool
      .query<{ query: string }>("select query from pg_stat_activity where backend_type = 'autovacuum worker' and query <> ''")
      .then(({ rows }) => {
        for (const { query } of rows) seen.add(query.replace(/^autovacuum:\s*/, ''));
      })
      .catch(() => {}); // the statistics are a side note: a failed sample loses nothing else
  void sample();
  const timer = setInterval(sample, 500);
  return {
    stop: () => {
      clearInterval(timer);
      return [...seen].sort();
    },
  };
}

/**
 * Statistics as autovacuum keeps them on a long-lived database, taken again before each path: the
 * paths fill the token table by tens of thousands of rows in seconds, far faster than autovacuum
 * looks (once a minute). A pooled connection keeps the plan it made for a named statement until
 * the table is analysed again, and a plan made on statistics of a table of a few pages reads the
 * whole table once it has grown: a token lookup went from 0.4 to 16 ms, and userinfo measured
 * after the refresh path lost a third to a half of its rate to PostgreSQL reading tokens one table
 * scan at a time.
 */
async function analyze(pool: pg.Pool): Promise<void> {
  await pool.query('analyze');
}

export async function measurePath(
  spec: PathSpec,
  stack: StackProcesses,
  lagDir: string,
  ceilings: Record<CeilingName, number>,
  statsPool: pg.Pool,
): Promise<PathRow> {
  const connections = spec.id === 'password-sign-in' ? settings.signInConcurrency : settings.connections;
  let window: ReturnType<typeof startUsageWindow> | undefined;
  let transactionsBefore: Promise<number> | undefined;
  let transactionsAfter: Promise<number> | undefined;
  let autovacuum: ReturnType<typeof watchAutovacuum> | undefined;
  let autovacuumRuns: string[] = [];
  await analyze(statsPool);
  const { result, measured } = await runJob(spec.job(connections), {
    start: () => {
      void collectProbes(stack, lagDir); // starts a fresh histogram (and profile) in every service
      window = startUsageWindow(stack);
      transactionsBefore = transactionCount(statsPool);
      autovacuum = watchAutovacuum(statsPool);
    },
    end: () => {
      transactionsAfter = transactionCount(statsPool);
      autovacuumRuns = autovacuum!.stop();
      return window!.stop();
    },
  });
  const transactions = (await transactionsAfter!) - (await transactionsBefore!);
  const { lag, profiles, statements } = await collectProbes(stack, lagDir, { profiles: settings.profile });
  const statementCount = Object.values(statements).reduce((sum, value) => sum + (value ?? 0), 0);
  let hot: PathRow['hot'];
  if (settings.profile) {
    hot = {};
    const keepDir = path.join(resultsDir, `profiles-${runStamp}`);
    mkdirSync(keepDir, { recursive: true });
    for (const [service, file] of Object.entries(profiles) as [ServiceName, string][]) {
      // Only the services this path keeps busy.
      if ((measured.cpuPercent[service] ?? 0) >= 10) hot[service] = { functions: topSelfTime(file), owners: selfTimeByOwner(file) };
      renameSync(file, path.join(keepDir, `${spec.id}.${service}.cpuprofile`));
    }
  }
  return {
    ...(hot ? { hot } : {}),
    id: spec.id,
    label: spec.label,
    ...(spec.target ? { target: spec.target } : {}),
    ceiling: { name: spec.ceiling, perSecond: ceilings[spec.ceiling] },
    result,
    usage: measured,
    lag,
    transactionsPerRequest: Math.round((transactions / Math.max(1, result.requests)) * 10) / 10,
    statementsPerRequest: Math.round((statementCount / Math.max(1, result.requests)) * 10) / 10,
    statementsByService: statements,
    autovacuum: autovacuumRuns,
  };
}
