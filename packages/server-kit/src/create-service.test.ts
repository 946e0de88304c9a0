import { RequestError } from '@idp/errors';
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createService, internalSecretHeader, requestIdResponseHeader, tenantHeader, type App } from './index.ts';

const secret = 'test-internal-secret';
const trusted = { [tenantHeader]: 'default', [internalSecretHeader]: secret };
let app: App;
let ready = true;

beforeAll(async () => {
  app = createService({
    name: 'test',
    logLevel: 'silent',
    internalSecret: secret,
    bodyLimit: 1024,
    readiness: [
      async () => {
        if (!ready) throw new Error('database down');
      },
    ],
  });
  app.post(
    '/things',
    { schema: { body: Type.Object({ name: Type.String({ minLength: 1 }), size: Type.Integer() }, { additionalProperties: false }) } },
    async (request) => ({ tenantId: request.tenantId, ...request.body }),
  );
  app.get('/tenant', async (request) => ({ tenantId: request.tenantId }));
  app.get('/things/:name', async (request) => request.params);
  app.get('/boom', async () => {
    throw new Error('secret internals at /srv/app.ts:12');
  });
  app.get('/database-down', async () => {
    throw new Error('Failed query: select 1', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
  });
  app.get('/missing', async () => {
    throw new RequestError('entity.not_exists_with_id', { data: { id: 'x' } });
  });
  await app.ready();
});
afterAll(async () => app.close());

const post = (payload: string, contentType = 'application/json') =>
  app.inject({ method: 'POST', url: '/things', headers: { ...trusted, 'content-type': contentType }, payload });

describe('service skeleton', () => {
  it('accepts a valid body and passes on the tenant the gateway named', async () => {
    const response = await post('{"name":"a","size":2}');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ tenantId: 'default', name: 'a', size: 2 });
  });

  it('does not coerce body types: a number where a string belongs is rejected', async () => {
    const response = await post('{"name":123,"size":2}');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'guard.invalid_input', data: [expect.objectContaining({ path: '/name' })] });
  });

  it('rejects unknown keys where the schema says so', async () => {
    expect((await post('{"name":"a","size":2,"admin":true}')).json().code).toBe('guard.invalid_input');
  });

  it('answers malformed JSON with 400 request.invalid_json', async () => {
    const response = await post('{"name": "a",');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ code: 'request.invalid_json', message: expect.any(String) });
  });

  it('takes an empty JSON body as {} (Logto does), which the schema then judges', async () => {
    const response = await post('');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'guard.invalid_input', message: 'The request body is invalid.' });
  });

  it('keeps refusing __proto__ in JSON bodies', async () => {
    const response = await post('{"name":"a","size":2,"__proto__":{"admin":true}}');
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('request.invalid_json');
  });

  it('names every answer in Logto-Core-Request-Id, believing the gateway id it is given', async () => {
    const response = await app.inject({ method: 'GET', url: '/tenant', headers: { ...trusted, 'x-request-id': 'gateway-id-12345' } });
    expect(response.headers[requestIdResponseHeader]).toBe('gateway-id-12345');
    const unnamed = await app.inject({ method: 'GET', url: '/missing', headers: trusted });
    expect(unnamed.headers[requestIdResponseHeader]).toMatch(/^[\w-]{16}$/);
  });

  it('never gives two requests the same id, past the random pool refilling', async () => {
    const ids = new Set<string>();
    for (let index = 0; index < 600; index += 1) {
      const response = await app.inject({ method: 'GET', url: '/missing', headers: trusted });
      ids.add(String(response.headers[requestIdResponseHeader]));
    }
    expect(ids.size).toBe(600);
  });

  it('answers a wrong content type with 415', async () => {
    const response = await post('name=a', 'text/csv');
    expect(response.statusCode).toBe(415);
    expect(response.json().code).toBe('request.unsupported_media_type');
  });

  it('answers an oversized body with 413', async () => {
    const response = await post(JSON.stringify({ name: 'x'.repeat(2000), size: 1 }));
    expect(response.statusCode).toBe(413);
    expect(response.json().code).toBe('request.payload_too_large');
  });

  it('answers a path parameter over the router limit and a malformed URL in our error shape', async () => {
    const tooLong = await app.inject({ method: 'GET', url: `/things/${'x'.repeat(1025)}`, headers: trusted });
    expect(tooLong.statusCode).toBe(414);
    expect(tooLong.json()).toEqual({ code: 'request.uri_too_long', message: expect.any(String) });
    expect((await app.inject({ method: 'GET', url: `/things/${'x'.repeat(1024)}`, headers: trusted })).statusCode).toBe(200);
    const malformed = await app.inject({ method: 'GET', url: '/things/%E0%A4%A', headers: trusted });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ code: 'guard.invalid_input' });
  });

  it('answers unknown routes with a JSON 404', async () => {
    const response = await app.inject({ method: 'GET', url: '/nope?x=1', headers: trusted });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ code: 'request.not_found', message: 'No route matches GET /nope.' });
  });

  it('serialises a thrown RequestError with its status and data', async () => {
    const response = await app.inject({ method: 'GET', url: '/missing', headers: trusted });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ code: 'entity.not_exists_with_id', message: expect.any(String), data: { id: 'x' } });
  });

  it('hides the details of unexpected errors', async () => {
    const response = await app.inject({ method: 'GET', url: '/boom', headers: trusted });
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('secret internals');
    expect(response.json()).toEqual({ code: 'request.internal_error', message: 'Internal server error.' });
  });

  it('answers 503 while the database is unreachable, so clients may retry', async () => {
    const response = await app.inject({ method: 'GET', url: '/database-down', headers: trusted });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ code: 'request.service_unavailable', message: expect.any(String) });
  });

  it('refuses a tenant header without the internal secret', async () => {
    for (const headers of [{ [tenantHeader]: 'admin' }, { [tenantHeader]: 'admin', [internalSecretHeader]: 'guess' }]) {
      const response = await app.inject({ method: 'GET', url: '/tenant', headers });
      expect(response.statusCode).toBe(401);
      expect(response.json().code).toBe('request.tenant_missing');
    }
  });

  it('answers health routes without tenant headers, and readiness follows its checks', async () => {
    expect((await app.inject('/health/live')).statusCode).toBe(200);
    expect((await app.inject('/health/ready')).statusCode).toBe(200);
    ready = false;
    expect((await app.inject('/health/ready')).statusCode).toBe(503);
    ready = true;
  });
});
