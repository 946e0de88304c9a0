// Column builders every table repeats, so "tenant_id first, cascading from tenants" and the
// timestamp/ID conventions are written once instead of copied into each table file.
import { sql } from 'drizzle-orm';
import { check, foreignKey, timestamp, varchar, type PgColumn } from 'drizzle-orm/pg-core';

import { tenants } from './tenants.ts';

/** IDs are 21-character random strings (Logto's convention). */
export const idColumn = (name = 'id') => varchar(name, { length: 21 });

/** The first column of every tenant-owned table. */
export const tenantIdColumn = () =>
  varchar('tenant_id', { length: 21 })
    .notNull()
    .references(() => tenants.id, { onDelete: 'cascade', onUpdate: 'cascade' });

export const timestampColumn = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const createdAtColumn = () => timestampColumn('created_at').notNull().defaultNow();

/**
 * A reference to another tenant-owned row through (tenant_id, <parent>_id), so the database itself
 * refuses a link across tenants. The parent declares unique (tenant_id, id) for it; deletes cascade
 * and can use the child's tenant-first index.
 */
export const tenantReference = (name: string, columns: [PgColumn, PgColumn], parent: { tenantId: PgColumn; id: PgColumn }) =>
  foreignKey({ name, columns, foreignColumns: [parent.tenantId, parent.id] })
    .onDelete('cascade')
    .onUpdate('cascade');

/** The check constraint that makes an enum-like varchar accept only the listed values. */
export const oneOf = (name: string, column: PgColumn, values: readonly string[]) =>
  check(name, sql`${column} in (${sql.raw(values.map((value) => `'${value}'`).join(', '))})`);
