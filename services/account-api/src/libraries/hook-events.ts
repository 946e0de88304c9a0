// Logto's User.Data.Updated for the Account API: a change users make to their own row queues the
// data hook event in the transaction of that change, so the webhook is sent exactly when the
// change commits, and a refused or rolled-back change sends nothing.
import { appendHookEvent, hookUser, managementContext } from '@idp/hook-events';
import type { User, users } from '@idp/schemas';
import type { FastifyRequest } from 'fastify';
import { updateUser, type Tx } from '../queries/users.ts';

/**
 * The status the route answers once the change commits (the event is written before the reply
 * exists): its documented 2xx response, else 204 (routes without a response body).
 */
function successStatus(request: FastifyRequest): number {
  const responses = (request.routeOptions.schema?.response ?? {}) as Record<string, unknown>;
  const documented = Object.keys(responses).find((key) => /^2\d\d$/.test(key));
  return documented ? Number(documented) : 204;
}

/** Queues User.Data.Updated with `user` as Logto's `data`, plus the request's path, method, params, … */
export async function queueUserDataUpdated(tx: Tx, request: FastifyRequest, user: User): Promise<void> {
  await appendHookEvent(tx, request.tenantId, 'User.Data.Updated', {
    ...managementContext(request),
    status: successStatus(request),
    data: hookUser(user),
  });
}

/** Updates the signed-in user's row and queues the event, in the caller's transaction. */
export async function updateMyUser(tx: Tx, request: FastifyRequest, set: Partial<typeof users.$inferInsert>): Promise<User> {
  const user = await updateUser(tx, request.tenantId, request.account.userId, set);
  await queueUserDataUpdated(tx, request, user);
  return user;
}
