// What concurrent requests hold back (see request-scope.ts), committed together (see turn-batch.ts).
//
// A token request ends with one statement: the refresh token or code it redeems is consumed and the
// tokens it issued are written, only if that consumption won. The requests that finish in the same
// turn share one statement, so one transaction and one WAL flush, in which each request's
// consumption still decides for that request alone (a refresh token presented by two requests of
// the same batch is consumed once, for one of them) and each request's tokens are written only if
// its own consumption won. Every request still answers only after its writes are committed
// (synchronous_commit is untouched), so durability is as before.
import type { Db } from '@idp/db';
import { runPrepared, type PreparedStatement } from '../queries/prepared.ts';
import type { PendingConsume, PendingWrite } from './request-scope.ts';
import { createTurnBatch, perKey } from './turn-batch.ts';

const expiresAt = (alias: string) =>
  `case when ${alias}.expires_in is null then 'infinity'::timestamptz else now() + make_interval(secs => ${alias}.expires_in) end`;

// consumed_at is deliberately kept on conflict: saving again never revives a used code.
const onConflict = 'on conflict (tenant_id, model_name, id) do update set payload = excluded.payload, expires_at = excluded.expires_at';

export const writeStatements = {
  upsert: {
    name: 'oidc_adapter_upsert',
    text: `insert into oidc_model_instances (tenant_id, model_name, id, payload, expires_at)
      select $1, w.model_name, w.id, w.payload, ${expiresAt('w')}
      from unnest($2::varchar[], $3::varchar[], $4::jsonb[], $5::float8[]) as w(model_name, id, payload, expires_in)
      ${onConflict}`,
  },
  // A redemption and what it issues, at once: the consumption decides as `consume` does, and the
  // tokens are written only if it won.
  consumeAndUpsert: {
    name: 'oidc_adapter_consume_and_upsert',
    text: `with consumed as (
        update oidc_model_instances set consumed_at = now()
        where tenant_id = $1 and model_name = $6 and id = $7 and consumed_at is null returning id
      ), written as (
        insert into oidc_model_instances (tenant_id, model_name, id, payload, expires_at)
        select $1, w.model_name, w.id, w.payload, ${expiresAt('w')}
        from unnest($2::varchar[], $3::varchar[], $4::jsonb[], $5::float8[]) as w(model_name, id, payload, expires_in)
        where exists (select from consumed)
        ${onConflict}
      )
      select count(*)::int as won from consumed`,
  },
  // Many requests' holds. `n` numbers the requests; a request with a consumption has a row in the
  // first arrays, each of its writes a row in the others. `returning c.n` names the requests whose
  // consumption won; a request's writes go in when it consumed nothing or its consumption won.
  many: {
    name: 'oidc_adapter_commit_many',
    text: `with c as (
        select * from unnest($1::int[], $2::varchar[], $3::varchar[], $4::varchar[]) as c(n, tenant_id, model_name, id)
      ), consumed as (
        update oidc_model_instances o set consumed_at = now()
        from c
        where o.tenant_id = c.tenant_id and o.model_name = c.model_name and o.id = c.id and o.consumed_at is null
        returning c.n
      ), written as (
        insert into oidc_model_instances (tenant_id, model_name, id, payload, expires_at)
        select w.tenant_id, w.model_name, w.id, w.payload, ${expiresAt('w')}
        from unnest($5::int[], $6::varchar[], $7::varchar[], $8::varchar[], $9::jsonb[], $10::float8[])
          as w(n, tenant_id, model_name, id, payload, expires_in)
        where not exists (select from c where c.n = w.n) or exists (select from consumed where consumed.n = w.n)
        ${onConflict}
      )
      select n from consumed`,
  },
} satisfies Record<string, PreparedStatement>;

type Hold = {
  tenantId: string;
  writes: PendingWrite[];
  consume: PendingConsume | undefined;
  resolve(won: boolean): void;
  reject(error: unknown): void;
};

const expiresIn = (write: PendingWrite) => (typeof write.expiresIn === 'number' ? write.expiresIn : null);

function commitOne(db: Db, { tenantId, writes, consume, resolve, reject }: Hold): void {
  if (!consume && writes.length === 0) {
    resolve(true);
    return;
  }
  const values = [
    tenantId,
    writes.map((write) => write.model),
    writes.map((write) => write.id),
    writes.map((write) => JSON.stringify(write.payload)),
    writes.map(expiresIn),
  ];
  const sent = consume
    ? runPrepared<{ won: number }>(db, writeStatements.consumeAndUpsert, [...values, consume.model, consume.id]).then(
        ({ rows }) => (rows[0]?.won ?? 0) > 0,
      )
    : runPrepared(db, writeStatements.upsert, values).then(() => true);
  sent.then(resolve, reject);
}

async function commitMany(db: Db, batch: Hold[]): Promise<void> {
  const consuming = batch.flatMap((hold, n) => (hold.consume ? [{ n, tenantId: hold.tenantId, ...hold.consume }] : []));
  const writes = batch.flatMap((hold, n) => hold.writes.map((write) => ({ n, tenantId: hold.tenantId, write })));
  const { rows } = await runPrepared<{ n: number }>(db, writeStatements.many, [
    consuming.map((consume) => consume.n),
    consuming.map((consume) => consume.tenantId),
    consuming.map((consume) => consume.model),
    consuming.map((consume) => consume.id),
    writes.map(({ n }) => n),
    writes.map(({ tenantId }) => tenantId),
    writes.map(({ write }) => write.model),
    writes.map(({ write }) => write.id),
    writes.map(({ write }) => JSON.stringify(write.payload)),
    writes.map(({ write }) => expiresIn(write)),
  ]);
  const won = new Set(rows.map((row) => row.n));
  batch.forEach((hold, n) => {
    hold.resolve(hold.consume === undefined || won.has(n));
  });
}

// 32 requests per statement bounds its work, its parameters' size and the rows it locks at once.
const writeBatch = perKey((db: Db) =>
  createTurnBatch<Hold>({ maxBatch: 32, one: (hold) => commitOne(db, hold), many: (batch) => commitMany(db, batch) }),
);

/**
 * Commits one request's held writes and consumption, batched with other requests' on the same pool.
 * Resolves false when the consumption lost its race (nothing of the request was written then).
 */
export function commitHeld(db: Db, tenantId: string, writes: PendingWrite[], consume: PendingConsume | undefined): Promise<boolean> {
  return new Promise((resolve, reject) => writeBatch(db)({ tenantId, writes, consume, resolve, reject }));
}
