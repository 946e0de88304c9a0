// Preloaded into every service process by `pnpm bench` (NODE_OPTIONS=--import), never by the
// services themselves. It keeps a histogram of the event loop's delay and, on SIGUSR2, writes its
// percentiles (milliseconds) to BENCH_LAG_DIR/<pid>.json and starts a new one. The histogram
// holds whole intervals between its timer's runs, so the timer's own period is taken off.
// With BENCH_PROFILE=1 it also runs the CPU profiler, and each SIGUSR2 ends the current profile
// (written to BENCH_LAG_DIR/<pid>.cpuprofile) and starts the next: one profile per measured path.
// It also counts the SQL statements the process sends through node-postgres (BEGIN and COMMIT
// included), so a path's statements per request are exact rather than guessed from PostgreSQL's
// transaction counters. With BENCH_SQL_LOG=<file> it also appends each statement's time and text
// (a line each, synchronously: a diagnosis aid that slows the process, never for figures).
import { appendFileSync, renameSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { createRequire } from 'node:module';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

/** `pg` as the first of `from` that can resolve it sees it. */
function requirePg(from) {
  for (const file of from) {
    try {
      return createRequire(file)('pg');
    } catch {}
  }
  throw new Error('pg not found');
}

const dir = process.env.BENCH_LAG_DIR;
if (dir) {
  const resolution = 10;
  const histogram = monitorEventLoopDelay({ resolution });
  histogram.enable();
  let statements = 0;
  try {
    // The service's own `pg` (resolved from its main script), so its clients are the ones counted;
    // the one-process launcher's script does not depend on pg itself, its services do through
    // @idp/db, whose copy is then the one they use.
    const pg = requirePg([path.resolve(process.argv[1] ?? 'x'), fileURLToPath(new URL('../../db/package.json', import.meta.url))]);
    const query = pg.Client.prototype.query;
    const sqlLog = process.env.BENCH_SQL_LOG;
    pg.Client.prototype.query = function countedQuery(...args) {
      statements += 1;
      if (sqlLog) {
        const text = typeof args[0] === 'string' ? args[0] : args[0]?.text;
        appendFileSync(sqlLog, `${Date.now()} ${String(text).replace(/\s+/g, ' ').slice(0, 300)}\n`);
      }
      return query.apply(this, args);
    };
  } catch {
    // a process without node-postgres
  }
  let session;
  if (process.env.BENCH_PROFILE === '1') {
    session = new Session();
    session.connect();
    session.post('Profiler.enable', () => session.post('Profiler.start'));
  }
  process.on('SIGUSR2', () => {
    const ms = (ns) => Math.max(0, Math.round((ns / 1e6 - resolution) * 100) / 100);
    const report = {
      p50: ms(histogram.percentile(50)),
      p99: ms(histogram.percentile(99)),
      max: ms(histogram.max),
      statements,
      at: Date.now(),
    };
    histogram.reset();
    statements = 0;
    writeFileSync(`${dir}/${process.pid}.json`, JSON.stringify(report));
    session?.post('Profiler.stop', (error, result) => {
      if (!error) {
        writeFileSync(`${dir}/${process.pid}.cpuprofile.tmp`, JSON.stringify(result.profile));
        renameSync(`${dir}/${process.pid}.cpuprofile.tmp`, `${dir}/${process.pid}.cpuprofile`);
      }
      session.post('Profiler.start');
    });
  });
}
