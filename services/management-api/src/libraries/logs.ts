// The audit log as the Management API writes and shows it.
import type { Db } from '@idp/db';
import type { Log, LogPayload, LogResponse } from '@idp/schemas';
import { insertLog } from '../queries/logs.ts';

// The payload is Logto's log context: written by our own services, so it is read back as such.
export const toLogResponse = (log: Log): LogResponse => ({
  ...log,
  payload: log.payload as LogPayload,
  createdAt: log.createdAt.getTime(),
});

/** Who made a Management API change, and from where (the parts of a request a log needs). */
export type ChangeAuthor = { auth: { type: 'user' | 'app'; id: string }; ip: string; headers: { 'user-agent'?: string } };

/**
 * Records the log a Management API change leaves: who made it (an M2M app or a user), from where,
 * and which parameters. Callers pass names and ids only, never secrets or key material.
 */
export async function logManagementChange(
  db: Db,
  tenantId: string,
  key: string,
  author: ChangeAuthor,
  params: Record<string, unknown> = {},
): Promise<void> {
  const userAgent = author.headers['user-agent'];
  await insertLog(db, tenantId, key, {
    ...(author.auth.type === 'app' ? { applicationId: author.auth.id } : { userId: author.auth.id }),
    ip: author.ip,
    ...(userAgent ? { userAgent } : {}),
    params,
  });
}
