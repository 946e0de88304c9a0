// The per-tenant cache shares loads and never keeps a failure; a stale load failing late must not
// drop the fresh value that replaced it (the bug of the hand-written caches it replaced).
import { describe, expect, it } from 'vitest';
import { createPerTenantCache } from './per-tenant-cache.ts';

type Deferred<V> = { promise: Promise<V>; resolve(value: V): void; reject(error: Error): void };

function deferred<V>(): Deferred<V> {
  let resolve!: (value: V) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<V>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A cache whose loads the test settles by hand, in the order they started. */
function controlledCache() {
  const loads: Array<{ tenantId: string } & Deferred<string>> = [];
  const cache = createPerTenantCache((tenantId) => {
    const load = { tenantId, ...deferred<string>() };
    loads.push(load);
    return load.promise;
  });
  return { cache, loads };
}

/** Lets the cache's rejection handlers run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('createPerTenantCache', () => {
  it('shares one load between concurrent gets of a tenant', async () => {
    const { cache, loads } = controlledCache();
    const first = cache.get('a');
    const second = cache.get('a');
    expect(loads).toHaveLength(1);
    loads[0]!.resolve('keys of a');
    expect(await Promise.all([first, second])).toEqual(['keys of a', 'keys of a']);
    expect(await cache.get('a')).toBe('keys of a');
    expect(loads).toHaveLength(1);
  });

  it('loads each tenant on its own', async () => {
    const { cache, loads } = controlledCache();
    void cache.get('a');
    void cache.get('b');
    expect(loads.map((load) => load.tenantId)).toEqual(['a', 'b']);
  });

  it('does not keep a failed load: the next get loads again', async () => {
    const { cache, loads } = controlledCache();
    const failed = cache.get('a');
    loads[0]!.reject(new Error('database down'));
    await expect(failed).rejects.toThrow('database down');
    await settle();

    const retried = cache.get('a');
    expect(loads).toHaveLength(2);
    loads[1]!.resolve('keys of a');
    expect(await retried).toBe('keys of a');
  });

  it('keeps the newer value when a load started before invalidate() fails afterwards', async () => {
    const { cache, loads } = controlledCache();
    const stale = cache.get('a');
    cache.invalidate('a');
    const fresh = cache.get('a');
    loads[1]!.resolve('new keys');
    expect(await fresh).toBe('new keys');

    loads[0]!.reject(new Error('database down'));
    await expect(stale).rejects.toThrow('database down');
    await settle();

    const again = cache.get('a');
    expect(loads).toHaveLength(2);
    expect(await again).toBe('new keys');
  });

  it("drops every tenant's value on invalidate('*') and on invalidate()", async () => {
    const { cache, loads } = controlledCache();
    void cache.get('a');
    void cache.get('b');
    cache.invalidate('*');
    void cache.get('a');
    void cache.get('b');
    expect(loads.map((load) => load.tenantId)).toEqual(['a', 'b', 'a', 'b']);

    cache.invalidate();
    void cache.get('a');
    expect(loads).toHaveLength(5);
  });

  it('drops only the named tenant on invalidate(tenantId)', async () => {
    const { cache, loads } = controlledCache();
    void cache.get('a');
    void cache.get('b');
    cache.invalidate('a');
    void cache.get('a');
    void cache.get('b');
    expect(loads.map((load) => load.tenantId)).toEqual(['a', 'b', 'a']);
  });
});
