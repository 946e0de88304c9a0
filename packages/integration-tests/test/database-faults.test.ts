// A database that freezes (SIGSTOP: it accepts connections but never answers) or goes down must
// not hold requests or readiness probes for as long as the fault lasts: they fail fast with 503 and
// the service recovers by itself once the database is back. This file runs its own PostgreSQL, so
// it can freeze and stop it without touching the one other tests share.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDatabase, defaultTenantId, type Database } from '@idp/db';
import { createManagementApiApp, startEmbeddedPostgres, type EmbeddedServer } from '@idp/db/setup';
import { buildApp } from '@idp/management-api';
import { buildApp as buildOidc } from '@idp/oidc';
import { internalSecretHeader, tenantHeader, type App } from '@idp/server-kit';
import { createTestDatabase, type TestDatabase } from '@idp/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let dataDir: string;
let server: EmbeddedServer;
let testDatabase: TestDatabase;
let database: Database;
let app: App;
let oidc: App;
let baseUrl: string;
let oidcUrl: string;
let client: { id: string; secret: string };
const internalSecret = randomBytes(24).toString('base64url');
const timeoutMs = 1_000;

async function postgresProcesses(): Promise<number[]> {
  const postmaster = Number((await readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0]);
  const children: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // The parent pid is the second field after the command name, which is in parentheses.
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (parent === postmaster) children.push(Number(entry));
  }
  return [postmaster, ...children];
}

async function signalPostgres(signal: 'SIGSTOP' | 'SIGCONT') {
  for (const pid of await postgresProcesses()) {
    try {
      process.kill(pid, signal);
    } catch {
      // a backend that ended meanwhile
    }
  }
}

/** A Management API request as the gateway forwards it, with the black-box test user. */
async function timed(pathname: string) {
  const started = performance.now();
  const response = await fetch(`${baseUrl}${pathname}`, {
    headers: { [tenantHeader]: defaultTenantId, [internalSecretHeader]: internalSecret, 'development-user-id': 'fault-test' },
    signal: AbortSignal.timeout(20_000),
  });
  const body = (await response.json()) as Record<string, unknown>;
  return { status: response.status, body, ms: performance.now() - started };
}

/** An opaque client-credentials token: the OP must store it, so it needs the database. */
async function requestToken() {
  const response = await fetch(`${oidcUrl}/oidc/token`, {
    method: 'POST',
    headers: {
      [tenantHeader]: defaultTenantId,
      [internalSecretHeader]: internalSecret,
      authorization: `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
    signal: AbortSignal.timeout(20_000),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const listen = async (service: App) => {
  await service.listen({ port: 0, host: '127.0.0.1' });
  const address = service.server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
};

async function eventually(check: () => Promise<boolean>, withinMs: number) {
  const deadline = Date.now() + withinMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not recovered within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'idp-faults-pg-'));
  server = await startEmbeddedPostgres({ dataDir });
  testDatabase = await createTestDatabase({ seed: true, adminUrl: server.url });
  database = createDatabase(testDatabase.url, {
    max: 3,
    connectTimeoutMs: timeoutMs,
    statementTimeoutMs: timeoutMs,
    idleInTransactionTimeoutMs: timeoutMs,
  });
  client = await createManagementApiApp(testDatabase.db, 'fault test client');
  const config = {
    PORT: 0,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent' as const,
    INTERNAL_SECRET: internalSecret,
    DATABASE_URL: testDatabase.url,
    DATABASE_POOL_SIZE: 3,
    ENDPOINT: 'http://127.0.0.1:1',
    ADMIN_ENDPOINT: 'http://127.0.0.1:2',
  };
  app = buildApp({ config: { ...config, INTEGRATION_TEST: true }, database });
  oidc = buildOidc({ config: { ...config, OIDC_ALLOW_PRIVATE_FETCH: false }, database });
  baseUrl = await listen(app);
  oidcUrl = await listen(oidc);
});

afterAll(async () => {
  await signalPostgres('SIGCONT').catch(() => {});
  await app?.close();
  await oidc?.close();
  await database?.close();
  await testDatabase?.drop().catch(() => {});
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('a frozen database', () => {
  it('turns readiness to 503 within two seconds and fails requests with 503, then recovers', async () => {
    expect((await timed('/api/applications')).status).toBe(200);
    expect((await requestToken()).status).toBe(200);
    await signalPostgres('SIGSTOP');
    try {
      const [ready, list] = await Promise.all([timed('/health/ready'), timed('/api/applications')]);
      expect(ready.status).toBe(503);
      expect(ready.ms).toBeLessThan(2_000);
      expect(list.status).toBe(503);
      expect(list.body.code).toBe('request.service_unavailable');
      // The statement timeout plus the client's grace second, with room for a slow machine.
      expect(list.ms).toBeLessThan(timeoutMs + 3_000);
      // A request that needs a new connection gives up after the connect timeout.
      const another = await timed('/api/users');
      expect(another.status).toBe(503);
      expect(another.ms).toBeLessThan(timeoutMs + 3_000);
      expect(await requestToken()).toMatchObject({ status: 503, body: { error: 'temporarily_unavailable' } });
    } finally {
      await signalPostgres('SIGCONT');
    }
    await eventually(async () => (await timed('/health/ready')).status === 200, 5_000);
    expect((await timed('/api/applications')).status).toBe(200);
  });
});

describe('a database that is down', () => {
  it('answers 503 with a code instead of 500, and the service recovers without a restart', async () => {
    const port = Number(new URL(server.url).port);
    await server.stop();
    const list = await timed('/api/applications');
    expect(list.status).toBe(503);
    expect(list.body).toMatchObject({ code: 'request.service_unavailable' });
    expect((await timed('/health/ready')).status).toBe(503);
    expect(await requestToken()).toMatchObject({ status: 503, body: { error: 'temporarily_unavailable' } });

    server = await startEmbeddedPostgres({ dataDir, port });
    await eventually(async () => (await timed('/api/applications')).status === 200, 5_000);
    expect((await timed('/health/ready')).status).toBe(200);
    expect((await requestToken()).status).toBe(200);
  });
});
