import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findFreePort } from '@idp/db/setup';
import { spawnChild, type Child } from './child-process.ts';
import { endpoints, repoRoot, type LauncherConfig } from './config.ts';
import { prepareDatabase } from './database.ts';
import { runtimeFlags } from './node-flags.mjs';
import type { InProcessStack } from './one-process.ts';

export const backendServices = ['oidc', 'management-api', 'experience-api', 'account-api'] as const;
type Backend = (typeof backendServices)[number];

const upstreamVariable: Record<Backend, string> = {
  oidc: 'OIDC_URL',
  'management-api': 'MANAGEMENT_API_URL',
  'experience-api': 'EXPERIENCE_API_URL',
  'account-api': 'ACCOUNT_API_URL',
};
const socketVariable: Record<Backend, string> = {
  oidc: 'OIDC_SOCKET',
  'management-api': 'MANAGEMENT_API_SOCKET',
  'experience-api': 'EXPERIENCE_API_SOCKET',
  'account-api': 'ACCOUNT_API_SOCKET',
};

const frontends = [
  { name: 'ui', devPort: 5001, variable: 'UI_DEV_URL' },
  { name: 'console', devPort: 5002, variable: 'CONSOLE_DEV_URL' },
  { name: 'demo-app', devPort: 5003, variable: 'DEMO_APP_DEV_URL' },
];

export type StackOptions = {
  /** Run services from TypeScript source and proxy the frontends to Vite dev servers. */
  dev?: boolean;
  /** Overrides the configuration's IDP_MODE (`--services` on the command line). */
  mode?: LauncherConfig['IDP_MODE'];
  log?: (line: string) => void;
  output?: (line: string) => void;
};

export type RunningStack = {
  userUrl: string;
  adminUrl: string;
  databaseUrl: string;
  mode: LauncherConfig['IDP_MODE'];
  stop(): Promise<void>;
};

/**
 * V8's young generation, capped at 4 MB per semi-space instead of Node's 16: measured idle, it is
 * what a service's start-up leaves committed (about 25 MB less RSS per process; the whole
 * one-process stack 195 → 170 MB), while objects of a request still die young. The root `start`
 * script passes the same to the one-process launcher.
 */
export const youngGenerationFlag = '--max-semi-space-size=4';

/**
 * What every separately started service runs with (the Dockerfile's CMD passes the same; V8 takes
 * `--optimize-for-size` only on the command line, not in NODE_OPTIONS). It has V8 grow the heap in
 * small steps and compact it when it collects, instead of keeping start-up's garbage and headroom
 * committed. Measured with MALLOC_ARENA_MAX below: 10-25 MB less idle RSS per service (all six
 * 675-709 → 605 MB); CPU per request on discovery about 10% higher, within `pnpm bench`'s noise on
 * a shared machine but likely real: it is the price of the smaller heap. Then the flags of
 * node-flags.mjs, which the root `start` script gives the one-process stack too.
 */
export const serviceNodeFlags = [youngGenerationFlag, '--optimize-for-size', ...runtimeFlags];

/**
 * glibc gives each thread that allocates its own malloc arena, and keeps what it frees there: V8's
 * compiler and GC helper threads and libuv's pool leave several MB each, idle. Two arenas are
 * enough for Node, whose allocations are nearly all on the main thread.
 */
export const serviceEnvironment = { MALLOC_ARENA_MAX: '2' };

const serviceCommand = (name: string, dev: boolean) => [
  ...serviceNodeFlags,
  ...(dev ? ['--import', 'tsx', path.join('services', name, 'src', 'main.ts')] : [path.join('services', name, 'dist', 'main.js')]),
];

const probeHost = (host: string) => (['0.0.0.0', '::', 'localhost'].includes(host) ? '127.0.0.1' : host);

// `pnpm start`: the database, then every backend service on a free loopback port, then the gateway
// on the two public ports (or, in one-process mode, all of them in this process, see
// one-process.ts). Stopping goes in reverse: the gateway first, so nothing new comes in.
export async function startStack(config: LauncherConfig, options: StackOptions = {}): Promise<RunningStack> {
  const log = options.log ?? console.log;
  const output = options.output ?? console.log;
  const dev = options.dev ?? false;
  const mode = options.mode ?? config.IDP_MODE;
  const database = await prepareDatabase(config, log);
  // Every process runs on this host, so the gateway reaches the services (and the experience service
  // the oidc service) through Unix sockets in a folder of this run's own, under the system's
  // temporary folder: socket paths must stay under 108 bytes, which a deep checkout would not.
  const socketDir = mkdtempSync(path.join(os.tmpdir(), 'idp-sockets-'));
  const socketOf = (name: Backend) => path.join(socketDir, `${name}.sock`);
  const children: Child[] = [];
  let inProcess: InProcessStack | undefined;
  // The gateway goes first so nothing new comes in, then the services together, then the database.
  const stop = async () => {
    const gateway = children.find((child) => child.name === 'gateway');
    await gateway?.stop();
    await inProcess?.stop();
    await Promise.all(children.filter((child) => child !== gateway).map(async (child) => child.stop()));
    await database.stop();
    rmSync(socketDir, { recursive: true, force: true });
  };
  // Should the launcher itself die, it takes its children along instead of leaving them running.
  process.once('exit', () => {
    for (const child of children) child.process.kill('SIGKILL');
    rmSync(socketDir, { recursive: true, force: true });
  });

  try {
    const secret = config.INTERNAL_SECRET ?? randomBytes(32).toString('base64url');
    const { endpoint, adminEndpoint } = endpoints(config);
    const common = {
      INTERNAL_SECRET: secret,
      LOG_LEVEL: config.LOG_LEVEL,
      NODE_ENV: dev ? 'development' : 'production',
      // Logto's mock connectors are usable only in services started with this on (see @idp/connectors).
      MOCK_CONNECTORS: String(config.MOCK_CONNECTORS),
      // Uploaded user assets live in this run's data folder (`<DATA_DIR>/user-assets`).
      DATA_DIR: config.DATA_DIR,
    };
    const gatewayEnv: Record<string, string> = {};

    if (dev) {
      children.push(
        ...(await Promise.all(
          frontends.map(async ({ name, devPort, variable }) => {
            gatewayEnv[variable] = `http://localhost:${devPort}`;
            return spawnChild({
              name,
              command: process.execPath,
              args: [path.join('node_modules', 'vite', 'bin', 'vite.js'), '--port', String(devPort), '--strictPort'],
              cwd: path.join(repoRoot, 'packages', name),
              env: {},
              readyUrl: `http://localhost:${devPort}${name === 'ui' ? '/' : `/${name}/`}`,
              output,
            });
          }),
        )),
      );
    }

    if (mode === 'one-process') {
      // Imported only here: the other mode's launcher keeps none of the services' code in memory.
      const { startInProcess } = await import('./one-process.ts');
      inProcess = await startInProcess({
        env: { ...common, ENDPOINT: endpoint, ADMIN_ENDPOINT: adminEndpoint },
        gatewayEnv: { ...gatewayEnv, PORT: String(config.PORT), ADMIN_PORT: String(config.ADMIN_PORT), HOST: config.HOST },
        databaseUrl: database.serviceUrl,
        log,
      });
      return { userUrl: endpoint, adminUrl: adminEndpoint, databaseUrl: database.url, mode, stop };
    }

    // Ports first: services find each other (the experience service calls the oidc service's
    // internal API) through the same variables the gateway reads.
    const ports = new Map<Backend, number>();
    for (const name of backendServices) {
      const port = await findFreePort();
      ports.set(name, port);
      gatewayEnv[upstreamVariable[name]] = `http://127.0.0.1:${port}`;
      gatewayEnv[socketVariable[name]] = socketOf(name);
    }
    const started = await Promise.all(
      backendServices.map(async (name) => {
        const port = ports.get(name)!;
        return spawnChild({
          name,
          command: process.execPath,
          args: serviceCommand(name, dev),
          cwd: repoRoot,
          env: {
            ...common,
            ...serviceEnvironment,
            DATABASE_URL: database.serviceUrl,
            DATABASE_POOL_SIZE: '5',
            PORT: String(port),
            HOST: '127.0.0.1',
            SOCKET_PATH: socketOf(name),
            ENDPOINT: endpoint,
            ADMIN_ENDPOINT: adminEndpoint,
            OIDC_URL: gatewayEnv.OIDC_URL!,
            OIDC_SOCKET: socketOf('oidc'),
          },
          readyUrl: `http://127.0.0.1:${port}/health/ready`,
          output,
        });
      }),
    );
    children.push(...started);
    // The webhooks worker: nothing routes to it, so it only answers its health routes on a port.
    const webhooksPort = await findFreePort();
    children.push(
      await spawnChild({
        name: 'webhooks',
        command: process.execPath,
        args: serviceCommand('webhooks', dev),
        cwd: repoRoot,
        env: {
          ...common,
          ...serviceEnvironment,
          DATABASE_URL: database.serviceUrl,
          DATABASE_POOL_SIZE: '5',
          PORT: String(webhooksPort),
          HOST: '127.0.0.1',
        },
        readyUrl: `http://127.0.0.1:${webhooksPort}/health/ready`,
        output,
      }),
    );
    log(`services ready: ${backendServices.join(', ')} (Unix sockets in ${socketDir})`);

    children.push(
      await spawnChild({
        name: 'gateway',
        command: process.execPath,
        args: serviceCommand('gateway', dev),
        cwd: repoRoot,
        // The endpoints decide which origins may frame the sign-in pages (the console's preview).
        env: {
          ...common,
          ...serviceEnvironment,
          ...gatewayEnv,
          ENDPOINT: endpoint,
          ADMIN_ENDPOINT: adminEndpoint,
          PORT: String(config.PORT),
          ADMIN_PORT: String(config.ADMIN_PORT),
          HOST: config.HOST,
        },
        readyUrl: `http://${probeHost(config.HOST)}:${config.ADMIN_PORT}/health/live`,
        output,
      }),
    );
    return { userUrl: endpoint, adminUrl: adminEndpoint, databaseUrl: database.url, mode, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
