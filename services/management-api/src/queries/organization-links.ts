// The organization link tables (members, member roles, role scopes, JIT settings) are keyed by
// tenant and their ends, with no id of their own. One factory gives each the same four writes and
// reads, addressed by the fixed ends (`owner`, e.g. an organization and a user) and the varying one.
import type { Db } from '@idp/db';
import { and, eq, inArray, not, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';

type LinkTable = PgTable & { tenantId: PgColumn };

export type CompositeLinks<Owner extends Record<string, string>> = {
  /** The varying ends linked to the owner, among `ids` if given. */
  findLinked(db: Db, tenantId: string, owner: Owner, ids?: string[]): Promise<string[]>;
  /** Links the owner to each id; links already there are left alone (as in Logto). */
  insert(db: Db, tenantId: string, owner: Owner, ids: string[]): Promise<void>;
  /** Many owners at once, e.g. every listed member to every listed role. */
  insertMany(db: Db, tenantId: string, rows: Array<Owner & { id: string }>): Promise<void>;
  /** Whether there was a link to delete. */
  delete(db: Db, tenantId: string, owner: Owner, id: string): Promise<boolean>;
  /** Makes the owner linked to exactly `ids`, in one transaction. */
  replace(db: Db, tenantId: string, owner: Owner, ids: string[]): Promise<void>;
};

export function createCompositeLinks<Owner extends Record<string, string>>(
  table: LinkTable,
  ownerKeys: Array<keyof Owner & string>,
  idKey: string,
): CompositeLinks<Owner> {
  const column = (key: string) => (table as unknown as Record<string, PgColumn>)[key]!;
  const idColumn = column(idKey);
  const ownerWhere = (tenantId: string, owner: Owner): SQL =>
    and(eq(table.tenantId, tenantId), ...ownerKeys.map((key) => eq(column(key), owner[key])))!;
  const insertMany: CompositeLinks<Owner>['insertMany'] = async (db, tenantId, rows) => {
    if (rows.length === 0) return;
    const values = rows.map(({ id, ...owner }) => ({ tenantId, ...owner, [idKey]: id }));
    await db
      .insert(table)
      .values(values as never)
      .onConflictDoNothing();
  };
  const insert: CompositeLinks<Owner>['insert'] = (db, tenantId, owner, ids) =>
    insertMany(
      db,
      tenantId,
      [...new Set(ids)].map((id) => ({ ...owner, id })),
    );
  return {
    async findLinked(db, tenantId, owner, ids) {
      if (ids?.length === 0) return [];
      const rows = await db
        .select({ id: idColumn })
        .from(table)
        .where(and(ownerWhere(tenantId, owner), ids === undefined ? undefined : inArray(idColumn, ids)));
      return rows.map(({ id }) => id as string);
    },
    insert,
    insertMany,
    async delete(db, tenantId, owner, id) {
      const deleted = await db
        .delete(table)
        .where(and(ownerWhere(tenantId, owner), eq(idColumn, id)))
        .returning({ id: idColumn });
      return deleted.length > 0;
    },
    async replace(db, tenantId, owner, ids) {
      await db.transaction(async (tx) => {
        await tx.delete(table).where(and(ownerWhere(tenantId, owner), ids.length > 0 ? not(inArray(idColumn, ids)) : undefined));
        await insert(tx, tenantId, owner, ids);
      });
    },
  };
}
