// A rolling restart of the oidc service under load loses no request: two instances behind the
// gateway (OIDC_URL lists both), twenty clients asking for client-credentials tokens and discovery
// without pause, and each instance in turn drained, closed and replaced by a new one on its port.
// Every request must get a 2xx answer, none later than the gateway's response timeout.
import { performance } from 'node:perf_hooks';
import { createDatabase, defaultTenantId, managementApiIndicator, type Database } from '@idp/db';
import * as gateway from '@idp/gateway';
import { buildApp as buildOidc } from '@idp/oidc';
import { roles } from '@idp/schemas';
import { drainAndClose, type App } from '@idp/server-kit';
import { assignApplicationRole, insertApplication, startTestStack, type TestStack } from '@idp/test-stack';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';

const responseTimeoutMs = 5000;
const clients = 20;

let stack: TestStack<'oidc'>;
let database: Database;
let proxy: App;
let proxyUrl: string;
let basicAuth: string;
const instances: Array<{ app: App; port: number }> = [];

const buildInstance = () => buildOidc({ config: { ...stack.config, OIDC_ALLOW_PRIVATE_FETCH: true }, database });

async function startInstance(port = 0) {
  const app = buildInstance();
  await app.listen({ port, host: '127.0.0.1' });
  const address = app.server.address();
  if (typeof address !== 'object' || !address) throw new Error('no address');
  return { app, port: address.port };
}

beforeAll(async () => {
  stack = await startTestStack({ services: { oidc: buildOidc }, gateway });
  database = createDatabase(stack.database.url, { max: 10 });
  const { db } = stack.database;
  const m2m = await insertApplication(db, defaultTenantId, { type: 'MachineToMachine' });
  const [managementRole] = await db
    .select()
    .from(roles)
    .where(and(eq(roles.tenantId, defaultTenantId), eq(roles.name, 'Logto Management API access')));
  await assignApplicationRole(db, defaultTenantId, m2m.id, managementRole!.id);
  basicAuth = `Basic ${Buffer.from(`${m2m.id}:${m2m.secret}`).toString('base64')}`;

  instances.push(await startInstance(), await startInstance());
  proxy = gateway.buildApp(
    {
      ...stack.gatewayConfig,
      OIDC_URL: instances.map(({ port }) => `http://127.0.0.1:${port}`).join(','),
      GATEWAY_CONNECT_TIMEOUT_MS: 1000,
      GATEWAY_RESPONSE_TIMEOUT_MS: responseTimeoutMs,
    },
    gateway.defaultListener,
  );
  proxyUrl = await proxy.listen({ port: 0, host: '127.0.0.1' });
}, 90_000);

afterAll(async () => {
  await proxy?.close();
  for (const { app } of instances) await app.close();
  await database?.close();
  await stack?.stop();
});

type Outcome = { what: string; status: number | string; ms: number };

const tokenRequest = () =>
  fetch(`${proxyUrl}/oidc/token`, {
    method: 'POST',
    headers: { authorization: basicAuth, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', resource: managementApiIndicator, scope: 'all' }).toString(),
    signal: AbortSignal.timeout(responseTimeoutMs + 2000),
  });

const discoveryRequest = () =>
  fetch(`${proxyUrl}/oidc/.well-known/openid-configuration`, { signal: AbortSignal.timeout(responseTimeoutMs + 2000) });

async function client(index: number, until: () => boolean, outcomes: Outcome[]) {
  for (let n = index; !until(); n++) {
    const what = n % 3 === 0 ? 'discovery' : 'token';
    const startedAt = performance.now();
    try {
      const response = await (what === 'token' ? tokenRequest() : discoveryRequest());
      const body = await response.text();
      outcomes.push({
        what,
        status: response.ok ? response.status : `${response.status} ${body.slice(0, 120)}`,
        ms: performance.now() - startedAt,
      });
    } catch (error) {
      outcomes.push({ what, status: (error as Error).message, ms: performance.now() - startedAt });
    }
  }
}

it('loses no request while each oidc instance is restarted in turn', async () => {
  // Sanity: the pair answers before any restart.
  expect((await tokenRequest()).status).toBe(200);

  const outcomes: Outcome[] = [];
  let done = false;
  const load = Promise.all(Array.from({ length: clients }, async (_, index) => client(index, () => done, outcomes)));
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  try {
    await sleep(1000);
    for (let i = 0; i < instances.length; i++) {
      const { app, port } = instances[i]!;
      await drainAndClose(app);
      instances[i] = await startInstance(port);
      await sleep(1000);
    }
  } finally {
    done = true;
    await load;
  }

  const failed = outcomes.filter(({ status }) => typeof status !== 'number');
  const slowest = Math.max(...outcomes.map(({ ms }) => ms));
  expect(outcomes.length).toBeGreaterThan(clients * 2);
  expect(failed, `${failed.length} of ${outcomes.length} requests failed`).toEqual([]);
  expect(slowest).toBeLessThan(responseTimeoutMs);
}, 120_000);
