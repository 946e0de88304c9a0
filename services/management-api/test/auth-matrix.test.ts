// Every route the Management API registers refuses a caller without a proper token: no token, a
// garbage token, a token of the tenant without the `all` scope, and a token for another resource.
// The routes come from the running service itself, and the public ones from the service's own
// marking (`security: []` in its OpenAPI document), so a new route is covered the day it is added
// and this file fails if it forgets authentication.
import { defaultTenantId, generateId } from '@idp/db';
import type { RegisteredRoute } from '@idp/server-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assignApplicationRole,
  callApi,
  insertApplication,
  insertResource,
  insertRole,
  managementToken,
  startTestStack,
  type TestStack,
} from './test-stack.ts';

type Document = { paths: Record<string, Record<string, { security?: unknown[] }>> };
type Expected = { status: number; code: string };

let stack: TestStack;
let routes: RegisteredRoute[];
let publicRoutes: RegisteredRoute[];
let guarded: RegisteredRoute[];

const toOpenApiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');

beforeAll(async () => {
  stack = await startTestStack();
  routes = stack.app('management-api').registeredRoutes;
  const document = (await callApi(stack.userUrl, undefined, 'GET', '/api/swagger.json')).body as Document;
  const isMarkedPublic = ({ method, url }: RegisteredRoute) =>
    document.paths[toOpenApiPath(url)]?.[method.toLowerCase()]?.security?.length === 0;
  publicRoutes = routes.filter(isMarkedPublic);
  guarded = routes.filter((route) => !isMarkedPublic(route));
});
afterAll(async () => stack?.stop());

/** A concrete request for a route: every path parameter a random id, a JSON body where one may go. */
function request({ method, url }: RegisteredRoute) {
  const path = url.replace(/:\w+/g, () => generateId());
  return { method, path, body: method === 'GET' || method === 'DELETE' ? undefined : {} };
}

/** Calls every guarded route with `token` and lists the ones that do not answer `expected`. */
async function refusals(token: string | undefined, expected: Expected) {
  const wrong: string[] = [];
  const queue = [...guarded];
  const worker = async () => {
    for (let route = queue.shift(); route; route = queue.shift()) {
      const { method, path, body } = request(route);
      const response = await callApi(stack.userUrl, token, method, path, body);
      const code = (response.body as { code?: string } | undefined)?.code;
      if (response.status !== expected.status || code !== expected.code) {
        wrong.push(`${route.method} ${route.url}: ${response.status} ${code ?? JSON.stringify(response.body)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return wrong.sort();
}

describe('authentication of every Management API route', () => {
  it('finds the routes, all under /api/, where the gateway sends them and the guard applies', () => {
    expect(guarded.length).toBeGreaterThan(50);
    expect(routes.filter(({ url }) => !url.startsWith('/api/')).map(({ method, url }) => `${method} ${url}`)).toEqual([]);
  });

  it('opens only reads to the public', () => {
    // The service's status, its OpenAPI documents and what the sign-in UI reads before sign-in.
    expect(publicRoutes.length).toBeGreaterThan(0);
    expect(publicRoutes.filter(({ method }) => method !== 'GET').map(({ method, url }) => `${method} ${url}`)).toEqual([]);
  });

  it('answers 401 auth.authorization_header_missing without a token', async () => {
    expect(await refusals(undefined, { status: 401, code: 'auth.authorization_header_missing' })).toEqual([]);
  });

  it('answers 401 auth.unauthorized to a garbage token', async () => {
    expect(await refusals('not-a-jwt', { status: 401, code: 'auth.unauthorized' })).toEqual([]);
  });

  it('answers 403 auth.forbidden to a valid token of the tenant without the all scope', async () => {
    // An M2M app without the Management API role gets a token for the resource, but no scope.
    const plain = await insertApplication(stack.database.db, defaultTenantId, { type: 'MachineToMachine' });
    const token = await managementToken(stack.userUrl, plain, '');
    expect(await refusals(token, { status: 403, code: 'auth.forbidden' })).toEqual([]);
  });

  it('answers 401 auth.unauthorized to a token of the tenant for another resource', async () => {
    const indicator = 'https://api.example.com/auth-matrix';
    const { scopes } = await insertResource(stack.database.db, defaultTenantId, indicator, ['all']);
    const role = await insertRole(stack.database.db, defaultTenantId, { type: 'MachineToMachine', scopeIds: [scopes.all!] });
    const app = await insertApplication(stack.database.db, defaultTenantId, { type: 'MachineToMachine' });
    await assignApplicationRole(stack.database.db, defaultTenantId, app.id, role.id);
    const token = await managementToken(stack.userUrl, app, 'all', indicator);
    expect(await refusals(token, { status: 401, code: 'auth.unauthorized' })).toEqual([]);
  });
});
