// Writing webhook events into the outbox (hook_deliveries) inside the caller's transaction: the
// event is committed exactly when the change that causes it is, and a rolled-back change sends
// nothing. The webhooks service delivers the rows.
import { generateId, type Db } from '@idp/db';
import { hookDeliveries, hooks, type HookEvent, type JsonObject, type User } from '@idp/schemas';
import { and, eq, or, sql } from 'drizzle-orm';

/** A database handle or an open transaction. */
export type HookEventWriter = Db | Parameters<Parameters<Db['transaction']>[0]>[0];

/** The channel the webhooks service listens on, so a committed event is sent at once. */
export const hookDeliveriesChannel = 'idp_hook_deliveries';

/**
 * Queues `event` for every enabled hook of the tenant that subscribes to it. `payload` is the
 * request body's event-specific part (Logto's `data`, `interactionEvent`, `user`, …); `event` and
 * `createdAt` are added here, `hookId` by the worker. Returns how many deliveries were queued.
 */
export async function appendHookEvent(tx: HookEventWriter, tenantId: string, event: HookEvent, payload: JsonObject): Promise<number> {
  const subscribed = await tx
    .select({ id: hooks.id })
    .from(hooks)
    .where(and(eq(hooks.tenantId, tenantId), eq(hooks.enabled, true), or(sql`${hooks.events} ? ${event}`, eq(hooks.event, event))));
  if (subscribed.length === 0) return 0;
  const body: JsonObject = { event, createdAt: new Date().toISOString(), ...payload };
  await tx.insert(hookDeliveries).values(subscribed.map(({ id }) => ({ tenantId, id: generateId(), hookId: id, event, payload: body })));
  // Sent on commit, and not at all on rollback.
  await tx.execute(sql`select pg_notify(${hookDeliveriesChannel}, '')`);
  return subscribed.length;
}

/** Logto's user entity in hook payloads: the profile, never secrets. */
export function hookUser(user: User): JsonObject {
  return {
    id: user.id,
    username: user.username,
    primaryEmail: user.primaryEmail,
    primaryPhone: user.primaryPhone,
    name: user.name,
    avatar: user.avatar,
    customData: user.customData,
    identities: user.identities,
    profile: user.profile,
    applicationId: user.applicationId,
    isSuspended: user.isSuspended,
    lastSignInAt: user.lastSignInAt?.getTime() ?? null,
    createdAt: user.createdAt.getTime(),
    updatedAt: user.updatedAt?.getTime() ?? null,
  };
}

/** What a request adds to every event it causes (Logto's hook context). */
export type RequestContext = { userAgent?: string; ip?: string };

/** The context of a Management API request (Logto's data hook context). */
export function managementContext(request: {
  headers: Record<string, unknown>;
  ip: string;
  method: string;
  url: string;
  params?: unknown;
  routeOptions?: { url?: string };
}): JsonObject {
  const userAgent = request.headers['user-agent'];
  return {
    ...(typeof userAgent === 'string' ? { userAgent } : {}),
    ip: request.ip,
    path: request.url.split('?')[0]!,
    method: request.method,
    ...(request.params && typeof request.params === 'object' ? { params: request.params as JsonObject } : {}),
    ...(request.routeOptions?.url ? { matchedRoute: request.routeOptions.url } : {}),
  };
}

export {
  eventIdHeader,
  hookUserAgent,
  sendHookRequest,
  signatureHeader,
  signHookBody,
  type HookRequest,
  type HookResponse,
  type SendOptions,
} from './send.ts';
