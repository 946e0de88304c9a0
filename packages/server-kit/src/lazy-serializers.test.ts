import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createService, type App } from './index.ts';

// Serializers compile on a route's first response (see lazy-serializers.ts); what they send must be
// what Fastify's own compiled serializers send: only the schema's properties, in its formats.
let app: App;
let base: string;

beforeAll(async () => {
  app = createService({ name: 'test', logLevel: 'silent' });
  app.get(
    '/user',
    {
      schema: {
        response: {
          200: Type.Object({ id: Type.String(), count: Type.Integer(), tags: Type.Array(Type.String()) }),
          404: Type.Object({ code: Type.String() }),
        },
      },
    },
    async (request, reply) => {
      if ((request.query as { missing?: string }).missing)
        return reply.status(404).send({ code: 'gone', internal: 'hidden' } as { code: string });
      return { id: 'u1', count: 3, tags: ['a'], passwordHash: 'must not leave' };
    },
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (typeof address !== 'object' || !address) throw new Error('no address');
  base = `http://127.0.0.1:${address.port}`;
});

afterAll(async () => {
  await app.close();
});

describe('lazily compiled response serializers', () => {
  it('send only the properties of the status code’s schema, on the first and later responses', async () => {
    for (let i = 0; i < 2; i++) {
      const response = await fetch(`${base}/user`);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('{"id":"u1","count":3,"tags":["a"]}');
    }
    const missing = await fetch(`${base}/user?missing=1`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe('{"code":"gone"}');
  });
});
