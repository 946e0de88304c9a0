// Data hook events of the Management API (User.Created, Role.Scopes.Updated, …): a change and its
// event are written in one transaction, so a webhook is sent exactly when the change is committed.
import type { Db } from '@idp/db';
import { appendHookEvent, managementContext } from '@idp/hook-events';
import type { HookEvent, JsonObject } from '@idp/schemas';
import type { FastifyRequest } from 'fastify';

/**
 * Runs `change` in a transaction (pass it the `tx` it gets as its database) and queues `event`
 * with `data(result)` as Logto's `data`, plus the request's context (path, method, params, …).
 */
export async function withHookEvent<T>(
  db: Db,
  request: FastifyRequest,
  event: HookEvent,
  change: (tx: Db) => Promise<T>,
  data: (result: T) => unknown,
): Promise<T> {
  return db.transaction(async (tx) => {
    const result = await change(tx);
    await appendHookEvent(tx, request.tenantId, event, { ...managementContext(request), data: (data(result) ?? null) as JsonObject });
    return result;
  });
}
