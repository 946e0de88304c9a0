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
    get(tenantId) {
      let value = values.get(tenantId);
      if (!value) {
        const loading = load(tenantId);
        value = loading;
        // A failed load (database down) must not stick; but when it fails after an invalidation
        // and a newer load took its place, that newer entry stays.
        loading.catch(() => {
          if (values.get(tenantId) === loading) values.delete(tenantId);
        });
        values.set(tenantId, loading);
      }
      return value;
    },
    invalidate(tenantId) {
      if (tenantId === undefined || tenantId === '*') values.clear();
      else values.delete(tenantId);
    },
  };
}
