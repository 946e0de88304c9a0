// The anchors of a tenant's user list (see libraries/user-list-index.ts for how pages use them).
import type { Db } from '@idp/db';
import { users } from '@idp/schemas';
import { sql } from 'drizzle-orm';

/** `createdAt` is PostgreSQL's text form of the timestamp, microseconds included: a Date would lose them. */
export type UserListAnchor = { createdAt: string; id: string };
export type UserListIndex = { total: number; anchors: UserListAnchor[] };

/** The tenant's user count and the sort key of every `step`-th user, newest first: one scan of the index. */
export async function findUserListIndex(db: Db, tenantId: string, step: number): Promise<UserListIndex> {
  const result = await db.execute<{ created_at: string; id: string; total: string }>(sql`
    select created_at::text as created_at, id, total
    from (
      select ${users.createdAt} as created_at, ${users.id} as id, count(*) over () as total,
             row_number() over (order by ${users.createdAt} desc nulls last, ${users.id} desc nulls last) - 1 as position
      from ${users}
      where ${users.tenantId} = ${tenantId}
    ) as ranked
    where position % ${step} = 0
    order by position`);
  return {
    total: Number(result.rows[0]?.total ?? 0),
    anchors: result.rows.map(({ created_at, id }) => ({ createdAt: created_at, id })),
  };
}
