// The sentinel's records of failed sign-ins and locks (written by the experience API).
import { sentinelTargetHash, type Db } from '@idp/db';
import { sentinelActivities } from '@idp/schemas';
import { and, eq, inArray } from 'drizzle-orm';

/** Removes every failure and lock recorded for the identifiers, so they can sign in again at once. */
export async function deleteIdentifierActivities(db: Db, tenantId: string, identifiers: string[]): Promise<number> {
  if (identifiers.length === 0) return 0;
  const hashes = [...new Set(identifiers.map((value) => sentinelTargetHash({ type: 'Identifier', value })))];
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
