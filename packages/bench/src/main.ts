// `pnpm bench`: the stack in production mode on PostgreSQL, seeded with what the hot paths need,
// each path driven by autocannon from a separate process, against this machine's own ceilings
// measured in the same run. Prints one table and writes it as JSON under packages/bench/results.
// The parts: settings.ts (BENCH_* variables), jobs.ts (the load generator's process), paths.ts
// (what is driven), measure-path.ts (one path's window), summary.ts (what is printed and kept).
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createDatabase, defaultTenantId } from '@idp/db';
import { findFreePort } from '@idp/db/setup';
import { loadLauncherConfig, openDatabase, startStack } from '@idp/launcher';
import pg from 'pg';
import { type Ceilings, measureCpuCeilings } from './ceilings.ts';
import { externalDatabase } from './external-database.ts';
import { measureBareFastify, scratch } from './jobs.ts';
import { measurePath } from './measure-path.ts';
import { mintTokens, pathSpecs } from './paths.ts';
import { environmentOf, findStackProcesses, rssMb, type ServiceName, serviceNames, collectProbes } from './processes.ts';
import type { CeilingName, PathRow } from './report.ts';
import type { RunResult } from './runner.ts';
import { seedBench } from './seed.ts';
import { benchDir, elapsed, log, repoRoot, settings, type StackMode } from './settings.ts';
import { spawnOneProcessStack } from './spawned-stack.ts';
import { measureWebhooks } from './webhooks-path.ts';
import { measureConsoleUsers } from './console-users.ts';
import { reportRun } from './summary.ts';

const cleanups: (() => Promise<void> | void)[] = [() => rmSync(scratch, { recursive: true, force: true })];
const cleanUp = async () => {
  for (const cleanup of cleanups.reverse()) {
    try {
      await cleanup();
    } catch (error) {
      console.error('cleanup failed:', error);
    }
  }
};
process.once('SIGINT', () => void cleanUp().then(() => process.exit(130)));

async function main() {
  const startedAt = new Date();
  log(
    `settings: ${settings.duration} s per path after a ${settings.warmup} s warm-up, ${settings.connections} connections, ${settings.users.toLocaleString('en-US')} users`,
  );

  // Ceilings first, on a quiet machine.
  const cpu: Ceilings = await measureCpuCeilings();
  log(
    `ceilings: ES256 ${cpu.es256PerSecond.toLocaleString('en-US')} signatures/s on one core; argon2id ${cpu.argon2idPerSecond} hashes/s on all cores (${cpu.argon2idSerialPerSecond}/s one at a time)`,
  );
  const bare = await measureBareFastify();
  log(`ceiling: bare Fastify route ${bare.rps.toLocaleString('en-US')} req/s, p50 ${bare.p50} ms, p99 ${bare.p99} ms`);
  const ceilings: Record<CeilingName, number> = { ES256: cpu.es256PerSecond, argon2id: cpu.argon2idPerSecond, Fastify: bare.rps };

  const results: ModeResult[] = [];
  for (const mode of settings.modes) results.push(await runMode(mode, { startedAt, cpu, bare, ceilings }));
  // Both modes side by side: what a small VM sees first.
  for (const result of results) {
    log(
      `memory, ${result.mode}: idle ${result.idleTotalMb} MB in ${result.processes} process(es) (${Object.entries(result.idleRssMb)
        .map(([name, mb]) => `${name} ${mb}`)
        .join(', ')}), without PostgreSQL; results in ${result.file}`,
    );
  }
}

type ModeResult = { mode: StackMode; idleRssMb: Record<string, number>; idleTotalMb: number; processes: number; file: string };

async function runMode(
  mode: StackMode,
  run: { startedAt: Date; cpu: Ceilings; bare: RunResult; ceilings: Record<CeilingName, number> },
): Promise<ModeResult> {
  log(`mode: ${mode === 'one-process' ? 'one process (pnpm start)' : 'a process per service (IDP_MODE=services)'}`);
  // The stack, on a throwaway data folder or database, with a secret we know and the lag probe.
  const modeDir = path.join(scratch, mode);
  const dataDir = path.join(modeDir, 'data');
  const lagDir = path.join(modeDir, 'lag');
  mkdirSync(lagDir, { recursive: true });
  let databaseUrl: string | undefined;
  if (settings.databaseUrl) {
    const database = await externalDatabase(settings.databaseUrl);
    databaseUrl = database.url;
    cleanups.push(() => database.drop());
  }
  const [port, adminPort] = [await findFreePort(), await findFreePort()];
  const internalSecret = randomBytes(24).toString('base64url');
  const launcherEnv = {
    DATA_DIR: dataDir,
    PORT: String(port),
    ADMIN_PORT: String(adminPort),
    HOST: '127.0.0.1',
    ENDPOINT: `http://127.0.0.1:${port}`,
    ADMIN_ENDPOINT: `http://127.0.0.1:${adminPort}`,
    INTERNAL_SECRET: internalSecret,
    MOCK_CONNECTORS: 'false',
    LOG_LEVEL: 'warn',
  };
  const config = loadLauncherConfig({ ...launcherEnv, DATABASE_URL: databaseUrl });
  const probe = path.join(benchDir, 'src', 'lag-probe.mjs');
  const savedEnv = {
    NODE_OPTIONS: process.env.NODE_OPTIONS,
    BENCH_LAG_DIR: process.env.BENCH_LAG_DIR,
    BENCH_PROFILE: process.env.BENCH_PROFILE,
  };
  // The launcher passes its environment on to the services: that is how the probe gets in.
  process.env.NODE_OPTIONS = [savedEnv.NODE_OPTIONS, `--import=${probe}`].filter(Boolean).join(' ');
  process.env.BENCH_LAG_DIR = lagDir;
  process.env.BENCH_PROFILE = settings.profile ? '1' : '0';
  const serviceOutput: string[] = [];
  const stackStarted = performance.now();
  let stack: { userUrl: string; databaseUrl: string; stop(): Promise<void> };
  let oidcDirect: string | undefined;
  if (mode === 'one-process') {
    // The database is opened here (embedded unless BENCH_DATABASE_URL), the launcher runs apart.
    const database = await openDatabase(config, () => {});
    cleanups.push(() => database.stop());
    // As `pnpm start` connects to its embedded server: through the Unix socket when there is one.
    const spawned = await spawnOneProcessStack({ ...launcherEnv, DATABASE_URL: database.serviceUrl }, (line) => serviceOutput.push(line));
    stack = { userUrl: spawned.userUrl, databaseUrl: database.url, stop: spawned.stop };
    oidcDirect = spawned.oidcInternalUrl;
  } else {
    stack = await startStack(config, { mode, log: (line) => log(line), output: (line) => serviceOutput.push(line) });
  }
  const startMs = Math.round(performance.now() - stackStarted);
  for (const [key, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  let stopped = false;
  const stopStack = async () => {
    if (stopped) return;
    stopped = true;
    await stack.stop();
  };
  cleanups.push(stopStack);
  log(`stack ready in ${(startMs / 1000).toFixed(1)} s at ${stack.userUrl}`);

  const processes = findStackProcesses();
  // One process, or the gateway, the four services and the webhooks worker.
  const expected = mode === 'one-process' ? 1 : serviceNames.length;
  if (processes.services.size !== expected) throw new Error(`found ${processes.services.size} of ${expected} stack processes`);
  oidcDirect ??= `http://127.0.0.1:${environmentOf(processes.services.get('oidc')!).PORT}`;
  const database = createDatabase(stack.databaseUrl, { max: 2 });
  const seeded = await seedBench(database.db, database.pool, { tenantId: defaultTenantId, userCount: settings.users });
  await database.close();
  log(
    `seeded apps and ${settings.users.toLocaleString('en-US')} users in ${(seeded.seedMs / 1000).toFixed(1)} s (users: ${(seeded.usersMs / 1000).toFixed(1)} s)`,
  );

  const tokens = await mintTokens(stack.userUrl, oidcDirect, internalSecret, seeded);
  log(`minted ${tokens.refreshTokens.length} refresh-token chains, an access token and a Management API token`);

  const idleRssMb = Object.fromEntries([...processes.services].map(([name, pid]) => [name, rssMb(pid)])) as Record<ServiceName, number>;
  await collectProbes(processes, lagDir);

  // The "direct" rows measure the gateway hop, which one process does not have.
  const specs = pathSpecs(stack.userUrl, oidcDirect, internalSecret, seeded, tokens).filter(
    (spec) => (!settings.paths || settings.paths.includes(spec.id)) && !(mode === 'one-process' && spec.id.endsWith('-direct')),
  );
  const rows: PathRow[] = [];
  const statsPool = new pg.Pool({ connectionString: stack.databaseUrl, max: 1 });
  statsPool.on('error', () => {}); // the database may stop under it on the way out
  for (const spec of specs) {
    const row = await measurePath(spec, processes, lagDir, run.ceilings, statsPool);
    rows.push(row);
    const { result } = row;
    log(
      `${spec.label}: ${result.rps} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, errors ${result.errors + result.non2xx}, ≈ ${row.transactionsPerRequest} DB transactions/request, ${row.statementsPerRequest} statements/request${row.autovacuum?.length ? `; autovacuum meanwhile: ${row.autovacuum.join(', ')}` : ''}${result.firstError ? ` (${result.firstError})` : ''}`,
    );
  }
  await statsPool.end();
  if (!settings.paths || settings.paths.includes('webhooks')) rows.push(await measureWebhooks(stack.databaseUrl));
  if (!settings.paths || settings.paths.includes('console-users')) rows.push(await measureConsoleUsers(launcherEnv.ADMIN_ENDPOINT, seeded));
  const afterRssMb = Object.fromEntries([...processes.services].map(([name, pid]) => [name, rssMb(pid)])) as Record<ServiceName, number>;

  await stopStack();

  const idleTotalMb = Object.values(idleRssMb).reduce((sum, mb) => sum + mb, 0);
  const file = reportRun({ ...run, mode, rows, startMs, seeded, idleRssMb, afterRssMb, serviceOutput });
  log(`${mode}: results written to ${path.relative(repoRoot, file)}; total ${elapsed().trim()}`);
  return { mode, idleRssMb, idleTotalMb, processes: processes.services.size, file: path.relative(repoRoot, file) };
}

try {
  await main();
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
process.exit(process.exitCode ?? 0);
