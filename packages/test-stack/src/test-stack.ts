import { randomBytes } from 'node:crypto';
import type { BackendConfig } from '@idp/config';
import type { Database } from '@idp/db';
import { findFreePort } from '@idp/db/setup';
import type { App } from '@idp/server-kit';
import { createTestDatabase, type TestDatabase } from '@idp/test-utils';
import { createFixtureFrontends, type FrontendDists } from './fixture-frontends.ts';

export type ServiceName = 'oidc' | 'management-api' | 'experience-api' | 'account-api';

// The services' `buildApp`s come in as parameters: this package imports no service, so a service's
// own tests can start a stack of it without a cycle in the workspace's dependency graph. The
// parameter types say what the stack hands each service; each service's real `Deps` accept it.
export type ServiceBuilders = {
  oidc: (deps: { config: BackendConfig & { OIDC_ALLOW_PRIVATE_FETCH: boolean }; database: Database }) => App;
  'management-api'?: (deps: { config: BackendConfig & { INTEGRATION_TEST: boolean }; database: Database }) => App;
  'experience-api'?: (deps: { config: BackendConfig & { OIDC_URL: string }; database: Database; now?: () => Date }) => App;
  'account-api'?: (deps: { config: BackendConfig & { OIDC_URL: string }; database: Database }) => App;
};

export type StackGatewayConfig = BackendConfig & {
  ADMIN_PORT: number;
  OIDC_URL: string;
  MANAGEMENT_API_URL: string;
  EXPERIENCE_API_URL: string;
  ACCOUNT_API_URL: string;
  UI_DIST: string;
  CONSOLE_DIST: string;
  DEMO_APP_DIST: string;
};

type Listener = { tenantId: string; serveConsole: boolean };
type ServiceKey = 'oidc' | 'managementApi' | 'experienceApi' | 'accountApi';

/** The gateway's registry of services mounted in its process (one-process mode). */
export type MountedServices = { mount(name: ServiceKey, app: App): Promise<void>; unmount(name: ServiceKey): void };

/** What the stack needs of `@idp/gateway`: pass the module itself (`import * as gateway`). */
export type GatewayModule = {
  // A method, so that the gateway's own registry class (which has more than this type) is accepted.
  buildApp(config: StackGatewayConfig, listener: Listener, mounted?: MountedServices): App;
  defaultListener: Listener;
  adminListener: Listener;
  MountedServices: new () => MountedServices;
};

/**
 * How the stack runs, as `pnpm start` does: `one-process` (the default, as there) hands requests to
 * the services in the gateway's process; `services` proxies to them over HTTP as separate
 * deployments do. IDP_MODE chooses, so the same test files run in either.
 */
export type StackMode = 'one-process' | 'services';
export const stackMode = (): StackMode => (process.env.IDP_MODE === 'services' ? 'services' : 'one-process');

const serviceKeys: Record<ServiceName, ServiceKey> = {
  oidc: 'oidc',
  'management-api': 'managementApi',
  'experience-api': 'experienceApi',
  'account-api': 'accountApi',
};

export type TestStack<Running extends ServiceName = ServiceName> = {
  /** The user endpoint (tenant `default`). */
  userUrl: string;
  /** The admin endpoint (tenant `admin`). */
  adminUrl: string;
  /** Each running backend service's own address, bypassing the gateway. */
  serviceUrls: Record<Running, string>;
  database: TestDatabase;
  config: BackendConfig;
  gatewayConfig: StackGatewayConfig;
  /** The running instance of a service, e.g. to read the routes it registered. */
  app(name: Running): App;
  /** Closes a service and starts a new instance of it on the same port. */
  restartService(name: Running): Promise<void>;
  /** Whether the gateway proxies to the services or runs them in its process. */
  mode: StackMode;
  stop(): Promise<void>;
};

/** Any stack: every stack runs the oidc service, which the gateway and the helpers need. */
export type AnyTestStack = TestStack<'oidc'>;

export type StackOptions<Builders extends ServiceBuilders> = {
  services: Builders;
  gateway: GatewayModule;
  frontends?: Omit<FrontendDists, 'remove'>;
  adminDatabaseUrl?: string;
  /** The experience service's clock (TOTP steps, sign-in locks), for tests that move time. */
  experienceClock?: () => Date;
  /**
   * Host name of the endpoints (default 127.0.0.1). Browser tests of WebAuthn use `localhost`:
   * browsers refuse an IP address as a relying party, and localhost is a secure context over http.
   */
  endpointHost?: string;
  /** Overrides IDP_MODE (see `stackMode`). */
  mode?: StackMode;
  /**
   * The services' OUTBOUND_ALLOW_HOSTS. Default: loopback, where test RPs (back-channel logout
   * receivers), SMTP servers and the admin tenant's OP standing in for a social provider listen.
   * `''` gives the production default (public addresses only).
   */
  outboundAllowHosts?: string;
};

const loopbackAllowHosts = '127.0.0.0/8,::1,localhost';

type Running<Builders> = Extract<keyof Builders, ServiceName>;

/**
 * Where the gateway sends the prefixes of a service the stack does not run: the discard port, where
 * nothing listens, so such a request gets the gateway's answer for an upstream that is down.
 */
export const absentServiceUrl = 'http://127.0.0.1:9';

const listen = async (app: App, port = 0) => {
  await app.listen({ port, host: '127.0.0.1' });
  const address = app.server.address();
  if (typeof address !== 'object' || !address) throw new Error('no address');
  return `http://127.0.0.1:${address.port}`;
};

const isAddressInUse = (error: unknown) => (error as { code?: unknown } | undefined)?.code === 'EADDRINUSE';

// The stack in this process, on free loopback ports, against a fresh migrated and seeded database:
// the given services' real `buildApp` and the gateway's two listeners. Each service also listens on
// a port of its own in both modes (tests call some directly); in one-process mode the gateway hands
// requests to the service apps in process instead of proxying to those ports. Start it once per test file
// (beforeAll) and stop it in afterAll.
// The gateway's ports are picked before the services are built (they are the issuers), so another
// test file running in parallel can take one in between; the whole stack then starts again.
export async function startTestStack<Builders extends ServiceBuilders>(
  options: StackOptions<Builders>,
): Promise<TestStack<Running<Builders>>> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startTestStackOnce(options);
    } catch (error) {
      if (attempt >= 3 || !isAddressInUse(error)) throw error;
    }
  }
}

async function startTestStackOnce<Builders extends ServiceBuilders>(
  options: StackOptions<Builders>,
): Promise<TestStack<Running<Builders>>> {
  // The services of a test stack run in this process: Logto's mock connectors are on for them, as
  // the launcher turns them on for local development (a test may still turn them off).
  process.env.MOCK_CONNECTORS ??= 'true';
  const database = await createTestDatabase({ seed: true, adminUrl: options.adminDatabaseUrl });
  const fixtures = options.frontends ? undefined : await createFixtureFrontends();
  const frontends = options.frontends ?? fixtures!;
  const mode = options.mode ?? stackMode();
  const mounted = mode === 'one-process' ? new options.gateway.MountedServices() : undefined;
  const services = new Map<ServiceName, { app: App; port: number }>();
  const gateways: App[] = [];
  const closeAll = async () => {
    // Gateways first, then the services, then the database they share.
    for (const app of gateways) await app.close();
    for (const { app } of services.values()) await app.close();
    await database.drop();
    await fixtures?.remove();
  };
  try {
    // The endpoints are the OIDC issuers, so the services must know them before the gateway listens.
    const userPort = await findFreePort();
    const adminPort = await findFreePort();
    const config: BackendConfig & { OUTBOUND_ALLOW_HOSTS: string } = {
      ENDPOINT: `http://${options.endpointHost ?? '127.0.0.1'}:${userPort}`,
      ADMIN_ENDPOINT: `http://${options.endpointHost ?? '127.0.0.1'}:${adminPort}`,
      PORT: 0,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      INTERNAL_SECRET: randomBytes(24).toString('base64url'),
      DATABASE_URL: database.url,
      DATABASE_POOL_SIZE: 5,
      OUTBOUND_ALLOW_HOSTS: options.outboundAllowHosts ?? loopbackAllowHosts,
    };
    const serviceUrls: Partial<Record<ServiceName, string>> = {};
    const { oidc, 'management-api': managementApi, 'experience-api': experienceApi, 'account-api': accountApi } = options.services;
    // In start order: the experience service finishes sign-ins through the oidc service's internal
    // API, so it is built after the oidc service listens.
    const builders: Partial<Record<ServiceName, () => App>> = {
      oidc: () => oidc({ config: { ...config, OIDC_ALLOW_PRIVATE_FETCH: false }, database }),
      // Black-box tests may stand in for a token with `development-user-id` (Logto's convention).
      ...(managementApi && { 'management-api': () => managementApi({ config: { ...config, INTEGRATION_TEST: true }, database }) }),
      ...(experienceApi && {
        'experience-api': () =>
          experienceApi({ config: { ...config, OIDC_URL: serviceUrls.oidc! }, database, now: options.experienceClock }),
      }),
      // The account service resolves access tokens through the oidc service's internal API.
      ...(accountApi && { 'account-api': () => accountApi({ config: { ...config, OIDC_URL: serviceUrls.oidc! }, database }) }),
    };
    for (const [name, build] of Object.entries(builders) as Array<[ServiceName, () => App]>) {
      const app = build();
      serviceUrls[name] = await listen(app);
      services.set(name, { app, port: Number(new URL(serviceUrls[name]).port) });
      await mounted?.mount(serviceKeys[name], app);
    }
    const gatewayConfig: StackGatewayConfig = {
      ...config,
      ADMIN_PORT: 0,
      OIDC_URL: serviceUrls.oidc!,
      MANAGEMENT_API_URL: serviceUrls['management-api'] ?? absentServiceUrl,
      EXPERIENCE_API_URL: serviceUrls['experience-api'] ?? absentServiceUrl,
      ACCOUNT_API_URL: serviceUrls['account-api'] ?? absentServiceUrl,
      UI_DIST: frontends.ui,
      CONSOLE_DIST: frontends.console,
      DEMO_APP_DIST: frontends.demoApp,
    };
    const { gateway } = options;
    gateways.push(
      gateway.buildApp(gatewayConfig, gateway.defaultListener, mounted),
      gateway.buildApp(gatewayConfig, gateway.adminListener, mounted),
    );
    await listen(gateways[0]!, userPort);
    await listen(gateways[1]!, adminPort);
    const { ENDPOINT: userUrl, ADMIN_ENDPOINT: adminUrl } = config;

    // A replica dying and a new one taking its place: same address, fresh process state.
    const restartService = async (name: ServiceName) => {
      const running = services.get(name);
      const build = builders[name];
      if (!running || !build) throw new Error(`the stack does not run ${name}`);
      // In one process, the gateway answers 503 meanwhile, as it does for a service that is down.
      mounted?.unmount(serviceKeys[name]);
      await running.app.close();
      const app = build();
      await listen(app, running.port);
      services.set(name, { app, port: running.port });
      await mounted?.mount(serviceKeys[name], app);
    };
    return {
      userUrl,
      adminUrl,
      serviceUrls: serviceUrls as Record<Running<Builders>, string>,
      database,
      config,
      gatewayConfig,
      app: (name) => services.get(name)!.app,
      restartService,
      mode,
      stop: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
