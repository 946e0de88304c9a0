// The audit log (`logs`): written by every service, read by /api/logs.
import { entityNotFound } from '@idp/errors';
import { generateId, type Db } from '@idp/db';
import { logs, type Log, type LogPayload } from '@idp/schemas';
import { and, count, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import { findPage, type Page } from './page.ts';

/** Records one log entry; the key is repeated in the payload, as Logto's log context does. */
export async function insertLog(db: Db, tenantId: string, key: string, payload: LogPayload = {}): Promise<Log> {
  const [row] = await db
    .insert(logs)
    .values({ tenantId, id: generateId(), key, payload: { result: 'Success', ...payload, key } })
    .returning();
  return row!;
}

export type LogFilter = { logKey?: string; userId?: string; applicationId?: string; startTime?: Date; endTime?: Date };

export async function listLogs(db: Db, tenantId: string, filter: LogFilter, page: Page) {
  const conditions: SQL[] = [eq(logs.tenantId, tenantId)];
  if (filter.logKey) conditions.push(eq(logs.key, filter.logKey));
  // Written exactly as the indexes on (payload->>'userId') and (payload->>'applicationId') are.
  if (filter.userId) conditions.push(sql`(${logs.payload}->>'userId') = ${filter.userId}`);
  if (filter.applicationId) conditions.push(sql`(${logs.payload}->>'applicationId') = ${filter.applicationId}`);
  if (filter.startTime) conditions.push(gte(logs.createdAt, filter.startTime));
  if (filter.endTime) conditions.push(lte(logs.createdAt, filter.endTime));
  const where = and(...conditions);
  return findPage(
    db.select().from(logs).where(where).orderBy(desc(logs.createdAt), desc(logs.id)).limit(page.limit).offset(page.offset),
    db.select({ value: count() }).from(logs).where(where),
  );
}

export async function findLog(db: Db, tenantId: string, id: string): Promise<Log> {
  const [row] = await db
    .select()
    .from(logs)
    .where(and(eq(logs.tenantId, tenantId), eq(logs.id, id)));
  if (!row) throw entityNotFound('log', id);
  return row;
}
