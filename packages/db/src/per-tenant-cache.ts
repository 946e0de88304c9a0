// One value per tenant (its signing keys, its secret key, an index of its users), loaded once and
// shared by concurrent requests until the tenant's data changes.

export type PerTenantCache<V> = {
  get(tenantId: string): Promise<V>;
  /** Drops the tenant's value; `'*'` or no argument drops every tenant's. */
  invalidate(tenantId?: string): void;
};

export function createPerTenantCache<V>(load: (tenantId: string) => Promise<V>): PerTenantCache<V> {
  const values = new Map<string, Promise<V>>();
  return {
    get: (tenantId) => loadShared(values, tenantId, () => load(tenantId)),
    invalidate(tenantId) {
      if (tenantId === undefined || tenantId === '*') values.clear();
      else values.delete(tenantId);
    },
  };
}

/**
 * The value `values` holds for `key`, or else a load of it, put there so concurrent callers share
 * it. A failed load (database down) must not stick; but when it fails after the key was dropped and
 * a newer load took its place, that newer entry stays.
 */
export function loadShared<K, V>(values: Map<K, Promise<V>>, key: K, load: () => Promise<V>): Promise<V> {
  const cached = values.get(key);
  if (cached) return cached;
  const loading = load();
  values.set(key, loading);
  loading.catch(() => {
    if (values.get(key) === loading) values.delete(key);
  });
  return loading;
}
