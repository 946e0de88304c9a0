// A per-tenant value read by many steps (the sign-in experience, the webhooks' events), kept in
// memory while the service hears PostgreSQL's change notifications (app.ts) and dropped when one
// names the table it comes from: a change takes effect a moment after its commit, as the oidc
// service's cached clients do. Without a listener (not connected yet, closed) every call reads the
// table. A reconnected listener reports "everything changed", which drops every tenant's value.
import { type Change, createPerTenantCache, type Db, type PerTenantCache } from '@idp/db';

export type NotifiedCache = {
  /** Called with every change notification. */
  invalidate(change: Change): void;
  /** Serves from memory from now on (the listener is connected) or, with false, no longer. */
  enable(enabled: boolean): void;
};

/**
 * `read(db, tenantId)` served from memory for `db` while enabled. Keyed by the database handle the
 * routes are given: a transaction's handle is never cached.
 */
export function notifiedCache<V>(table: string, read: (db: Db, tenantId: string) => Promise<V>) {
  const caches = new WeakMap<Db, PerTenantCache<V>>();
  return {
    /** The cache for `db`, to enable when the listener connects and to give every notification. */
    forDatabase(db: Db): NotifiedCache {
      const cache = createPerTenantCache((tenantId) => read(db, tenantId));
      return {
        invalidate(change) {
          if (change.table === '*' || change.table === table) cache.invalidate(change.tenantId);
        },
        enable(enabled) {
          cache.invalidate('*');
          if (enabled) caches.set(db, cache);
          else caches.delete(db);
        },
      };
    },
    /** The tenant's value: from memory while the cache for `db` is enabled, else read now. */
    get(db: Db, tenantId: string): Promise<V> {
      return caches.get(db)?.get(tenantId) ?? read(db, tenantId);
    },
    /** The tenant's value from memory, or undefined while the cache for `db` is not enabled. */
    cached(db: Db, tenantId: string): Promise<V> | undefined {
      return caches.get(db)?.get(tenantId);
    },
  };
}
