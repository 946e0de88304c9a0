import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../src/index.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => stack?.stop());

const post = (path: string, body: string, contentType = 'application/json') =>
  fetch(new URL(path, stack.userUrl), { method: 'POST', headers: { 'content-type': contentType }, body });

const expectJsonError = async (response: Response, status: number, code: string) => {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await response.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ code, message: expect.any(String) });
  expect(JSON.stringify(body)).not.toMatch(/at .+\.(ts|js):\d+/);
};

// Through the gateway to the real services: each bad request gets its JSON error, and the
// services keep answering afterwards.
describe('bad input through the gateway', () => {
  for (const path of ['/api/anything', '/api/experience/anything', '/api/my-account/anything']) {
    it(`answers malformed JSON at ${path} with 400 request.invalid_json`, async () => {
      await expectJsonError(await post(path, '{"username": "a",'), 400, 'request.invalid_json');
    });
  }

  it('takes an empty JSON body as {}, as Logto does: an unknown route is then simply 404', async () => {
    await expectJsonError(await post('/api/anything', ''), 404, 'request.not_found');
  });

  it('answers an oversized body with 413', async () => {
    const big = JSON.stringify({ data: 'x'.repeat(2 * 1024 * 1024) });
    await expectJsonError(await post('/api/anything', big), 413, 'request.payload_too_large');
  });

  it('answers an unknown route, whatever the content type, with a JSON 404', async () => {
    await expectJsonError(await post('/api/anything', 'a,b', 'text/csv'), 404, 'request.not_found');
    await expectJsonError(await fetch(new URL('/api/anything', stack.userUrl), { method: 'DELETE' }), 404, 'request.not_found');
  });

  it('keeps serving after bad input', async () => {
    await post('/api/anything', '{{{{');
    await post('/api/anything', JSON.stringify({ data: 'x'.repeat(2 * 1024 * 1024) }));
    const response = await fetch(new URL('/api/.well-known/sign-in-exp', stack.userUrl));
    expect(response.status).toBe(200);
    const health = await fetch(new URL('/health/services', stack.userUrl));
    expect(health.status).toBe(200);
  });
});
