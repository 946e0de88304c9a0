import type { Db } from '@idp/db';
import { sql } from 'drizzle-orm';

/**
 * Makes transactions about the same thing (a host, a tenant's connectors, a social identity) take
 * turns on any replica: a transaction-scoped advisory lock on the key's hash.
 */
export async function lockForTransaction(tx: Db, key: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${key}))`);
}
