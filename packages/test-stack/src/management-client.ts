import { defaultTenantId, type Db } from '@idp/db';
import { createManagementApiApp } from '@idp/db/setup';
import { createManagementApi } from '@logto/api/management';
import type { AnyTestStack, TestStack } from './test-stack.ts';

/**
 * What an administrator's backend does to manage a tenant: a machine-to-machine app holding the
 * "Logto Management API access" role, used through Logto's own client, `@logto/api`.
 */
export async function createManagementClient(stack: AnyTestStack, tenantId = defaultTenantId) {
  const app = await createManagementApp(stack.database.db, tenantId);
  const baseUrl = tenantId === defaultTenantId ? stack.userUrl : stack.adminUrl;
  const { apiClient, clientCredentials } = createManagementApi(tenantId, { clientId: app.id, clientSecret: app.secret, baseUrl });
  return { apiClient, clientCredentials, app, baseUrl };
}

export const createManagementApp = (db: Db, tenantId = defaultTenantId) =>
  createManagementApiApp(db, 'Management API test client', tenantId);

/** A token for the Management API from client credentials, as `@logto/api` gets it. */
export async function managementToken(
  baseUrl: string,
  app: { id: string; secret: string },
  scope = 'all',
  resource = 'https://default.logto.app/api',
) {
  const response = await fetch(`${baseUrl}/oidc/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: app.id, client_secret: app.secret, resource, scope }),
  });
  if (!response.ok) throw new Error(`token request failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** A plain JSON call to the Management API with a bearer token, for what the typed client cannot send. */
export async function callApi(baseUrl: string, token: string | undefined, method: string, path: string, body?: unknown) {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as unknown) : undefined };
}

export type ManagementApiClient = Awaited<ReturnType<typeof createManagementClient>>['apiClient'];

/**
 * A test file's usual start: a stack of its own (from `startStack`, which names the services),
 * Logto's client for the default tenant's Management API, a token of the same app, and `call` for
 * plain JSON requests with it (what the typed client cannot send: wrong types, unknown fields, bad
 * JSON). Stop the stack in afterAll.
 */
export async function startManagementTest<Stack extends AnyTestStack>(startStack: () => Promise<Stack>) {
  const stack = await startStack();
  const management = await createManagementClient(stack);
  const token = await managementToken(stack.userUrl, management.app);
  const call = (method: string, path: string, body?: unknown) => callApi(stack.userUrl, token, method, path, body);
  return { stack, api: management.apiClient, token, call };
}
export type ManagementTest<Stack extends AnyTestStack = TestStack> = Awaited<ReturnType<typeof startManagementTest<Stack>>>;
