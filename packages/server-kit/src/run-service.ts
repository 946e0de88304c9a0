import { chmodSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import type { App } from './create-service.ts';
import { defaultDrainDelayMs, drainAndClose } from './drain-and-close.ts';

export type RunOptions = {
  port: number;
  host: string;
  /** A Unix socket to accept connections on as well as the TCP port (see SOCKET_PATH). */
  socketPath?: string;
  /** Called after the server has stopped taking and finished serving requests (e.g. close the DB pool). */
  onClosed?: () => Promise<void>;
  /** Longest a shutdown may take (SHUTDOWN_TIMEOUT_MS); past it the process exits anyway, code 1. */
  shutdownTimeoutMs?: number;
  /** See `drainAndClose`; at most half the shutdown timeout. */
  drainDelayMs?: number;
};

export const defaultShutdownTimeoutMs = 10_000;

// Connections accepted on the socket are handed to the app's own HTTP server, so they share its
// routes, limits and draining with the TCP ones.
async function listenOnSocket(app: App, socketPath: string): Promise<Server> {
  // A file left by a process that died is in the way; nothing can still be listening on it, since
  // the launcher gives each run its own folder.
  rmSync(socketPath, { force: true });
  const server = createServer((socket) => app.server.emit('connection', socket));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Only this user (the gateway and the services run as one) may connect.
  chmodSync(socketPath, 0o600);
  return server;
}

// What every service's `main` does after building its app: listen, then on SIGTERM or SIGINT drain
// (readiness 503, new requests refused, in-flight ones finished), release resources and exit.
export async function runService(app: App, options: RunOptions): Promise<void> {
  let stopping = false;
  let socketServer: Server | undefined;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      return;
    }
    stopping = true;
    app.log.info({ signal }, 'shutting down: draining in-flight requests');
    const timeoutMs = options.shutdownTimeoutMs ?? defaultShutdownTimeoutMs;
    // A request stuck on something that never answers must not keep the process (and its port) forever.
    setTimeout(() => {
      app.log.error({ timeoutMs }, 'shutdown timed out: closing the connections still open');
      app.server.closeAllConnections();
      process.exit(1);
    }, timeoutMs).unref();
    try {
      await drainAndClose(app, { drainDelayMs: Math.min(options.drainDelayMs ?? defaultDrainDelayMs, timeoutMs / 2), socketServer });
      await options.onClosed?.();
      app.log.info('stopped');
      process.exit(0);
    } catch (error) {
      app.log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);

  await app.listen({ port: options.port, host: options.host });
  if (options.socketPath) {
    socketServer = await listenOnSocket(app, options.socketPath);
    app.log.info({ socketPath: options.socketPath }, 'also listening on a Unix socket');
  }
}
