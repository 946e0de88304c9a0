// Fixed-window counters in `rate_limits`, shared by every replica.
import { createHash } from 'node:crypto';
import type { Db } from '@idp/db';
import { rateLimits } from '@idp/schemas';
import { lt, sql } from 'drizzle-orm';

export const rateLimitKey = (name: string, value: string) => createHash('sha256').update(`${name}:${value}`).digest('hex');

/**
 * Counts one hit for the key and answers the count in the current window and when it ends. One
 * statement: concurrent hits on any replica each get a distinct count, so a limit of N lets
 * exactly N through. A window that has passed restarts in place.
 */
export async function hitRateLimit(
  db: Db,
  tenantId: string,
  keyHash: string,
  windowMs: number,
  at: Date,
): Promise<{ hits: number; windowEndsAt: Date }> {
  const expired = new Date(at.getTime() - windowMs);
  const restart = sql`${rateLimits.windowStart} <= ${expired.toISOString()}::timestamptz`;
  const [row] = await db
    .insert(rateLimits)
    .values({ tenantId, keyHash, windowStart: at, hits: 1 })
    .onConflictDoUpdate({
      target: [rateLimits.tenantId, rateLimits.keyHash],
      set: {
        hits: sql`case when ${restart} then 1 else ${rateLimits.hits} + 1 end`,
        windowStart: sql`case when ${restart} then excluded.window_start else ${rateLimits.windowStart} end`,
      },
    })
    .returning({ hits: rateLimits.hits, windowStart: rateLimits.windowStart });
  return { hits: row!.hits, windowEndsAt: new Date(row!.windowStart.getTime() + windowMs) };
}

/** Removes counters whose window ended long ago, so keys that are never hit again do not pile up. */
export async function deleteStaleRateLimits(db: Db, before: Date): Promise<void> {
  await db.delete(rateLimits).where(lt(rateLimits.windowStart, before));
}
