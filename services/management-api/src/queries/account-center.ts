// The account center settings, one jsonb value per tenant in logto_configs (key `accountCenter`).
import type { Db } from '@idp/db';
import { accountCenterConfigKey, logtoConfigs, type UpdateAccountCenterBody } from '@idp/schemas';
import { and, eq, sql } from 'drizzle-orm';

/** The stored value, or undefined where the tenant never saved the settings. */
export async function findAccountCenterValue(db: Db, tenantId: string): Promise<unknown> {
  const [row] = await db
    .select({ value: logtoConfigs.value })
    .from(logtoConfigs)
    .where(and(eq(logtoConfigs.tenantId, tenantId), eq(logtoConfigs.key, accountCenterConfigKey)));
  return row?.value;
}

/**
 * Merges the given top-level settings into the stored object in one statement, so two concurrent
 * changes of different settings both stay. Answers the stored value after the change.
 */
export async function mergeAccountCenterValue(db: Db, tenantId: string, changes: UpdateAccountCenterBody): Promise<unknown> {
  const [row] = await db
    .insert(logtoConfigs)
    .values({ tenantId, key: accountCenterConfigKey, value: changes })
    .onConflictDoUpdate({
      target: [logtoConfigs.tenantId, logtoConfigs.key],
      set: { value: sql`${logtoConfigs.value} || ${JSON.stringify(changes)}::jsonb` },
    })
    .returning({ value: logtoConfigs.value });
  return row?.value;
}
