// Guards the multi-tenant conventions so a future table cannot forget them: tenant_id first,
// cascading from tenants, and first in every composite index or unique constraint.
import { getTableName, is } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';

import * as exported from './tables/index.ts';
import { tenants } from './tables/tenants.ts';

const tables = (Object.values(exported) as unknown[]).filter((value): value is PgTable => is(value, PgTable));
const tenantOwned = tables.filter((table) => table !== (tenants as PgTable));

const columnName = (column: unknown) => (typeof column === 'object' && column !== null && 'name' in column ? column.name : '(expression)');

describe('tables', () => {
  it('exports every table once', () => {
    const names = tables.map((table) => getTableName(table));
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(['tenants', 'users', 'applications', 'oidc_model_instances']));
  });

  it.each(tenantOwned.map((table) => [getTableName(table), table] as const))(
    '%s starts with tenant_id, cascading from tenants',
    (_name, table) => {
      const { columns, foreignKeys } = getTableConfig(table);
      expect(columns[0]?.name).toBe('tenant_id');
      expect(columns[0]?.notNull).toBe(true);

      const tenantKey = foreignKeys.find((key) => {
        const reference = key.reference();
        const columns = reference.columns.map((column) => column.name).join();
        return reference.foreignTable === (tenants as PgTable) && columns === 'tenant_id';
      });
      expect(tenantKey?.onDelete).toBe('cascade');
    },
  );

  it.each(tenantOwned.map((table) => [getTableName(table), table] as const))(
    '%s puts tenant_id first in every composite index and unique constraint',
    (_name, table) => {
      const { indexes, uniqueConstraints } = getTableConfig(table);
      const composite = [
        ...indexes.map((index) => index.config.columns.map(columnName)),
        ...uniqueConstraints.map((constraint) => constraint.columns.map(columnName)),
      ].filter((columns) => columns.length > 1);
      for (const columns of composite) expect(columns[0], columns.join()).toBe('tenant_id');
    },
  );
});
