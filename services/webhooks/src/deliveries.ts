// The outbox's queries. A claim is one statement: it locks due rows with FOR UPDATE SKIP LOCKED (so
// concurrent workers take disjoint rows), counts an attempt and moves next_attempt_at past the
// lease, then commits. The row is then nobody else's until the lease ends, without holding a
// transaction open through the HTTP request; a worker that dies leaves it to be claimed again.
import { generateId, type Db } from '@idp/db';
import { logs, type HookConfig, type HookDeliveryStatus, type HookEvent, type JsonObject } from '@idp/schemas';
import { sql } from 'drizzle-orm';

export type ClaimedDelivery = {
  tenantId: string;
  id: string;
  hookId: string;
  event: HookEvent;
  payload: JsonObject;
  attempts: number;
  createdAt: Date;
  config: HookConfig;
  signingKey: string;
};

type ClaimRow = {
  tenant_id: string;
  id: string;
  hook_id: string;
  event: HookEvent;
  payload: JsonObject;
  attempts: number;
  created_at: string | Date;
  config: HookConfig;
  signing_key: string;
};

/** Claims up to `limit` due deliveries, none of the hooks in `excludeHookIds` (those at their limit). */
export async function claimDue(db: Db, limit: number, leaseMs: number, excludeHookIds: string[]): Promise<ClaimedDelivery[]> {
  if (limit <= 0) return [];
  const excluded = excludeHookIds.length > 0 ? sql`and hook_id <> all(${sql.param(excludeHookIds)}::varchar[])` : sql``;
  const result = await db.execute<ClaimRow>(sql`
    with due as (
      select id from hook_deliveries
      where status = 'Pending' and next_attempt_at <= now() ${excluded}
      order by next_attempt_at
      limit ${limit}
      for update skip locked
    )
    update hook_deliveries d
    set attempts = d.attempts + 1, next_attempt_at = now() + ${leaseMs} * interval '1 millisecond'
    from due, hooks h
    where d.id = due.id and h.tenant_id = d.tenant_id and h.id = d.hook_id
    returning d.tenant_id, d.id, d.hook_id, d.event, d.payload, d.attempts, d.created_at, h.config, h.signing_key`);
  return result.rows.map((row) => ({
    tenantId: row.tenant_id,
    id: row.id,
    hookId: row.hook_id,
    event: row.event,
    payload: row.payload,
    attempts: row.attempts,
    createdAt: new Date(row.created_at),
    config: row.config,
    signingKey: row.signing_key,
  }));
}

export type AttemptOutcome = {
  /** Pending with a retry time, or final. */
  status: HookDeliveryStatus;
  nextAttemptAt?: Date;
  log: JsonObject;
};

export type RecordedAttempt = { delivery: ClaimedDelivery; outcome: AttemptOutcome };

/**
 * Stores attempts' outcomes and their log entries (`TriggerHook.<event>`, what recent-logs lists)
 * in one transaction of two statements, however many there are. An outcome counts only if its row
 * is still that attempt's: a worker whose lease ran out and whose delivery another worker took
 * meanwhile changes nothing. Returns the ids whose outcome was stored.
 */
export async function recordAttempts(db: Db, attempts: RecordedAttempt[]): Promise<Set<string>> {
  if (attempts.length === 0) return new Set();
  const values = attempts.map(({ delivery, outcome }) => ({
    id: delivery.id,
    attempts: delivery.attempts,
    status: outcome.status,
    next: outcome.nextAttemptAt?.toISOString() ?? null,
    finished: outcome.status === 'Pending' ? null : new Date().toISOString(),
  }));
  return db.transaction(async (tx) => {
    const updated = await tx.execute<{ id: string }>(sql`
      update hook_deliveries d
      set status = v.status, next_attempt_at = coalesce(v.next, d.next_attempt_at), finished_at = v.finished
      from jsonb_to_recordset(${JSON.stringify(values)}::jsonb)
        as v(id varchar, attempts integer, status varchar, next timestamptz, finished timestamptz)
      where d.id = v.id and d.attempts = v.attempts and d.status = 'Pending'
      returning d.id`);
    const stored = new Set(updated.rows.map(({ id }) => id));
    const entries = attempts
      .filter(({ delivery }) => stored.has(delivery.id))
      .map(({ delivery, outcome }) => ({
        tenantId: delivery.tenantId,
        id: generateId(),
        key: `TriggerHook.${delivery.event}`,
        payload: outcome.log,
      }));
    if (entries.length > 0) await tx.insert(logs).values(entries);
    return stored;
  });
}

/**
 * Forgets finished deliveries older than `retentionMs` (their log entries stay), a bounded number
 * at a time so one sweep never holds many locks. Returns how many went.
 */
export async function deleteFinishedDeliveries(db: Db, retentionMs: number, limit = 5_000): Promise<number> {
  const result = await db.execute(sql`
    delete from hook_deliveries where id in (
      select id from hook_deliveries
      where status <> 'Pending' and finished_at < now() - ${retentionMs} * interval '1 millisecond'
      limit ${limit}
    )`);
  return result.rowCount ?? 0;
}
