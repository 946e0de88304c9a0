// The sentinel's records of failed sign-ins and locks (written by the experience API).
import { createHash } from 'node:crypto';
import type { Db } from '@idp/db';
import { sentinelActivities } from '@idp/schemas';
import { and, eq, inArray } from 'drizzle-orm';

/**
 * How the experience API's sentinel stores an identifier in `sentinel_activities.target_hash`:
 * sha256, hex, of `Identifier:` and the identifier trimmed and lowercased (identifiers are compared
 * case-insensitively there). It must stay equal to `sentinelTargetHash` in
 * services/experience-api/src/experience/sentinel.ts; the sentinel-activities integration test locks
 * an account through the Experience API and unlocks it here, so a drift fails it.
 */
export function sentinelIdentifierHash(identifier: string): string {
  return createHash('sha256').update(`Identifier:${identifier.trim().toLowerCase()}`).digest('hex');
}

/** Removes every failure and lock recorded for the identifiers, so they can sign in again at once. */
export async function deleteIdentifierActivities(db: Db, tenantId: string, identifiers: string[]): Promise<number> {
  if (identifiers.length === 0) return 0;
  const hashes = [...new Set(identifiers.map(sentinelIdentifierHash))];
  const deleted = await db
    .delete(sentinelActivities)
    .where(
      and(
        eq(sentinelActivities.tenantId, tenantId),
        eq(sentinelActivities.targetType, 'Identifier'),
        inArray(sentinelActivities.targetHash, hashes),
      ),
    )
    .returning({ id: sentinelActivities.id });
  return deleted.length;
}
