// Token lookups of concurrent requests, sent to PostgreSQL together (see turn-batch.ts): userinfo,
// introspection and refresh each start with one. The batched statement finds each token exactly as
// the single statement does (same conditions, a primary-key probe per token), and each request gets
// its own rows back. Nothing is cached: every request still reads its token, grant and user from
// the database, so a revocation is seen by the very next request.
import type { Db } from '@idp/db';
import { runPrepared } from '../queries/prepared.ts';
import { claimsUserJson } from '../queries/users.ts';
import { createTurnBatch, perKey } from './turn-batch.ts';
import type { LookupRow } from './request-scope.ts';

/** What oidc-provider reads back: one-time models look at `payload.consumed` (epoch seconds). */
export const storedPayload = (alias: string) => `case when ${alias}.consumed_at is null then ${alias}.payload
  else ${alias}.payload || jsonb_build_object('consumed', floor(extract(epoch from ${alias}.consumed_at))::bigint) end`;

// The grant and the user as scalar subqueries: each is one primary-key probe whatever plan the
// prepared statement ends up with (a join could turn into a scan of users).
const grantAndAccount = `(select g.payload from oidc_model_instances g
    where g.tenant_id = t.tenant_id and g.model_name = 'Grant' and g.id = (t.payload->>'grantId') and g.expires_at > now()) as grant,
  (select ${claimsUserJson} from users u where u.tenant_id = t.tenant_id and u.id = (t.payload->>'accountId')) as account`;

export const lookupStatements = {
  // The models are three parameters, not an array: PostgreSQL prices an array of unknown length as
  // ten probes, finds that generic plan dearer than a custom one and then plans every execution
  // anew, which tripled the statement's cost. Fewer models repeat the last one (see tokenLookupModels).
  one: {
    name: 'oidc_adapter_find_with_grant',
    text: `select t.model_name as model, ${storedPayload('t')} as payload, ${grantAndAccount}
      from oidc_model_instances t
      where t.tenant_id = $1 and t.id = $2 and t.model_name in ($3, $4, $5) and t.expires_at > now()`,
  },
  // The same per key, for many keys: `lateral` makes it a primary-key probe per key, and its `limit`
  // (a key has at most one row per model) keeps PostgreSQL from flattening the probes into a hash
  // join over the whole table, which it chose for tables of up to some thousands of rows, since the
  // generic plan assumes ten keys. `n` is the key's place in the arrays, from 1.
  many: {
    name: 'oidc_adapter_find_many_with_grant',
    text: `select k.n::int as n, t.model_name as model, ${storedPayload('t')} as payload, ${grantAndAccount}
      from unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[])
        with ordinality as k(tenant_id, id, m1, m2, m3, n)
      cross join lateral (
        select * from oidc_model_instances i
        where i.tenant_id = k.tenant_id and i.id = k.id and i.model_name in (k.m1, k.m2, k.m3) and i.expires_at > now()
        limit 3
      ) t`,
  },
} as const;

type Models = [string, string, string];
type Waiting = { tenantId: string; id: string; models: Models; resolve(rows: LookupRow[]): void; reject(error: unknown): void };

const lookupBatch = perKey((db: Db) =>
  createTurnBatch<Waiting>({
    maxBatch: 64,
    one({ tenantId, id, models, resolve, reject }) {
      runPrepared<LookupRow>(db, lookupStatements.one, [tenantId, id, ...models]).then(({ rows }) => resolve(rows), reject);
    },
    async many(batch) {
      const { rows } = await runPrepared<LookupRow & { n: number }>(db, lookupStatements.many, [
        batch.map((waiting) => waiting.tenantId),
        batch.map((waiting) => waiting.id),
        batch.map((waiting) => waiting.models[0]),
        batch.map((waiting) => waiting.models[1]),
        batch.map((waiting) => waiting.models[2]),
      ]);
      const byKey = batch.map((): LookupRow[] => []);
      for (const { n, ...row } of rows) byKey[n - 1]?.push(row);
      batch.forEach((waiting, index) => {
        waiting.resolve(byKey[index]!);
      });
    },
  }),
);

/** The token, with its grant and user; batched with the lookups of concurrent requests on the same pool. */
export function findTokenWithGrant(db: Db, tenantId: string, id: string, models: Models): Promise<LookupRow[]> {
  return new Promise((resolve, reject) => lookupBatch(db)({ tenantId, id, models, resolve, reject }));
}
