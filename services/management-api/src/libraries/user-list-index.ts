// Positions in a tenant's user list, so GET /api/users?page=N neither counts the tenant's users nor
// skips N pages of rows on every request. Per tenant: the total, and the sort key (created_at, id)
// of every `anchorStep`-th user, newest first. A page seeks to the anchor at or before its offset on
// the index users__tenant_id_created_at_id and skips fewer than `anchorStep` entries from there; the
// rows are exactly those OFFSET would give. Built on first use by one scan of the index, dropped
// when users are inserted or deleted, through the change notification of the users table
// (migration 0003), or all at once after the listener reconnects.
// The first pages (offset under `anchorStep`) need no anchor: while the index is being built they
// are read with OFFSET and count(*) (an index-only scan, several times cheaper than the build), so
// opening the list after a sign-up does not wait for the build, which goes on in the background.
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
  /** The index if it is built already; else undefined, and its build is started (as `get` would). */
  ifBuilt(tenantId: string): Promise<UserListIndex | undefined>;
  /** `*` drops every tenant's. */
  invalidate(tenantId: string): void;
};

/** `sync` resolves once every change committed before the call has been seen (or rejects). */
export function createUserListIndexCache(db: Db, sync: () => Promise<void> | undefined): UserListIndexCache {
  // The loads that have finished, by the promise the cache holds for them: a load dropped by a
  // change is no longer the cache's promise, so it is never taken for a built index.
  const built = new WeakMap<Promise<UserListIndex>, UserListIndex>();
  const indexes = createPerTenantCache((tenantId) => {
    const loading = findUserListIndex(db, tenantId, anchorStep);
    loading.then(
      (index) => built.set(loading, index),
      () => {}, // the cache drops a failed load; the next request tries again
    );
    return loading;
  });
  return {
    async get(tenantId) {
      if (!(await caughtUp(sync))) return undefined;
      return indexes.get(tenantId);
    },
    async ifBuilt(tenantId) {
      if (!(await caughtUp(sync))) return undefined;
      return built.get(indexes.get(tenantId));
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
    const index = page.offset < anchorStep ? await listIndex.ifBuilt(tenantId) : await listIndex.get(tenantId);
    if (index) {
      const anchor = index.anchors[Math.floor(page.offset / anchorStep)];
      if (!anchor) return { rows: [], total: index.total };
      return { rows: await listUsersFromAnchor(db, tenantId, anchor, page.offset % anchorStep, page.limit), total: index.total };
    }
  }
  return listUsers(db, tenantId, filter, page);
}
