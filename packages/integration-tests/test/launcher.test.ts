import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findFreePort } from '@idp/db/setup';
import { launcherScript, repoRoot, startScriptNodeFlags } from '@idp/launcher';
import { createManagementApi } from '@logto/api/management';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `pnpm start` as a user runs it: the launcher from the repository, the built services and
// frontends, and no DATABASE_URL, so the embedded PostgreSQL keeps its data in a data folder.
type Running = { child: ChildProcess; output: string[]; exited: Promise<number | null> };
// The launcher's mode follows IDP_MODE, as the child inherits this environment (one process unless set).
const oneProcess = process.env.IDP_MODE !== 'services';

let dataDir: string;
let ports: { PORT: string; ADMIN_PORT: string };
const userUrl = () => `http://localhost:${ports.PORT}`;
const adminUrl = () => `http://localhost:${ports.ADMIN_PORT}`;

async function start(): Promise<Running> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, ...ports, LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, [...startScriptNodeFlags(), launcherScript], { cwd: repoRoot, env });
  const output: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    // A wait for readiness, not a measure of it: other test files start stacks at the same time,
    // and on a busy 2-core machine the four services have taken over a minute to come up.
    const timer = setTimeout(() => reject(new Error(`launcher not ready:\n${output.join('')}`)), 150_000);
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString());
      if (output.join('').includes('Press Ctrl-C to stop.')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => reject(new Error(`launcher exited with ${code}:\n${output.join('')}`)));
  });
  return { child, output, exited };
}

async function stop(running: Running): Promise<number | null> {
  running.child.kill('SIGINT');
  return running.exited;
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'idp-launcher-'));
  ports = { PORT: String(await findFreePort()), ADMIN_PORT: String(await findFreePort()) };
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const text = async (url: string) => {
  const response = await fetch(url);
  return { status: response.status, body: await response.text() };
};

describe('pnpm start', () => {
  it('brings up the stack on an embedded PostgreSQL, serves built frontends, keeps data across restarts and stops on Ctrl-C', async () => {
    const first = await start();
    let firstExit: number | null;
    let socketDir = '';
    try {
      const log = first.output.join('');
      expect(log).toMatch(/embedded PostgreSQL started/);
      expect(log).toMatch(/migration 1\/\d+ \S+: applied in \d+ ms/);
      expect(log).toContain(`User endpoint  (tenant default): ${userUrl()}`);
      expect(log).toContain(`Admin endpoint (tenant admin):   ${adminUrl()}`);

      expect(await text(`${userUrl()}/demo-app/`)).toMatchObject({ status: 200, body: expect.stringContaining('<title>Demo App</title>') });
      expect(await text(`${adminUrl()}/console/`)).toMatchObject({
        status: 200,
        body: expect.stringContaining('<title>Admin Console</title>'),
      });
      expect(await text(`${userUrl()}/sign-in`)).toMatchObject({ status: 200, body: expect.stringContaining('<title>Sign in</title>') });
      const html = (await text(`${adminUrl()}/console/`)).body;
      const asset = /src="(\/console\/assets\/[^"]+\.js)"/.exec(html)?.[1];
      expect(asset).toBeDefined();
      expect((await fetch(`${adminUrl()}${asset}`)).status).toBe(200);
      const health = await fetch(`${userUrl()}/health/services`);
      expect(health.status).toBe(200);
      if (oneProcess) {
        // Every service in the launcher's process; only the oidc service's internal API has a socket.
        expect(log).toContain('(one process)');
        socketDir = /internal socket in (\S+)\)/.exec(log)![1]!;
        expect(await readdir(socketDir)).toEqual(['oidc.sock']);
      } else {
        // The gateway reaches the services through Unix sockets in the run's own folder.
        socketDir = /Unix sockets in (\S+)\)/.exec(log)![1]!;
        expect((await readdir(socketDir)).sort()).toEqual(['account-api.sock', 'experience-api.sock', 'management-api.sock', 'oidc.sock']);
      }
      expect((await fetch(`${userUrl()}/oidc/.well-known/openid-configuration`)).status).toBe(200);

      // The README's "Manage with the API": a Management API client made by `pnpm db` while the
      // stack runs (it attaches to the running embedded database), then used through @logto/api.
      const created = spawnSync('pnpm', ['db', 'create-m2m-app', 'README example'], {
        cwd: repoRoot,
        env: Object.fromEntries(Object.entries({ ...process.env, DATA_DIR: dataDir }).filter(([name]) => name !== 'DATABASE_URL')),
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(created.status, created.stderr).toBe(0);
      const clientId = /client id: +(\S+)/.exec(created.stdout)![1]!;
      const clientSecret = /client secret: +(\S+)/.exec(created.stdout)![1]!;
      const { apiClient } = createManagementApi('default', { clientId, clientSecret, baseUrl: userUrl() });
      const { data: apps, response } = await apiClient.GET('/api/applications');
      expect(response.status).toBe(200);
      expect(apps!.map(({ id }) => id)).toContain(clientId);

      // Change a row the way an admin would, straight in the embedded database.
      const port = /database: postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:(\d+)\//.exec(log)?.[1];
      const password = (await readFile(path.join(dataDir, 'postgres-password'), 'utf8')).trim();
      const client = new pg.Client({ host: '127.0.0.1', port: Number(port), user: 'postgres', password, database: 'postgres' });
      await client.connect();
      await client.query(
        `update sign_in_experiences set color = jsonb_set(color, '{primaryColor}', '"#123456"') where tenant_id = 'default'`,
      );
      // The services are on the server's Unix socket (no client address); this test is on TCP.
      const { rows } = await client.query<{ local: number; tcp: number }>(
        `select count(*) filter (where client_addr is null)::int as local, count(*) filter (where client_addr is not null)::int as tcp
         from pg_stat_activity where backend_type = 'client backend'`,
      );
      expect(rows[0]!.local).toBeGreaterThan(0);
      expect(rows[0]!.tcp).toBe(1);
      await client.end();
    } finally {
      firstExit = await stop(first);
    }
    expect(firstExit, first.output.join('')).toBe(0);
    expect(first.output.join('')).toContain('stopped');
    expect(existsSync(socketDir)).toBe(false);
    await expect(fetch(`${userUrl()}/health/live`)).rejects.toThrow();

    const second = await start();
    try {
      expect(second.output.join('')).toMatch(/database is up to date/);
      const response = await fetch(`${userUrl()}/api/.well-known/sign-in-exp`);
      expect(((await response.json()) as { color: { primaryColor: string } }).color.primaryColor).toBe('#123456');
    } finally {
      expect(await stop(second)).toBe(0);
    }
  }, 360_000);
});
