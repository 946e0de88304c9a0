import type { Server } from 'node:net';
import type { App } from './create-service.ts';

export type DrainOptions = {
  /**
   * How long a draining service keeps its connections before closing the idle ones. A client about
   * to reuse one (the gateway) meanwhile gets a refusal it can retry elsewhere, and learns that this
   * instance drains; closing at once would race the request it is writing on it, and lose it.
   */
  drainDelayMs?: number;
  /** A server that accepted connections for the app (its Unix socket); closed with it. */
  socketServer?: Server;
};

export const defaultDrainDelayMs = 500;

const closeServer = (server: Server) =>
  new Promise<void>((resolve) => {
    server.close(() => resolve());
  });

// A service instance leaving without losing a request: readiness turns 503 and new requests are
// refused (retryable, see createService) at once, the requests in flight finish, then the server
// closes. Used by runService on SIGTERM, and by tests that restart an instance under load.
export async function drainAndClose(app: App, options: DrainOptions = {}): Promise<void> {
  app.startDraining();
  await new Promise((resolve) => setTimeout(resolve, options.drainDelayMs ?? defaultDrainDelayMs));
  // The socket's connections were handed to the app's server, whose close does not wait for them:
  // waiting for the socket server's own close does.
  const socketClosed = options.socketServer ? closeServer(options.socketServer) : Promise.resolve();
  await app.close();
  // Socket connections busy when the app closed its idle ones have answered by now (with
  // `Connection: close`); any left idle are closed here.
  app.server.closeIdleConnections();
  await socketClosed;
}
