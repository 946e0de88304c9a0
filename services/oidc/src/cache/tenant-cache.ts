// What the token paths read on every request but rarely changes (clients, API resources, the scopes
// roles grant) is kept in memory per tenant and dropped when PostgreSQL's change notifications say
// one of its tables changed (migration 0001). A notification arrives a moment after the commit; a
// cache whose values must never be stale for a request (what roles grant) first waits for the
// listener's barrier (ChangeListener.sync), once per request: whatever another service committed
// before the request is then already invalidated, and a role deleted through the Management API is
// gone from the very next token. Without a listener (not connected yet, or lost) such a cache reads
// from the database.
import { caughtUp, loadShared, type Change } from '@idp/db';
import Provider from 'oidc-provider';

/**
 * Resolves true when cached values may be used for the current request: the request `req` (an
 * IncomingMessage) or else the oidc-provider request being served.
 */
export type Freshness = (req?: object) => Promise<boolean>;

/**
 * The listener's barrier, awaited once per HTTP request (the request can start it as soon as it
 * arrives, so the round trip overlaps its other work) and once per call outside one.
 */
export function createFreshness(sync: () => Promise<void> | undefined): Freshness {
  const perRequest = new WeakMap<object, Promise<boolean>>();
  const check = () => caughtUp(sync);
  return (req = Provider.ctx?.req) => {
    if (!req) return check();
    let fresh = perRequest.get(req);
    if (!fresh) {
      fresh = check();
      perRequest.set(req, fresh);
    }
    return fresh;
  };
}

export type TenantCacheOptions = {
  /** Tables whose change (in the same tenant) drops every value of the tenant. */
  tables: readonly string[];
  /**
   * The barrier, for values a request must never see stale; without it a value is dropped when its
   * notification arrives, a moment after the commit.
   */
  fresh?: Freshness;
  /** Values kept per tenant; the oldest go first beyond it. */
  maxEntriesPerTenant?: number;
};

export class TenantCache<V> {
  private readonly tenants = new Map<string, Map<string, Promise<V>>>();
  private readonly tables: ReadonlySet<string>;
  private readonly maxEntries: number;

  constructor(private readonly options: TenantCacheOptions) {
    this.tables = new Set(options.tables);
    this.maxEntries = options.maxEntriesPerTenant ?? 20_000;
  }

  async get(tenantId: string, key: string, load: () => Promise<V>): Promise<V> {
    if (this.options.fresh && !(await this.options.fresh())) {
      return load();
    }
    let entries = this.tenants.get(tenantId);
    if (!entries) {
      entries = new Map();
      this.tenants.set(tenantId, entries);
    }
    const value = loadShared(entries, key, load);
    if (entries.size > this.maxEntries) {
      const oldest = entries.keys().next();
      if (!oldest.done) entries.delete(oldest.value);
    }
    return value;
  }

  /** Drops one key, e.g. an application whose row changed. */
  delete(tenantId: string, key: string): void {
    this.tenants.get(tenantId)?.delete(key);
  }

  /** Drops the tenant's values if the change touched one of this cache's tables; `*` drops all. */
  invalidate(change: Change): void {
    if (change.table === '*') {
      this.tenants.clear();
    } else if (this.tables.has(change.table)) {
      this.tenants.delete(change.tenantId);
    }
  }
}
