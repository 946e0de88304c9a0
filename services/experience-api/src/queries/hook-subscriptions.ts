// Which events a tenant's enabled webhooks subscribe to, kept in memory (see notified-cache.ts).
// Most tenants have no webhook for a sign-in: knowing that, a sign-in stores its user's last
// sign-in time in one statement instead of a transaction that also reads the hooks. A hook saved a
// moment before a sign-in may miss that one event, as it would had it been saved a moment after.
import type { Db } from '@idp/db';
import { type HookEvent, hooks } from '@idp/schemas';
import { and, eq } from 'drizzle-orm';
import { type NotifiedCache, notifiedCache } from './notified-cache.ts';

const subscribedEvents = notifiedCache('hooks', async (db, tenantId): Promise<ReadonlySet<string>> => {
  const rows = await db
    .select({ event: hooks.event, events: hooks.events })
    .from(hooks)
    .where(and(eq(hooks.tenantId, tenantId), eq(hooks.enabled, true)));
  return new Set(rows.flatMap(({ event, events }) => [...events, ...(event ? [event] : [])]));
});

export const cacheHookSubscriptions = (db: Db): NotifiedCache => subscribedEvents.forDatabase(db);

/**
 * False only when no enabled hook of the tenant is known to want `event`; without the listener
 * nothing is known, and the caller queues the event the safe way (a transaction whose read of the
 * hooks decides).
 */
export async function mayHaveSubscribers(db: Db, tenantId: string, event: HookEvent): Promise<boolean> {
  const events = await subscribedEvents.cached(db, tenantId);
  return events ? events.has(event) : true;
}
