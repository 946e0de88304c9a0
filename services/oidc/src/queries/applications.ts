import type { Db } from '@idp/db';
import { applications } from '@idp/schemas';
import { and, eq } from 'drizzle-orm';

export async function findApplicationById(db: Db, tenantId: string, id: string) {
  const [row] = await db
    .select()
    .from(applications)
    .where(and(eq(applications.tenantId, tenantId), eq(applications.id, id)));
  return row;
}
