// Positions in a tenant's user list, so GET /api/users?page=N neither counts the tenant's users nor
// skips N pages of rows on every request. Per tenant: the total, and the sort key (created_at, id)
// of every `anchorStep`-th user, newest first. A page seeks to the anchor at or before its offset on
// the index users__tenant_id_created_at_id and skips fewer than `anchorStep` entries from there; the
// rows are exactly those OFFSET would give. Built on first use by one scan of the index, dropped
// when users are inserted or deleted, through the change notification of the users table
// (migration 0003), or all at once after the listener reconnects.
// A read first waits for the change listener's barrier (ChangeListener.sync), so users another
// service committed before the request are counted; without a listener it reads the table.
import { caughtUp, type Db } from '@idp/db';
import { users } from '@idp/schemas';
import { sql } from 'drizzle-orm';

export const anchorStep = 200;

/** `createdAt` is PostgreSQL's text form of the timestamp, microseconds included: a Date would lose them. */
export type UserListAnchor = { createdAt: string; id: string };
export type UserListIndex = { total: number; anchors: UserListAnchor[] };

export type UserListIndexCache = {
  /** Undefined when the cache cannot be trusted right now (no change listener): read the table. */
  get(tenantId: string): Promise<UserListIndex | undefined>;
  /** `*` drops every tenant's. */
  invalidate(tenantId: string): void;
};

async function buildIndex(db: Db, tenantId: string): Promise<UserListIndex> {
  const result = await db.execute<{ created_at: string; id: string; total: string }>(sql`
    select created_at::text as created_at, id, total
    from (
      select ${users.createdAt} as created_at, ${users.id} as id, count(*) over () as total,
             row_number() over (order by ${users.createdAt} desc nulls last, ${users.id} desc nulls last) - 1 as position
      from ${users}
      where ${users.tenantId} = ${tenantId}
    ) as ranked
    where position % ${anchorStep} = 0
    order by position`);
  return {
    total: Number(result.rows[0]?.total ?? 0),
    anchors: result.rows.map(({ created_at, id }) => ({ createdAt: created_at, id })),
  };
}

/** `sync` resolves once every change committed before the call has been seen (or rejects). */
export function createUserListIndexCache(db: Db, sync: () => Promise<void> | undefined): UserListIndexCache {
  const indexes = new Map<string, Promise<UserListIndex>>();
  const fresh = () => caughtUp(sync);
  return {
    async get(tenantId) {
      if (!(await fresh())) return undefined;
      let index = indexes.get(tenantId);
      if (!index) {
        index = buildIndex(db, tenantId);
        // A build that fails is not kept; one dropped while it ran is not put back when it ends.
        index.catch(() => {
          if (indexes.get(tenantId) === index) indexes.delete(tenantId);
        });
        indexes.set(tenantId, index);
      }
      return index;
    },
    invalidate(tenantId) {
      if (tenantId === '*') indexes.clear();
      else indexes.delete(tenantId);
    },
  };
}
