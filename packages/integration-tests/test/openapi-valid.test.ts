// The four OpenAPI documents Logto serves, each from the service it describes, through the real
// gateway on both endpoints: valid OpenAPI 3.0.1 as a well-kept validator judges them, and true to
// the routes each service has.
import SwaggerParser from '@apidevtools/swagger-parser';
import { serviceHeader } from '@idp/server-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../src/index.ts';

type Document = { openapi: string; paths: Record<string, Record<string, { security?: unknown[] }>>; security?: unknown[] };

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => stack?.stop());

const documents: Array<[path: string, service: string]> = [
  ['/api/swagger.json', 'management-api'],
  ['/api/.well-known/management.openapi.json', 'management-api'],
  ['/api/.well-known/experience.openapi.json', 'experience-api'],
  ['/api/.well-known/user.openapi.json', 'account-api'],
];

const fetchDocument = async (base: string, path: string) => {
  const response = await fetch(`${base}${path}`);
  expect(response.status, `${base}${path}`).toBe(200);
  return { service: response.headers.get(serviceHeader), document: (await response.json()) as Document };
};

const routesOf = (stackApp: ReturnType<TestStack['app']>, prefixes: string[]) =>
  stackApp.registeredRoutes
    .filter(({ url }) => prefixes.some((prefix) => url.startsWith(prefix)))
    .map(({ method, url }) => `${method.toLowerCase()} ${url.replace(/:(\w+)/g, '{$1}')}`)
    .sort();
const operationsOf = (document: Document) =>
  Object.entries(document.paths)
    .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method} ${path}`))
    .sort();

describe("Logto's OpenAPI documents", () => {
  for (const endpoint of ['userUrl', 'adminUrl'] as const) {
    it.each(documents)(
      `on the ${endpoint === 'userUrl' ? 'user' : 'admin'} endpoint, %s comes from %s and is valid`,
      async (path, service) => {
        const { service: answeredBy, document } = await fetchDocument(stack[endpoint], path);
        expect(answeredBy).toBe(service);
        expect(document.openapi).toBe('3.0.1');
        await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeDefined();
      },
    );
  }

  it('the experience document describes every Experience API route, and only those, with no bearer token', async () => {
    const { document } = await fetchDocument(stack.userUrl, '/api/.well-known/experience.openapi.json');
    const routes = routesOf(stack.app('experience-api'), ['/api/experience']);
    expect(routes.length).toBeGreaterThan(20);
    expect(operationsOf(document)).toEqual(routes);
    expect(document.security).toBeUndefined();
  });

  it('the user document describes the Account API routes that exist', async () => {
    const { document } = await fetchDocument(stack.userUrl, '/api/.well-known/user.openapi.json');
    expect(operationsOf(document)).toEqual(routesOf(stack.app('account-api'), ['/api/my-account', '/api/verifications']));
  });
});
