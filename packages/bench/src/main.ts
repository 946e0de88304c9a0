// `pnpm bench`: the stack in production mode on PostgreSQL, seeded with what the hot paths need,
// each path driven by autocannon from a separate process, against this machine's own ceilings
// measured in the same run. Prints one table and writes it as JSON under packages/bench/results.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createDatabase, defaultTenantId, managementApiIndicator } from '@idp/db';
import { findFreePort } from '@idp/db/setup';
import { loadLauncherConfig, startStack } from '@idp/launcher';
import { internalSecretHeader, tenantHeader } from '@idp/server-kit';
import pg from 'pg';
import { measureCpuCeilings, type Ceilings } from './ceilings.ts';
import { basicAuth, signInInternally, tokenRequest } from './flows.ts';
import { collectProbes, environmentOf, findStackProcesses, rssMb, startUsageWindow, type ServiceName, type StackProcesses } from './processes.ts';
import { selfTimeByOwner, topSelfTime } from './profile.ts';
import { meetsTarget, ratioToCeiling, resultsTable, targetText, type CeilingName, type PathRow, type Target } from './report.ts';
import type { Job, RunResult } from './runner.ts';
import { benchPassword, benchResource, benchScope, seedBench, type Seeded } from './seed.ts';

/** A figure with its sign always shown: +3, −4 (a real minus sign). */
const signed = (value: number) => (value < 0 ? `−${-value}` : `+${value}`);
const benchDir = fileURLToPath(new URL('..', import.meta.url));
const repoRoot = path.resolve(benchDir, '../..');
const resultsDir = path.join(benchDir, 'results');
const runStamp = new Date().toISOString().replace(/[:.]/g, '-');

const numberFrom = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number, got ${process.env[name]}`);
  return value;
};
const settings = {
  duration: numberFrom('BENCH_DURATION', 8),
  warmup: numberFrom('BENCH_WARMUP', 2),
  connections: numberFrom('BENCH_CONNECTIONS', 10),
  signInConcurrency: numberFrom('BENCH_SIGN_IN_CONCURRENCY', 8),
  users: numberFrom('BENCH_USERS', 100_000),
  paths: process.env.BENCH_PATHS?.split(',').map((id) => id.trim()).filter(Boolean),
  profile: process.env.BENCH_PROFILE === '1' || process.env.BENCH_PROFILE === 'true',
  databaseUrl: process.env.BENCH_DATABASE_URL || undefined,
};

const began = performance.now();
const elapsed = () => `${((performance.now() - began) / 1000).toFixed(0).padStart(4)} s`;
const log = (line: string) => console.log(`[bench ${elapsed()}] ${line}`);

// ---- the load generator, in its own process ------------------------------------------------------

const scratch = mkdtempSync(path.join(os.tmpdir(), 'idp-bench-'));
// The embedded PostgreSQL runs as the `postgres` user when we are root: it must reach its folder.
chmodSync(scratch, 0o755);
let jobCount = 0;

/** Runs a job in a runner process; `onMeasure` brackets its measured part (after the warm-up). */
async function runJob<T>(job: Job, onMeasure: { start(): void; end(): T }): Promise<{ result: RunResult; measured: T }> {
  const file = path.join(scratch, `job-${(jobCount += 1)}.json`);
  writeFileSync(file, JSON.stringify(job));
  const { NODE_OPTIONS: _options, BENCH_LAG_DIR: _lag, ...env } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(benchDir, 'src', 'runner.ts'), file], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let result: RunResult | undefined;
  let measured: T | undefined;
  const lines = createInterface({ input: child.stdout });
  lines.on('line', (line) => {
    if (line === 'measure:start') onMeasure.start();
    else if (line === 'measure:end') measured = onMeasure.end();
    else if (line.startsWith('result:')) result = JSON.parse(line.slice('result:'.length)) as RunResult;
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (!result || measured === undefined) throw new Error(`runner for ${job.name} exited with ${code} and no result`);
  return { result, measured };
}

/** A bare Fastify route in its own process, driven the same way: the HTTP ceiling. */
async function measureBareFastify(): Promise<RunResult> {
  const server = spawn(process.execPath, ['--import', 'tsx', path.join(benchDir, 'src', 'bare-server.ts')], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      createInterface({ input: server.stdout }).on('line', (line) => line.startsWith('listening:') && resolve(line.slice(10)));
      server.once('exit', (code) => reject(new Error(`bare server exited with ${code}`)));
    });
    const job: Job = { kind: 'http', name: 'bare', url: `${url}/bare`, ...loadShape(settings.connections) };
    const { result } = await runJob(job, { start() {}, end: () => true });
    return result;
  } finally {
    server.kill('SIGTERM');
  }
}

const loadShape = (connections: number) => ({ duration: settings.duration, warmup: settings.warmup, connections });

// ---- the database ----------------------------------------------------------------------------------

/** With BENCH_DATABASE_URL, a database of our own on that server, dropped at the end. */
async function externalDatabase(adminUrl: string) {
  const name = `idp_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

// ---- the paths ---------------------------------------------------------------------------------------

type PathSpec = { id: string; label: string; target?: Target; ceiling: CeilingName; job: (connections: number) => Job };

function pathSpecs(base: string, oidcDirect: string, internalSecret: string, seeded: Seeded, tokens: MintedTokens): PathSpec[] {
  const form = 'application/x-www-form-urlencoded';
  const http = (name: string, url: string, extra: Partial<Extract<Job, { kind: 'http' }>> = {}) => (connections: number): Job => ({
    kind: 'http',
    name,
    url,
    ...loadShape(connections),
    ...extra,
  });
  const discoveryPath = '/oidc/.well-known/openid-configuration';
  // What the gateway adds to a request it passes on; the direct rows send it themselves.
  const asFromGateway = {
    [tenantHeader]: defaultTenantId,
    [internalSecretHeader]: internalSecret,
    'x-forwarded-host': new URL(base).host,
    'x-forwarded-proto': 'http',
  };
  const usernames = Array.from({ length: 5000 }, () => seeded.username(1 + Math.floor(Math.random() * seeded.userCount)));
  return [
    {
      id: 'discovery',
      label: `GET ${discoveryPath}`,
      target: { rps: 40_000, p99: 2 },
      ceiling: 'Fastify',
      job: http('discovery', `${base}${discoveryPath}`),
    },
    {
      id: 'discovery-direct',
      label: 'same, direct to oidc (no gateway)',
      ceiling: 'Fastify',
      job: http('discovery-direct', `${oidcDirect}${discoveryPath}`, { headers: asFromGateway }),
    },
    { id: 'jwks', label: 'GET /oidc/jwks', target: { rps: 40_000, p99: 2 }, ceiling: 'Fastify', job: http('jwks', `${base}/oidc/jwks`) },
    {
      id: 'client-credentials',
      label: 'POST /oidc/token client_credentials',
      target: { rps: 2000, p99: 10 },
      ceiling: 'ES256',
      job: http('client-credentials', `${base}/oidc/token`, {
        method: 'POST',
        headers: { authorization: basicAuth(seeded.m2mClient), 'content-type': form },
        body: new URLSearchParams({ grant_type: 'client_credentials', resource: benchResource, scope: benchScope }).toString(),
      }),
    },
    {
      id: 'refresh',
      label: 'POST /oidc/token refresh_token (rotation)',
      target: { rps: 1000, p99: 15 },
      ceiling: 'ES256',
      job: (connections) => ({
        kind: 'refresh',
        name: 'refresh',
        url: `${base}/oidc/token`,
        authorization: basicAuth(seeded.webClient),
        refreshTokens: tokens.refreshTokens,
        ...loadShape(connections),
      }),
    },
    {
      id: 'introspection',
      label: 'POST /oidc/token/introspection',
      target: { rps: 4000, p99: 5 },
      ceiling: 'Fastify',
      job: http('introspection', `${base}/oidc/token/introspection`, {
        method: 'POST',
        headers: { authorization: basicAuth(seeded.webClient), 'content-type': form },
        body: new URLSearchParams({ token: tokens.accessToken }).toString(),
      }),
    },
    {
      id: 'userinfo',
      label: 'GET /oidc/me',
      target: { rps: 4000, p99: 5 },
      ceiling: 'Fastify',
      job: http('userinfo', `${base}/oidc/me`, { headers: { authorization: `Bearer ${tokens.accessToken}` } }),
    },
    {
      id: 'userinfo-direct',
      label: 'same, direct to oidc (no gateway)',
      ceiling: 'Fastify',
      job: http('userinfo-direct', `${oidcDirect}/oidc/me`, { headers: { ...asFromGateway, authorization: `Bearer ${tokens.accessToken}` } }),
    },
    {
      id: 'users-page',
      label: `GET /api/users?page=N (${seeded.userCount.toLocaleString('en-US')} users)`,
      target: { rps: 1000, p99: 25 },
      ceiling: 'Fastify',
      job: http('users-page', `${base}/api/users?page={page}&page_size=20`, {
        headers: { authorization: `Bearer ${tokens.managementToken}` },
        pages: Math.max(1, Math.ceil(seeded.userCount / 20)),
      }),
    },
    {
      id: 'password-sign-in',
      label: 'password sign-in (code + PKCE, Experience API)',
      target: { ceilingShare: 0.8 },
      ceiling: 'argon2id',
      job: () => ({
        kind: 'sign-in',
        name: 'password-sign-in',
        baseUrl: base,
        client: seeded.webClient,
        usernames,
        password: benchPassword,
        ...loadShape(settings.signInConcurrency),
      }),
    },
  ];
}

type MintedTokens = { managementToken: string; accessToken: string; refreshTokens: string[] };

async function mintTokens(base: string, oidcDirect: string, internalSecret: string, seeded: Seeded): Promise<MintedTokens> {
  const { access_token: managementToken } = await tokenRequest(base, seeded.managementClient, {
    grant_type: 'client_credentials',
    resource: managementApiIndicator,
    scope: 'all',
  });
  const internal = { url: oidcDirect, secret: internalSecret, tenantId: defaultTenantId };
  // One grant per chain; twice the connections so that a chain is always free.
  const chains = Math.max(4, settings.connections * 2);
  const grants: Awaited<ReturnType<typeof signInInternally>>[] = [];
  for (let batch = 0; batch < chains; batch += 4) {
    grants.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(4, chains - batch) }, (_, index) => signInInternally(base, internal, seeded.webClient, seeded.userId(1 + batch + index))),
      )),
    );
  }
  const refreshTokens = grants.map((grant) => grant.refresh_token).filter((token): token is string => Boolean(token));
  if (refreshTokens.length !== chains) throw new Error('the code flow returned no refresh token');
  const { access_token: accessToken } = await signInInternally(base, internal, seeded.webClient, seeded.userId(seeded.userCount));
  return { managementToken, accessToken, refreshTokens };
}

// ---- the run -------------------------------------------------------------------------------------------

/**
 * Transactions the database has finished so far (each statement outside a transaction is one);
 * PostgreSQL publishes backends' counts about once a second, so a window's figure is close, not exact.
 */
async function transactionCount(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ count: string }>('select xact_commit + xact_rollback as count from pg_stat_database where datname = current_database()');
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
      .then(({ rows }) => rows.forEach(({ query }) => seen.add(query.replace(/^autovacuum:\s*/, ''))))
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

async function measurePath(
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
  log(`settings: ${settings.duration} s per path after a ${settings.warmup} s warm-up, ${settings.connections} connections, ${settings.users.toLocaleString('en-US')} users`);

  // Ceilings first, on a quiet machine.
  const cpu: Ceilings = await measureCpuCeilings();
  log(`ceilings: ES256 ${cpu.es256PerSecond.toLocaleString('en-US')} signatures/s on one core; argon2id ${cpu.argon2idPerSecond} hashes/s on all cores (${cpu.argon2idSerialPerSecond}/s one at a time)`);
  const bare = await measureBareFastify();
  log(`ceiling: bare Fastify route ${bare.rps.toLocaleString('en-US')} req/s, p50 ${bare.p50} ms, p99 ${bare.p99} ms`);
  const ceilings: Record<CeilingName, number> = { ES256: cpu.es256PerSecond, argon2id: cpu.argon2idPerSecond, Fastify: bare.rps };

  // The stack, on a throwaway data folder or database, with a secret we know and the lag probe.
  const dataDir = path.join(scratch, 'data');
  const lagDir = path.join(scratch, 'lag');
  mkdirSync(lagDir);
  let databaseUrl: string | undefined;
  if (settings.databaseUrl) {
    const database = await externalDatabase(settings.databaseUrl);
    databaseUrl = database.url;
    cleanups.push(() => database.drop());
  }
  const [port, adminPort] = [await findFreePort(), await findFreePort()];
  const internalSecret = randomBytes(24).toString('base64url');
  const config = loadLauncherConfig({
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    ADMIN_PORT: String(adminPort),
    HOST: '127.0.0.1',
    ENDPOINT: `http://127.0.0.1:${port}`,
    ADMIN_ENDPOINT: `http://127.0.0.1:${adminPort}`,
    INTERNAL_SECRET: internalSecret,
    MOCK_CONNECTORS: 'false',
    LOG_LEVEL: 'warn',
  });
  const probe = path.join(benchDir, 'src', 'lag-probe.mjs');
  const savedEnv = { NODE_OPTIONS: process.env.NODE_OPTIONS, BENCH_LAG_DIR: process.env.BENCH_LAG_DIR, BENCH_PROFILE: process.env.BENCH_PROFILE };
  // The launcher passes its environment on to the services: that is how the probe gets in.
  process.env.NODE_OPTIONS = [savedEnv.NODE_OPTIONS, `--import=${probe}`].filter(Boolean).join(' ');
  process.env.BENCH_LAG_DIR = lagDir;
  process.env.BENCH_PROFILE = settings.profile ? '1' : '0';
  const serviceOutput: string[] = [];
  const stackStarted = performance.now();
  const stack = await startStack(config, { log: (line) => log(line), output: (line) => serviceOutput.push(line) });
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
  if (processes.services.size !== 5) throw new Error(`found ${processes.services.size} of 5 service processes`);
  const oidcPid = processes.services.get('oidc')!;
  const oidcDirect = `http://127.0.0.1:${environmentOf(oidcPid).PORT}`;

  const database = createDatabase(stack.databaseUrl, { max: 2 });
  const seeded = await seedBench(database.db, database.pool, { tenantId: defaultTenantId, userCount: settings.users });
  await database.close();
  log(`seeded apps and ${settings.users.toLocaleString('en-US')} users in ${(seeded.seedMs / 1000).toFixed(1)} s (users: ${(seeded.usersMs / 1000).toFixed(1)} s)`);

  const tokens = await mintTokens(stack.userUrl, oidcDirect, internalSecret, seeded);
  // Statistics, as autovacuum keeps them on a long-lived database: without them the planner picks
  // indexes blindly for the OIDC adapter's lookups on a table that fills up during the run (and
  // autovacuum looks only once a minute, so a fresh run would measure its first minute without).
  {
    const stats = new pg.Client({ connectionString: stack.databaseUrl });
    await stats.connect();
    await stats.query('analyze');
    await stats.end();
  }
  log(`minted ${tokens.refreshTokens.length} refresh-token chains, an access token and a Management API token`);

  const idleRssMb = Object.fromEntries([...processes.services].map(([name, pid]) => [name, rssMb(pid)])) as Record<ServiceName, number>;
  await collectProbes(processes, lagDir);

  const specs = pathSpecs(stack.userUrl, oidcDirect, internalSecret, seeded, tokens).filter((spec) => !settings.paths || settings.paths.includes(spec.id));
  const rows: PathRow[] = [];
  const statsPool = new pg.Pool({ connectionString: stack.databaseUrl, max: 1 });
  statsPool.on('error', () => {}); // the database may stop under it on the way out
  for (const spec of specs) {
    const row = await measurePath(spec, processes, lagDir, ceilings, statsPool);
    rows.push(row);
    const { result } = row;
    log(
      `${spec.label}: ${result.rps} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, errors ${result.errors + result.non2xx}, ≈ ${row.transactionsPerRequest} DB transactions/request, ${row.statementsPerRequest} statements/request${row.autovacuum?.length ? `; autovacuum meanwhile: ${row.autovacuum.join(', ')}` : ''}${result.firstError ? ` (${result.firstError})` : ''}`,
    );
  }
  await statsPool.end();
  const afterRssMb = Object.fromEntries([...processes.services].map(([name, pid]) => [name, rssMb(pid)])) as Record<ServiceName, number>;

  await stopStack();

  // ---- the report --------------------------------------------------------------------------------
  // Discovery is answered from the gateway's own copy; userinfo is passed on to the oidc service.
  const gatewayOverheads = (['discovery', 'userinfo'] as const).flatMap((path) => {
    const direct = rows.find((row) => row.id === `${path}-direct`);
    const viaGateway = rows.find((row) => row.id === path);
    if (!direct || !viaGateway) return [];
    return [
      {
        path,
        directRps: direct.result.rps,
        gatewayRps: viaGateway.result.rps,
        throughputLoss: 1 - viaGateway.result.rps / direct.result.rps,
        addedP50Ms: Math.round((viaGateway.result.p50 - direct.result.p50) * 100) / 100,
        addedP99Ms: Math.round((viaGateway.result.p99 - direct.result.p99) * 100) / 100,
        gatewayCpuUsPerRequest: Math.round(((viaGateway.usage.cpuMs.gateway ?? 0) * 1000) / Math.max(1, viaGateway.result.requests)),
        oidcCpuUsPerRequest: Math.round(((viaGateway.usage.cpuMs.oidc ?? 0) * 1000) / Math.max(1, viaGateway.result.requests)),
      },
    ];
  });
  const machine = { cpus: os.availableParallelism(), model: os.cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version };

  const table = resultsTable(rows);
  const summary = [
    '',
    table,
    '',
    `Ceilings on this machine (${machine.cpus} cores, ${machine.model}): ES256 ${cpu.es256PerSecond.toLocaleString('en-US')} signatures/s on one core; ` +
      `argon2id ${cpu.argon2idPerSecond} hashes/s on all cores; bare Fastify route ${bare.rps.toLocaleString('en-US')} req/s (p99 ${bare.p99} ms).`,
    ...gatewayOverheads.map(
      (overhead) =>
        `Gateway overhead (${overhead.path}): ${overhead.directRps.toLocaleString('en-US')} req/s direct vs ${overhead.gatewayRps.toLocaleString('en-US')} through the gateway ` +
        `(${signed(-Math.round(overhead.throughputLoss * 100))} %), p50 ${signed(overhead.addedP50Ms)} ms, p99 ${signed(overhead.addedP99Ms)} ms` +
        // The gateway answers discovery from its own one-second copy, so it can beat the service.
        `${overhead.throughputLoss < 0 ? ' (the gateway replays its copy of the document)' : ''}; ` +
        `the gateway spends ${overhead.gatewayCpuUsPerRequest} µs of CPU per request (oidc ${overhead.oidcCpuUsPerRequest} µs).`,
    ),
    `Idle RSS MB: ${Object.entries(idleRssMb).map(([name, mb]) => `${name} ${mb}`).join(', ')}; after the run: ${Object.entries(afterRssMb).map(([name, mb]) => `${name} ${mb}`).join(', ')}.`,
    `Targets met: ${rows.filter((row) => meetsTarget(row)).length} of ${rows.filter((row) => row.target).length}. ` +
      `CPU % is of one core (${machine.cpus * 100} = all); "load" is the load generator; loop lag is the worst service's event-loop delay p99.`,
  ];
  for (const row of rows) {
    for (const [service, hot] of Object.entries(row.hot ?? {})) {
      const share = (value: number) => `${Math.round(value * 100)} %`;
      summary.push(
        `Profile, ${row.id} in ${service}: by package ${hot.owners.map((entry) => `${entry.owner} ${share(entry.share)}`).join(', ')}; ` +
          `top functions ${hot.functions.slice(0, 4).map((fn) => `${fn.name} ${fn.where ? `(${fn.where}) ` : ''}${share(fn.share)}`).join('; ')}`,
      );
    }
  }
  if (serviceOutput.length) summary.push(`Services logged ${serviceOutput.length} lines at warn or above; first: ${serviceOutput.slice(0, 3).join(' / ')}`);
  console.log(summary.filter((line) => line !== '').join('\n').replace(table, `\n${table}\n`));

  mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${runStamp}.json`);
  writeFileSync(
    file,
    `${JSON.stringify(
      {
        startedAt: startedAt.toISOString(),
        machine,
        settings: { ...settings, databaseUrl: settings.databaseUrl ? '(BENCH_DATABASE_URL)' : '(embedded)' },
        ceilings: { ...ceilings, argon2idSerialPerSecond: cpu.argon2idSerialPerSecond, bareFastify: bare },
        stack: { startMs, seedMs: seeded.seedMs, usersMs: seeded.usersMs, idleRssMb, afterRssMb },
        paths: rows.map((row) => ({
          ...row,
          targetText: targetText(row.target),
          meetsTarget: meetsTarget(row),
          ratioToCeiling: Math.round(ratioToCeiling(row) * 1000) / 1000,
        })),
        gatewayOverheads,
        serviceOutput: serviceOutput.slice(0, 50),
        table,
        totalSeconds: Math.round((performance.now() - began) / 1000),
      },
      null,
      2,
    )}\n`,
  );
  log(`results written to ${path.relative(repoRoot, file)}; total ${elapsed().trim()}`);
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
