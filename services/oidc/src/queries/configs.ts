import type { Db } from '@idp/db';
import { logtoConfigs } from '@idp/schemas';
import { and, eq } from 'drizzle-orm';

export async function findConfigValue(db: Db, tenantId: string, key: string): Promise<unknown> {
  const [row] = await db
    .select({ value: logtoConfigs.value })
    .from(logtoConfigs)
    .where(and(eq(logtoConfigs.tenantId, tenantId), eq(logtoConfigs.key, key)));
  return row?.value;
}
