// The hooks table of a tenant, and what its delivery log (TriggerHook.* entries) says about them.
import { entityNotFound } from '@idp/errors';
import { generateId, type Db } from '@idp/db';
import { hooks, logs, type Hook, type NewHook } from '@idp/schemas';
import { and, count, desc, eq, gt, inArray, like, sql } from 'drizzle-orm';
import { findPage, type Page } from './page.ts';

const byId = (tenantId: string, id: string) => and(eq(hooks.tenantId, tenantId), eq(hooks.id, id));

export async function findHook(db: Db, tenantId: string, id: string): Promise<Hook> {
  const [row] = await db.select().from(hooks).where(byId(tenantId, id));
  if (!row) throw entityNotFound('hook', id);
  return row;
}

export function listHooks(db: Db, tenantId: string, page: Page) {
  return findPage(
    db
      .select()
      .from(hooks)
      .where(eq(hooks.tenantId, tenantId))
      .orderBy(desc(hooks.createdAt), desc(hooks.id))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ value: count() }).from(hooks).where(eq(hooks.tenantId, tenantId)),
  );
}

export async function insertHook(db: Db, tenantId: string, values: Omit<NewHook, 'tenantId' | 'id'>): Promise<Hook> {
  const [row] = await db
    .insert(hooks)
    .values({ ...values, tenantId, id: generateId() })
    .returning();
  return row!;
}

export async function updateHook(db: Db, tenantId: string, id: string, values: Partial<Omit<NewHook, 'tenantId' | 'id'>>): Promise<Hook> {
  if (Object.keys(values).length === 0) return findHook(db, tenantId, id);
  const [row] = await db.update(hooks).set(values).where(byId(tenantId, id)).returning();
  if (!row) throw entityNotFound('hook', id);
  return row;
}

export async function deleteHook(db: Db, tenantId: string, id: string): Promise<void> {
  const deleted = await db.delete(hooks).where(byId(tenantId, id)).returning({ id: hooks.id });
  if (deleted.length === 0) throw entityNotFound('hook', id);
}

/** As in Logto, "recent" is the last 24 hours. */
const recentWindow = sql`now() - interval '1 day'`;
const hookIdOfLog = sql<string>`${logs.payload}->>'hookId'`;

const recentHookLogs = (tenantId: string) =>
  and(eq(logs.tenantId, tenantId), like(logs.key, 'TriggerHook.%'), gt(logs.createdAt, recentWindow));

/** Requests and successful ones per hook in the last 24 hours. */
export async function findExecutionStats(db: Db, tenantId: string, hookIds: string[]) {
  if (hookIds.length === 0) return new Map<string, { requestCount: number; successCount: number }>();
  const rows = await db
    .select({
      hookId: hookIdOfLog,
      requestCount: count(),
      successCount: sql<number>`count(*) filter (where ${logs.payload}->>'result' = 'Success')`.mapWith(Number),
    })
    .from(logs)
    .where(and(recentHookLogs(tenantId), inArray(hookIdOfLog, hookIds)))
    .groupBy(hookIdOfLog);
  return new Map(rows.map(({ hookId, requestCount, successCount }) => [hookId, { requestCount, successCount }]));
}

/** A hook's delivery attempts of the last 24 hours, newest first, optionally of one log key. */
export function listRecentHookLogs(db: Db, tenantId: string, hookId: string, logKey: string | undefined, page: Page) {
  const where = and(recentHookLogs(tenantId), eq(hookIdOfLog, hookId), logKey === undefined ? undefined : eq(logs.key, logKey));
  return findPage(
    db.select().from(logs).where(where).orderBy(desc(logs.createdAt), desc(logs.id)).limit(page.limit).offset(page.offset),
    db.select({ value: count() }).from(logs).where(where),
  );
}
