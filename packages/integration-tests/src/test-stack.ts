import { randomBytes } from 'node:crypto';
import { buildApp as buildAccountApi } from '@idp/account-api';
import type { BackendConfig } from '@idp/config';
import { buildApp as buildExperienceApi } from '@idp/experience-api';
import { adminListener, buildApp as buildGateway, defaultListener, type GatewayConfig } from '@idp/gateway';
import { buildApp as buildManagementApi } from '@idp/management-api';
import { buildApp as buildOidc } from '@idp/oidc';
import { findFreePort } from '@idp/db/setup';
import type { App } from '@idp/server-kit';
import { createTestDatabase, type TestDatabase } from '@idp/test-utils';
import { createFixtureFrontends, type FrontendDists } from './fixture-frontends.ts';

export type TestStack = {
  /** The user endpoint (tenant `default`). */
  userUrl: string;
  /** The admin endpoint (tenant `admin`). */
  adminUrl: string;
  /** Each backend service's own address, bypassing the gateway. */
  serviceUrls: Record<'oidc' | 'management-api' | 'experience-api' | 'account-api', string>;
  database: TestDatabase;
  config: BackendConfig;
  gatewayConfig: GatewayConfig;
  /** Closes a service and starts a new instance of it on the same port. */
  restartService(name: keyof TestStack['serviceUrls']): Promise<void>;
  stop(): Promise<void>;
};

const listen = async (app: App, port = 0) => {
  await app.listen({ port, host: '127.0.0.1' });
  const address = app.server.address();
  if (typeof address !== 'object' || !address) throw new Error('no address');
  return `http://127.0.0.1:${address.port}`;
};

type ServiceName = keyof TestStack['serviceUrls'];

// The whole stack in this process, on free loopback ports, against a fresh migrated and seeded
// database: every backend service's real `buildApp` and the gateway's two listeners. Start it once
// per test file (beforeAll) and stop it in afterAll.
type StackOptions = {
  frontends?: Omit<FrontendDists, 'remove'>;
  adminDatabaseUrl?: string;
  /** The experience service's clock (TOTP steps, sign-in locks), for tests that move time. */
  experienceClock?: () => Date;
  /**
   * Host name of the endpoints (default 127.0.0.1). Browser tests of WebAuthn use `localhost`:
   * browsers refuse an IP address as a relying party, and localhost is a secure context over http.
   */
  endpointHost?: string;
};

const isAddressInUse = (error: unknown) => (error as { code?: unknown } | undefined)?.code === 'EADDRINUSE';

// The gateway's ports are picked before the services are built (they are the issuers), so another
// test file running in parallel can take one in between; the whole stack then starts again.
export async function startTestStack(options: StackOptions = {}): Promise<TestStack> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startTestStackOnce(options);
    } catch (error) {
      if (attempt >= 3 || !isAddressInUse(error)) throw error;
    }
  }
}

async function startTestStackOnce(options: StackOptions): Promise<TestStack> {
  const database = await createTestDatabase({ seed: true, adminUrl: options.adminDatabaseUrl });
  const fixtures = options.frontends ? undefined : await createFixtureFrontends();
  const frontends = options.frontends ?? fixtures!;
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
    const config: BackendConfig = {
      ENDPOINT: `http://${options.endpointHost ?? '127.0.0.1'}:${userPort}`,
      ADMIN_ENDPOINT: `http://${options.endpointHost ?? '127.0.0.1'}:${adminPort}`,
      PORT: 0,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      INTERNAL_SECRET: randomBytes(24).toString('base64url'),
      DATABASE_URL: database.url,
      DATABASE_POOL_SIZE: 5,
    };
    // Test RPs (back-channel logout receivers) listen on loopback, which the OP refuses by default.
    const oidcConfig = { ...config, OIDC_ALLOW_PRIVATE_FETCH: true };
    const builders: Record<ServiceName, () => App> = {
      oidc: () => buildOidc({ config: oidcConfig, database }),
      // Black-box tests may stand in for a token with `development-user-id` (Logto's convention).
      'management-api': () => buildManagementApi({ config: { ...config, INTEGRATION_TEST: true }, database }),
      // Built after the oidc service listens: it finishes sign-ins through that service's internal API.
      'experience-api': () => buildExperienceApi({ config: { ...config, OIDC_URL: serviceUrls.oidc }, database, now: options.experienceClock }),
      'account-api': () => buildAccountApi({ config, database }),
    };
    const serviceUrls = {} as TestStack['serviceUrls'];
    for (const [name, build] of Object.entries(builders) as Array<[ServiceName, () => App]>) {
      const app = build();
      serviceUrls[name] = await listen(app);
      services.set(name, { app, port: Number(new URL(serviceUrls[name]).port) });
    }
    const gatewayConfig: GatewayConfig = {
      ...config,
      ADMIN_PORT: 0,
      OIDC_URL: serviceUrls.oidc,
      MANAGEMENT_API_URL: serviceUrls['management-api'],
      EXPERIENCE_API_URL: serviceUrls['experience-api'],
      ACCOUNT_API_URL: serviceUrls['account-api'],
      UI_DIST: frontends.ui,
      CONSOLE_DIST: frontends.console,
      DEMO_APP_DIST: frontends.demoApp,
    };
    gateways.push(buildGateway(gatewayConfig, defaultListener), buildGateway(gatewayConfig, adminListener));
    await listen(gateways[0]!, userPort);
    await listen(gateways[1]!, adminPort);
    const { ENDPOINT: userUrl, ADMIN_ENDPOINT: adminUrl } = config;

    // A replica dying and a new one taking its place: same address, fresh process state.
    const restartService = async (name: ServiceName) => {
      const running = services.get(name)!;
      await running.app.close();
      const app = builders[name]();
      await listen(app, running.port);
      services.set(name, { app, port: running.port });
    };
    return { userUrl, adminUrl, serviceUrls, database, config, gatewayConfig, restartService, stop: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
