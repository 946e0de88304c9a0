// What a draining instance answers: readiness 503 at once, and any new request a 503 marked as
// refused (nothing was done, so the gateway may send it elsewhere) that closes its connection.
import { drainingHeader } from '../src/health.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { createService, drainAndClose, type App } from '../src/index.ts';

let app: App | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const build = () => {
  app = createService({ name: 'draining', logLevel: 'silent' });
  app.get('/work', async () => ({ done: true }));
  return app;
};

describe('a draining service', () => {
  it('is ready and serves before draining starts', async () => {
    const service = build();
    expect((await service.inject('/health/ready')).statusCode).toBe(200);
    const work = await service.inject('/work');
    expect(work.statusCode).toBe(200);
    expect(work.headers[drainingHeader]).toBeUndefined();
  });

  it('answers readiness 503 as soon as draining starts', async () => {
    const service = build();
    service.startDraining();
    const ready = await service.inject('/health/ready');
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toEqual({ status: 'draining' });
  });

  it('refuses new requests with a retryable 503 that closes the connection', async () => {
    const service = build();
    service.startDraining();
    const work = await service.inject('/work');
    expect(work.statusCode).toBe(503);
    expect(work.headers[drainingHeader]).toBe('refused');
    expect(work.headers.connection).toBe('close');
    expect(work.json()).toMatchObject({ code: 'request.service_unavailable' });
  });

  it('finishes a request in flight, then closes', async () => {
    const service = createService({ name: 'draining', logLevel: 'silent' });
    let received!: () => void;
    const arrived = new Promise<void>((resolve) => {
      received = resolve;
    });
    service.get('/slow', async () => {
      received();
      await new Promise((resolve) => setTimeout(resolve, 300));
      return { done: true };
    });
    const url = await service.listen({ port: 0, host: '127.0.0.1' });
    const slow = fetch(`${url}/slow`);
    await arrived;
    const closed = drainAndClose(service, { drainDelayMs: 50 });
    const answer = await slow;
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ done: true });
    await closed;
  });
});
