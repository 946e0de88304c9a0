// Hostile strings in every place a client controls (path parameters, queries, JSON bodies) of every
// Management API operation, the Experience API's entry points and the OIDC endpoints: whatever the
// answer, it is never a 500, and /api answers are our JSON error shape.
import type * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callApi,
  callbackUrl,
  createManagementClient,
  ExperienceFlow,
  managementToken,
  registerSpa,
  startTestStack,
  type TestStack,
} from '../src/index.ts';

let stack: TestStack;
let token: string;
let rp: client.Configuration;

beforeAll(async () => {
  stack = await startTestStack();
  const management = await createManagementClient(stack);
  token = await managementToken(stack.userUrl, management.app);
  ({ rp } = await registerSpa(stack));
});
afterAll(async () => stack?.stop());

const nested = (depth: number): unknown => (depth === 0 ? 'deep' : { a: nested(depth - 1) });

/** Strings that have broken servers: NUL, lone surrogates, direction marks, a megabyte, SQL and LIKE syntax. */
const hostileStrings = [
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\u202eabc\u200f',
  'x'.repeat(1024 * 1024),
  "' or 1=1 --",
  '%_\\',
  '../../etc/passwd',
];
/** Hostile JSON values for any body field. */
const hostileValues: unknown[] = [...hostileStrings.slice(0, 4), { __proto__: { admin: true } }, nested(200), [[[[[]]]]], -1e308, null];

type Operation = { method: string; path: string };

async function managementOperations(): Promise<Operation[]> {
  const response = await callApi(stack.userUrl, token, 'GET', '/api/swagger.json');
  const document = response.body as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.keys(methods)
      .filter((method) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map((method) => ({ method: method.toUpperCase(), path })),
  );
}

/**
 * Percent-encodes like encodeURIComponent, except that a lone surrogate (which that refuses) becomes
 * the bytes a careless encoder would send for it: invalid UTF-8 in the URL, a hostile case of its own.
 */
const encode = (value: string) =>
  value.replace(/[\ud800-\udfff]|[^\ud800-\udfff]+/g, (part) => {
    if (part.length !== 1 || part.charCodeAt(0) < 0xd800 || part.charCodeAt(0) > 0xdfff) return encodeURIComponent(part);
    const code = part.charCodeAt(0);
    return [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
      .map((byte) => `%${byte.toString(16).toUpperCase()}`)
      .join('');
  });

const fillPath = (path: string, value: string) => path.replace(/\{[^}]+\}/g, encode(value));

/** A raw JSON text with a `__proto__` key, which JSON.stringify of an object literal would drop. */
const protoBody = '{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}},"name":"n"}';

function expectNoServerError(status: number, body: unknown, what: string) {
  expect(status, `${what} answered ${status}: ${JSON.stringify(body)?.slice(0, 300)}`).toBeLessThan(500);
}

describe('hostile input on every Management API operation', () => {
  it('never answers 500, and answers errors as {code, message}', async () => {
    const operations = await managementOperations();
    expect(operations.length).toBeGreaterThan(80);
    const longString = hostileStrings[4]!;
    const failures: string[] = [];
    for (const { method, path } of operations) {
      const calls: Array<{ target: string; body?: unknown }> = [];
      for (const value of hostileStrings.filter((candidate) => candidate !== longString)) {
        // Path parameters and every common query parameter carry the hostile value.
        const target = fillPath(path, value);
        calls.push({ target: `${target}?search=${encode(value)}&page=1&page_size=5&q=${encode(value)}` });
      }
      if (method !== 'GET' && method !== 'DELETE') {
        const target = fillPath(path, 'no-such-id');
        for (const value of hostileValues) {
          calls.push({
            target,
            body: JSON.stringify({ name: value, id: value, username: value, primaryEmail: value, customData: value, value }),
          });
        }
        calls.push({ target, body: JSON.stringify(longString) });
        calls.push({ target, body: protoBody });
      }
      for (const { target, body } of calls) {
        const response = await callApi(stack.userUrl, token, method, target, body);
        const code = (response.body as { code?: unknown } | undefined)?.code;
        if (response.status >= 500 || (response.status >= 400 && typeof code !== 'string')) {
          failures.push(
            `${method} ${target.slice(0, 100)} ${typeof body === 'string' ? body.slice(0, 60) : ''} → ${response.status} ${JSON.stringify(response.body)?.slice(0, 200)}`,
          );
        }
      }
    }
    // All at once, so one run shows every route that still fails.
    expect(failures).toEqual([]);
    // Nothing broke the process: it still answers.
    expect((await callApi(stack.userUrl, token, 'GET', '/api/applications')).status).toBe(200);
  }, 300_000);
});

describe('hostile input on the Experience API', () => {
  it('never answers 500 on identification, verification and profile calls', async () => {
    const flow = new ExperienceFlow(stack);
    await flow.start(rp);
    expect((await flow.api('PUT', '', { interactionEvent: 'SignIn' })).status).toBe(204);
    for (const value of hostileValues) {
      for (const [method, path, body] of [
        ['POST', '/verification/password', { identifier: { type: 'username', value }, password: value }],
        ['POST', '/verification/password', { identifier: { type: 'email', value }, password: 'x' }],
        ['POST', '/verification/verification-code', { identifier: { type: 'email', value }, interactionEvent: 'SignIn' }],
        ['POST', '/identification', { verificationId: value }],
        ['PUT', '', { interactionEvent: value }],
        ['POST', '/profile', { type: 'username', value }],
      ] as const) {
        const response = await flow.api(method, path, body);
        expectNoServerError(response.status, response.body, `${method} /api/experience${path} with ${JSON.stringify(value)?.slice(0, 40)}`);
      }
    }
  });
});

describe('hostile input on the OIDC endpoints', () => {
  const form = (fields: Record<string, string>) => ({
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  });

  it('never answers 500 at authorization, token, introspection and userinfo', async () => {
    const clientId = rp.clientMetadata().client_id;
    for (const value of hostileStrings.filter((candidate) => candidate.length < 1000)) {
      const requests: Array<[string, RequestInit?]> = [
        [`/oidc/auth?client_id=${encode(value)}&response_type=code&redirect_uri=${encodeURIComponent(callbackUrl)}&scope=openid`],
        [`/oidc/auth?client_id=${clientId}&response_type=code&redirect_uri=${encode(value)}&scope=openid`],
        ['/oidc/token', form({ grant_type: 'refresh_token', refresh_token: value, client_id: clientId })],
        [
          '/oidc/token',
          form({
            grant_type: 'authorization_code',
            code: value,
            client_id: clientId,
            redirect_uri: callbackUrl,
            code_verifier: 'x'.repeat(43),
          }),
        ],
        ['/oidc/token', form({ grant_type: 'client_credentials', client_id: value, client_secret: value })],
        ['/oidc/token/introspection', form({ token: value, client_id: value, client_secret: value })],
        ['/oidc/me', { headers: { authorization: `Bearer ${encode(value)}` } }],
        [`/oidc/session/end?client_id=${encode(value)}`],
      ];
      for (const [path, init] of requests) {
        const response = await fetch(`${stack.userUrl}${path}`, { redirect: 'manual', ...init });
        expectNoServerError(
          response.status,
          await response.text(),
          `${init?.method ?? 'GET'} ${path.slice(0, 100)} with ${JSON.stringify(value)}`,
        );
      }
    }
  });
});
