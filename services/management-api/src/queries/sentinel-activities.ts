// The sentinel's records of failed sign-ins and locks (written by the experience API).
import { isIP } from 'node:net';
import { sentinelTargetHash, type Db } from '@idp/db';
import { sentinelActivities } from '@idp/schemas';
import { and, eq, inArray, or } from 'drizzle-orm';

/**
 * Removes every failure and lock recorded for the identifiers, so they can sign in again at once.
 * A target that is a client address (no username, email or phone number looks like one) also
 * clears what was recorded from that address: its failure count, and the locks of identifiers there.
 */
export async function deleteIdentifierActivities(db: Db, tenantId: string, targets: string[]): Promise<number> {
  if (targets.length === 0) return 0;
  const t = sentinelActivities;
  const identifiers = [...new Set(targets.map((value) => sentinelTargetHash({ type: 'Identifier', value })))];
  const addresses = [
    ...new Set(targets.filter((value) => isIP(value.trim()) !== 0).map((value) => sentinelTargetHash({ type: 'Ip', value: value.trim() }))),
  ];
  const deleted = await db
    .delete(t)
    .where(
      and(
        eq(t.tenantId, tenantId),
        or(
          and(eq(t.targetType, 'Identifier'), inArray(t.targetHash, identifiers)),
          ...(addresses.length > 0
            ? [and(eq(t.targetType, 'Ip'), inArray(t.targetHash, addresses)), inArray(t.addressHash, addresses)]
            : []),
        ),
      ),
    )
    .returning({ id: t.id });
  return deleted.length;
}
