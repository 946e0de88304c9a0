// Positions in a tenant's user list, so GET /api/users?page=N neither counts the tenant's users nor
// skips N pages of rows on every request. Per tenant: the total, and the sort key (created_at, id)
// of every `anchorStep`-th user, newest first. A page seeks to the anchor at or before its offset on
// the index users__tenant_id_created_at_id and skips fewer than `anchorStep` entries from there; the
// rows are exactly those OFFSET would give. Built on first use by one scan of the index, dropped
// when users are inserted or deleted, through the change notification of the users table
// (migration 0003), or all at once after the listener reconnects.
// A read first waits for the change listener's barrier (ChangeListener.sync), so users another
// service committed before the request are counted; without a listener it reads the table.
import { caughtUp, createPerTenantCache, type Db } from '@idp/db';
import type { SQL } from 'drizzle-orm';
import type { Page, PageOf } from '../queries/page.ts';
import { findUserListIndex, type UserListIndex } from '../queries/user-list-index.ts';
import { listUsers, listUsersFromAnchor, type UserRow } from '../queries/users.ts';

export const anchorStep = 200;

export type UserListIndexCache = {
  /** Undefined when the cache cannot be trusted right now (no change listener): read the table. */
  get(tenantId: string): Promise<UserListIndex | undefined>;
  /** `*` drops every tenant's. */
  invalidate(tenantId: string): void;
};

/** `sync` resolves once every change committed before the call has been seen (or rejects). */
export function createUserListIndexCache(db: Db, sync: () => Promise<void> | undefined): UserListIndexCache {
  const indexes = createPerTenantCache((tenantId) => findUserListIndex(db, tenantId, anchorStep));
  return {
    async get(tenantId) {
      if (!(await caughtUp(sync))) return undefined;
      return indexes.get(tenantId);
    },
    invalidate: (tenantId) => indexes.invalidate(tenantId),
  };
}

/** A page of the tenant's users; the whole list (no filter) is read through the index when it can be trusted. */
export async function listUsersPage(
  db: Db,
  tenantId: string,
  filter: { search?: SQL; excludeRoleId?: string },
  page: Page,
  listIndex?: UserListIndexCache,
): Promise<PageOf<UserRow>> {
  if (listIndex && filter.search === undefined && filter.excludeRoleId === undefined) {
    const index = await listIndex.get(tenantId);
    if (index) {
      const anchor = index.anchors[Math.floor(page.offset / anchorStep)];
      if (!anchor) return { rows: [], total: index.total };
      return { rows: await listUsersFromAnchor(db, tenantId, anchor, page.offset % anchorStep, page.limit), total: index.total };
    }
  }
  return listUsers(db, tenantId, filter, page);
}
