// The link tables (users_roles, applications_roles, roles_scopes) all hold a tenant, an id and two
// ends. One factory builds the queries for one direction of a table, so each side reads the same.
import { generateId, type Db } from '@idp/db';
import { and, eq, inArray, not } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';

type LinkTable = PgTable & { tenantId: PgColumn; id: PgColumn };

export type LinkQueries = {
  /** The `to` ends linked to `from`, all of them or only among `toIds`. */
  findLinked(db: Db, tenantId: string, fromId: string, toIds?: string[]): Promise<string[]>;
  /** Links `from` to each of `toIds`; with `ignoreExisting`, links already there are left alone. */
  insert(db: Db, tenantId: string, fromId: string, toIds: string[], options?: { ignoreExisting?: boolean }): Promise<void>;
  /** Whether a link was there to delete. */
  delete(db: Db, tenantId: string, fromId: string, toId: string): Promise<boolean>;
  /** Makes `from` linked to exactly `toIds`, in one transaction. */
  replace(db: Db, tenantId: string, fromId: string, toIds: string[]): Promise<void>;
};

export function createLinkQueries<T extends LinkTable, From extends keyof T & string, To extends keyof T & string>(
  table: T,
  fromKey: From,
  toKey: To,
): LinkQueries {
  const from = table[fromKey] as PgColumn;
  const to = table[toKey] as PgColumn;
  const values = (tenantId: string, fromId: string, toIds: string[]) =>
    toIds.map((toId) => ({ tenantId, id: generateId(), [fromKey]: fromId, [toKey]: toId })) as T['$inferInsert'][];
  const insert: LinkQueries['insert'] = async (db, tenantId, fromId, toIds, options = {}) => {
    if (toIds.length === 0) return;
    const statement = db.insert(table).values(values(tenantId, fromId, toIds));
    await (options.ignoreExisting ? statement.onConflictDoNothing() : statement);
  };
  return {
    async findLinked(db, tenantId, fromId, toIds) {
      if (toIds?.length === 0) return [];
      const rows = await db
        .select({ id: to })
        .from(table as PgTable)
        .where(and(eq(table.tenantId, tenantId), eq(from, fromId), toIds === undefined ? undefined : inArray(to, toIds)));
      return rows.map(({ id }) => id as string);
    },
    insert,
    async delete(db, tenantId, fromId, toId) {
      const deleted = await db
        .delete(table)
        .where(and(eq(table.tenantId, tenantId), eq(from, fromId), eq(to, toId)))
        .returning({ id: table.id });
      return deleted.length > 0;
    },
    async replace(db, tenantId, fromId, toIds) {
      await db.transaction(async (tx) => {
        await tx
          .delete(table)
          .where(and(eq(table.tenantId, tenantId), eq(from, fromId), toIds.length > 0 ? not(inArray(to, toIds)) : undefined));
        await insert(tx, tenantId, fromId, toIds, { ignoreExisting: true });
      });
    },
  };
}
