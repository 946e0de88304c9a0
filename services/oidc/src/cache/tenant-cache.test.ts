// The keyed per-tenant cache shares loads, never keeps a failure (nor lets a stale failure drop the
// value that replaced it), answers from the database while its barrier says it may not be trusted,
// and drops a tenant's values when one of its tables changes.
import { describe, expect, it } from 'vitest';
import { TenantCache } from './tenant-cache.ts';

function controlledLoads() {
  const settlers: Array<{ resolve(value: string): void; reject(error: Error): void }> = [];
  const load = () =>
    new Promise<string>((resolve, reject) => {
      settlers.push({ resolve, reject });
    });
  return { load, settlers };
}

/** Lets the cache's rejection handlers run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('TenantCache', () => {
  it('shares one load between concurrent gets of a key', async () => {
    const cache = new TenantCache<string>({ tables: [] });
    const { load, settlers } = controlledLoads();
    const first = cache.get('t', 'client', load);
    const second = cache.get('t', 'client', load);
    await settle();
    expect(settlers).toHaveLength(1);
    settlers[0]!.resolve('metadata');
    expect(await Promise.all([first, second])).toEqual(['metadata', 'metadata']);
  });

  it('keeps the newer value when a load started before delete() fails afterwards', async () => {
    const cache = new TenantCache<string>({ tables: [] });
    const { load, settlers } = controlledLoads();
    const stale = cache.get('t', 'client', load);
    await settle();
    cache.delete('t', 'client');
    const fresh = cache.get('t', 'client', load);
    await settle();
    settlers[1]!.resolve('new');
    expect(await fresh).toBe('new');

    settlers[0]!.reject(new Error('database down'));
    await expect(stale).rejects.toThrow('database down');
    await settle();
    const again = cache.get('t', 'client', load);
    await settle();
    expect(settlers).toHaveLength(2);
    expect(await again).toBe('new');
  });

  it('does not keep a failed load', async () => {
    const cache = new TenantCache<string>({ tables: [] });
    await expect(cache.get('t', 'k', () => Promise.reject(new Error('database down')))).rejects.toThrow();
    await settle();
    expect(await cache.get('t', 'k', async () => 'loaded')).toBe('loaded');
  });

  it("drops a tenant's values when one of its tables changes, and everything on '*'", async () => {
    const cache = new TenantCache<string>({ tables: ['roles'] });
    await cache.get('a', 'k', async () => 'a1');
    await cache.get('b', 'k', async () => 'b1');
    cache.invalidate({ table: 'users', tenantId: 'a', id: 'x' });
    expect(await cache.get('a', 'k', async () => 'a2')).toBe('a1');
    cache.invalidate({ table: 'roles', tenantId: 'a', id: 'x' });
    expect(await cache.get('a', 'k', async () => 'a2')).toBe('a2');
    expect(await cache.get('b', 'k', async () => 'b2')).toBe('b1');
    cache.invalidate({ table: '*', tenantId: '*', id: '*' });
    expect(await cache.get('b', 'k', async () => 'b3')).toBe('b3');
  });

  it('reads through while the barrier says cached values may be stale', async () => {
    let trusted = false;
    const cache = new TenantCache<string>({ tables: [], fresh: async () => trusted });
    await cache.get('t', 'k', async () => 'first');
    expect(await cache.get('t', 'k', async () => 'second')).toBe('second');
    trusted = true;
    expect(await cache.get('t', 'k', async () => 'third')).toBe('third');
    expect(await cache.get('t', 'k', async () => 'fourth')).toBe('third');
  });

  it('drops the oldest key beyond maxEntriesPerTenant', async () => {
    const cache = new TenantCache<string>({ tables: [], maxEntriesPerTenant: 2 });
    for (const key of ['a', 'b', 'c']) await cache.get('t', key, async () => `${key}1`);
    expect(await cache.get('t', 'c', async () => 'c2')).toBe('c1');
    expect(await cache.get('t', 'a', async () => 'a2')).toBe('a2');
  });
});
