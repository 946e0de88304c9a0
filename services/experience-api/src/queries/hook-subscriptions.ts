// Which events a tenant's enabled webhooks subscribe to, kept like the sign-in experience (see
// sign-in-experience.ts): in memory while the service hears PostgreSQL's change notifications,
// dropped when one names the hooks table. Most tenants have no webhook for a sign-in: knowing that,
// a sign-in stores its user's last sign-in time in one statement instead of a transaction that also
// reads the hooks. A hook saved a moment before a sign-in may miss that one event, as it would
// had it been saved a moment after.
import { type Change, createPerTenantCache, type Db, type PerTenantCache } from '@idp/db';
import { type HookEvent, hooks } from '@idp/schemas';
import { and, eq } from 'drizzle-orm';

async function readSubscribedEvents(db: Db, tenantId: string): Promise<ReadonlySet<string>> {
  const rows = await db
    .select({ event: hooks.event, events: hooks.events })
    .from(hooks)
    .where(and(eq(hooks.tenantId, tenantId), eq(hooks.enabled, true)));
  return new Set(rows.flatMap(({ event, events }) => [...events, ...(event ? [event] : [])]));
}

const caches = new WeakMap<Db, PerTenantCache<ReadonlySet<string>>>();

export type HookSubscriptionCache = {
  /** Called with every change notification. */
  invalidate(change: Change): void;
  /** Serves from memory from now on (the listener is connected) or, with false, no longer. */
  enable(enabled: boolean): void;
};

export function cacheHookSubscriptions(db: Db): HookSubscriptionCache {
  const cache = createPerTenantCache((tenantId) => readSubscribedEvents(db, tenantId));
  return {
    invalidate(change) {
      if (change.table === '*' || change.table === 'hooks') cache.invalidate(change.tenantId);
    },
    enable(enabled) {
      cache.invalidate('*');
      if (enabled) caches.set(db, cache);
      else caches.delete(db);
    },
  };
}

/**
 * False only when an enabled hook of the tenant is known to want `event` nowhere; without the
 * listener nothing is known, and the caller queues the event the safe way (a transaction whose
 * read of the hooks decides).
 */
export async function mayHaveSubscribers(db: Db, tenantId: string, event: HookEvent): Promise<boolean> {
  const cache = caches.get(db);
  return cache ? (await cache.get(tenantId)).has(event) : true;
}
