// oidc-provider never deletes what expires, so a periodic job does. It works across tenants (a
// maintenance task, driven by the expires_at index) in small batches, so it never holds many locks
// or one long transaction, and skips rows another replica's job is already deleting.
import type { Db } from '@idp/db';
import { oidcModelInstances as table } from '@idp/schemas';
import { lt, sql } from 'drizzle-orm';

/** Deletes rows that expired before `olderThan` (default: now); returns how many. */
export async function deleteExpired(db: Db, olderThan: Date = new Date(), batchSize = 1000): Promise<number> {
  let total = 0;
  for (;;) {
    const batch = db
      .select({ tenantId: table.tenantId, modelName: table.modelName, id: table.id })
      .from(table)
      .where(lt(table.expiresAt, olderThan))
      .limit(batchSize)
      .for('update', { skipLocked: true });
    const result = await db.delete(table).where(sql`(${table.tenantId}, ${table.modelName}, ${table.id}) in (${batch})`);
    const deleted = result.rowCount ?? 0;
    total += deleted;
    if (deleted < batchSize) {
      return total;
    }
  }
}
