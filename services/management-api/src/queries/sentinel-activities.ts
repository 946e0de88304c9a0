// The sentinel's records of failed sign-ins and locks (written by the experience API).
import { createHash } from 'node:crypto';
import type { Db } from '@idp/db';
import { sentinelActivities } from '@idp/schemas';
import { and, eq, inArray } from 'drizzle-orm';

/**
 * How an identifier is stored in `sentinel_activities.target_hash`: sha256, hex, of the identifier
 * normalised as sign-in compares it (emails lowercased; usernames and phone numbers as they are).
 */
export function sentinelIdentifierHash(identifier: string): string {
  const normalised = identifier.includes('@') ? identifier.toLowerCase() : identifier;
  return createHash('sha256').update(normalised).digest('hex');
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
