import { generateId, type Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import { logs, type Log, type LogPayload, type LogResponse } from '@idp/schemas';
import { and, count, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { Page } from '../routes/pagination.ts';

// The payload is Logto's log context: written by our own services, so it is read back as such.
export const toLogResponse = (log: Log): LogResponse => ({
  ...log,
  payload: log.payload as LogPayload,
  createdAt: log.createdAt.getTime(),
});

/** Records one log entry; the key is repeated in the payload, as Logto's log context does. */
export async function insertLog(db: Db, tenantId: string, key: string, payload: LogPayload = {}): Promise<Log> {
  const [row] = await db
    .insert(logs)
    .values({ tenantId, id: generateId(), key, payload: { result: 'Success', ...payload, key } })
    .returning();
  return row!;
}

/**
 * The log a Management API change leaves: who made it (an M2M app or a user), from where, and
 * which parameters. Callers pass names and ids only, never secrets or key material.
 */
export function managementLogPayload(request: FastifyRequest, params: Record<string, unknown> = {}): LogPayload {
  const userAgent = request.headers['user-agent'];
  return {
    ...(request.auth.type === 'app' ? { applicationId: request.auth.id } : { userId: request.auth.id }),
    ip: request.ip,
    ...(userAgent ? { userAgent } : {}),
    params,
  };
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
  const [rows, [total]] = await Promise.all([
    db.select().from(logs).where(where).orderBy(desc(logs.createdAt), desc(logs.id)).limit(page.limit).offset(page.offset),
    db.select({ value: count() }).from(logs).where(where),
  ]);
  return { rows, total: total?.value ?? 0 };
}

export async function findLog(db: Db, tenantId: string, id: string): Promise<Log> {
  const [row] = await db.select().from(logs).where(and(eq(logs.tenantId, tenantId), eq(logs.id, id)));
  if (!row) throw new RequestError('entity.not_exists_with_id', { message: `The log with id \`${id}\` does not exist.`, data: { id } });
  return row;
}
