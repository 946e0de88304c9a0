// The counts behind /api/dashboard: users created in a window, and users active in one.
//
// "Active" follows Logto, which counts the distinct users of successful token exchanges
// (`ExchangeTokenBy.*` logs). Those logs are counted here as soon as a service writes them; until
// then (and for sign-ins they would miss) a user also counts as active at their last sign-in
// (`users.last_sign_in_at`), which is exact for windows ending now and a lower bound for earlier ones.
import type { Db } from '@idp/db';
import { logs, users } from '@idp/schemas';
import { and, count, eq, gte, lt, sql } from 'drizzle-orm';

export async function countUsers(db: Db, tenantId: string): Promise<number> {
  const [row] = await db.select({ value: count() }).from(users).where(eq(users.tenantId, tenantId));
  return row?.value ?? 0;
}

/** Users created in [from, to). */
export async function countNewUsers(db: Db, tenantId: string, from: Date, to: Date): Promise<number> {
  const [row] = await db
    .select({ value: count() })
    .from(users)
    .where(and(eq(users.tenantId, tenantId), gte(users.createdAt, from), lt(users.createdAt, to)));
  return row?.value ?? 0;
}

/** (user id, time) of every sign of activity in [from, to). */
const activity = (tenantId: string, from: Date, to: Date) => sql`
  select ${logs.payload}->>'userId' as user_id, ${logs.createdAt} as at from ${logs}
  where ${logs.tenantId} = ${tenantId} and ${logs.key} like 'ExchangeTokenBy.%'
    and ${logs.payload}->>'result' = 'Success' and ${logs.payload}->>'userId' is not null
    and ${logs.createdAt} >= ${from.toISOString()} and ${logs.createdAt} < ${to.toISOString()}
  union all
  select ${users.id}, ${users.lastSignInAt} from ${users}
  where ${users.tenantId} = ${tenantId}
    and ${users.lastSignInAt} >= ${from.toISOString()} and ${users.lastSignInAt} < ${to.toISOString()}`;

/** Distinct active users in [from, to). */
export async function countActiveUsers(db: Db, tenantId: string, from: Date, to: Date): Promise<number> {
  const result = await db.execute<{ value: number }>(
    sql`select count(distinct user_id)::int as value from (${activity(tenantId, from, to)}) as active`,
  );
  return result.rows[0]?.value ?? 0;
}

/** Distinct active users per UTC day (`YYYY-MM-DD`) in [from, to); days without any are left out. */
export async function countDailyActiveUsers(db: Db, tenantId: string, from: Date, to: Date): Promise<Map<string, number>> {
  const result = await db.execute<{ day: string; value: number }>(sql`
    select to_char(at at time zone 'UTC', 'YYYY-MM-DD') as day, count(distinct user_id)::int as value
    from (${activity(tenantId, from, to)}) as active group by 1`);
  return new Map(result.rows.map(({ day, value }) => [day, value]));
}
