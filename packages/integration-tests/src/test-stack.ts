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
  stop(): Promise<void>;
};

const listen = async (app: App, port = 0) => {
  await app.listen({ port, host: '127.0.0.1' });
  const address = app.server.address();
  if (typeof address !== 'object' || !address) throw new Error('no address');
  return `http://127.0.0.1:${address.port}`;
};

// The whole stack in this process, on free loopback ports, against a fresh migrated and seeded
// database: every backend service's real `buildApp` and the gateway's two listeners. Start it once
// per test file (beforeAll) and stop it in afterAll.
export async function startTestStack(options: { frontends?: Omit<FrontendDists, 'remove'> } = {}): Promise<TestStack> {
  const database = await createTestDatabase({ seed: true });
  const fixtures = options.frontends ? undefined : await createFixtureFrontends();
  const frontends = options.frontends ?? fixtures!;
  const apps: App[] = [];
  try {
    // The endpoints are the OIDC issuers, so the services must know them before the gateway listens.
    const userPort = await findFreePort();
    const adminPort = await findFreePort();
    const config: BackendConfig = {
      ENDPOINT: `http://127.0.0.1:${userPort}`,
      ADMIN_ENDPOINT: `http://127.0.0.1:${adminPort}`,
      PORT: 0,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      INTERNAL_SECRET: randomBytes(24).toString('base64url'),
      DATABASE_URL: database.url,
      DATABASE_POOL_SIZE: 5,
    };
    const builders = {
      oidc: buildOidc,
      'management-api': buildManagementApi,
      'experience-api': buildExperienceApi,
      'account-api': buildAccountApi,
    } as const;
    const serviceUrls = {} as TestStack['serviceUrls'];
    // Test RPs (back-channel logout receivers) listen on loopback, which the OP refuses by default.
    const oidcConfig = { ...config, OIDC_ALLOW_PRIVATE_FETCH: true };
    for (const [name, build] of Object.entries(builders) as Array<[keyof typeof builders, typeof buildOidc]>) {
      const app = build({ config: oidcConfig, database });
      apps.push(app);
      serviceUrls[name] = await listen(app);
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
    const userGateway = buildGateway(gatewayConfig, defaultListener);
    const adminGateway = buildGateway(gatewayConfig, adminListener);
    apps.push(userGateway, adminGateway);
    const userUrl = await listen(userGateway, userPort);
    const adminUrl = await listen(adminGateway, adminPort);

    const stop = async () => {
      // Gateways first, then the services, then the database they share.
      for (const app of [...apps].reverse()) await app.close();
      await database.drop();
      await fixtures?.remove();
    };
    return { userUrl, adminUrl, serviceUrls, database, config, gatewayConfig, stop };
  } catch (error) {
    await Promise.all(apps.map(async (app) => app.close()));
    await database.drop();
    await fixtures?.remove();
    throw error;
  }
}
