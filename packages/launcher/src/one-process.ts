// One-process mode (the default of `pnpm start`): the four backend services, the webhooks worker
// and the gateway's two listeners run in this process, over one database pool. The gateway hands each request to the
// service's app in process (see @idp/gateway's in-process-services.ts); nothing listens on a port
// but the two public ones.
//
// What crosses services keeps its HTTP contract: the experience and account services (and the
// gateway's document cache and automatic consent) call the oidc service's internal API through a
// Unix socket whose connections go straight to the oidc app's own server, in this process. That is
// the cheapest way that changes none of those clients: they keep their undici pools, timeouts,
// error mapping and the internal secret exactly as in the other mode, and the call costs a local
// socket round trip (no TCP, no proxy). An in-process undici Dispatcher over `app.inject` would
// save only the socket syscalls while building the same request/response objects and buffering
// each answer, behind a hand-written adapter of undici's handler protocol; a sign-in makes a few
// such calls, far fewer than the requests the hand-off above serves.
import { mkdtempSync, rmSync, chmodSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { buildApp as buildAccountApi, loadAccountApiConfig } from '@idp/account-api';
import { databaseOptions } from '@idp/config';
import { createDatabase } from '@idp/db';
import { buildApp as buildExperienceApi, loadExperienceApiConfig } from '@idp/experience-api';
import { adminListener, buildApp as buildGateway, defaultListener, loadGatewayConfig, MountedServices } from '@idp/gateway';
import { buildApp as buildManagementApi, loadManagementApiConfig } from '@idp/management-api';
import { buildApp as buildOidc, loadOidcConfig } from '@idp/oidc';
import type { App } from '@idp/server-kit';
import { buildApp as buildWebhooks, loadWebhooksConfig } from '@idp/webhooks';

export type InProcessOptions = {
  /** What each service would get as its environment in the other mode (secret, endpoints, log level…). */
  env: Record<string, string>;
  /** The gateway's own settings: ports, host, frontends. */
  gatewayEnv: Record<string, string>;
  databaseUrl: string;
  log: (line: string) => void;
};

export type InProcessStack = { socketDir: string; stop(): Promise<void> };

/** Pool size of the one pool all services share (the other mode gives each service 5). */
const sharedPoolSize = '10';

// Connections accepted on the socket go to the app's own HTTP server, which listens nowhere else.
async function serveOnSocket(app: App, socketPath: string): Promise<Server> {
  const server = createServer((socket) => app.server.emit('connection', socket));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Only this user may connect (the folder is this run's own and private, too).
  chmodSync(socketPath, 0o600);
  return server;
}

const closeServer = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

export async function startInProcess(options: InProcessOptions): Promise<InProcessStack> {
  // The services read some settings from the environment itself (MOCK_CONNECTORS in @idp/connectors).
  for (const [name, value] of Object.entries(options.env)) process.env[name] ??= value;
  const socketDir = mkdtempSync(path.join(os.tmpdir(), 'idp-sockets-'));
  const oidcSocket = path.join(socketDir, 'oidc.sock');
  const env = {
    ...process.env,
    ...options.env,
    DATABASE_URL: options.databaseUrl,
    DATABASE_POOL_SIZE: sharedPoolSize,
    // The services' own ports are unused here; the oidc service's internal API is on the socket.
    PORT: '0',
    HOST: '127.0.0.1',
    OIDC_URL: 'http://localhost',
    OIDC_SOCKET: oidcSocket,
  };
  const oidcConfig = loadOidcConfig(env);
  const database = createDatabase(options.databaseUrl, databaseOptions(oidcConfig));
  const mounted = new MountedServices();
  const services: App[] = [];
  const gateways: App[] = [];
  let socketServer: Server | undefined;
  // The gateway first so nothing new comes in, then the services, the socket and the pool.
  const stop = async () => {
    await Promise.all(gateways.map(async (app) => app.close()));
    const socketClosed = socketServer ? closeServer(socketServer) : Promise.resolve();
    await Promise.all(services.map(async (app) => app.close()));
    for (const app of services) app.server.closeAllConnections();
    await socketClosed;
    await database.close();
    rmSync(socketDir, { recursive: true, force: true });
  };

  try {
    const oidc = buildOidc({ config: oidcConfig, database });
    services.push(oidc);
    await mounted.mount('oidc', oidc);
    socketServer = await serveOnSocket(oidc, oidcSocket);
    const others: Array<[Parameters<MountedServices['mount']>[0], App]> = [
      ['managementApi', buildManagementApi({ config: loadManagementApiConfig(env), database })],
      ['experienceApi', buildExperienceApi({ config: loadExperienceApiConfig(env), database })],
      ['accountApi', buildAccountApi({ config: loadAccountApiConfig(env), database })],
    ];
    for (const [name, app] of others) {
      services.push(app);
      await mounted.mount(name, app);
    }
    // The webhooks worker delivers from the outbox in the background; nothing routes to it.
    const webhooks = buildWebhooks({ config: loadWebhooksConfig(env), database });
    services.push(webhooks);
    await webhooks.ready();
    options.log(
      `services ready in this process: oidc, management-api, experience-api, account-api, webhooks (internal socket in ${socketDir})`,
    );

    const gatewayConfig = loadGatewayConfig({
      ...env,
      ...options.gatewayEnv,
      OIDC_URL: 'http://localhost',
      MANAGEMENT_API_URL: 'http://localhost',
      EXPERIENCE_API_URL: 'http://localhost',
      ACCOUNT_API_URL: 'http://localhost',
      OIDC_SOCKET: oidcSocket,
    });
    for (const [listener, port] of [
      [defaultListener, gatewayConfig.PORT],
      [adminListener, gatewayConfig.ADMIN_PORT],
    ] as const) {
      const app = buildGateway(gatewayConfig, listener, mounted);
      gateways.push(app);
      await app.listen({ port, host: gatewayConfig.HOST });
    }
    return { socketDir, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
