// API resources (audiences) whose access tokens the tenant's OP issues.
import { sql } from 'drizzle-orm';
import { boolean, integer, pgTable, text, unique, uniqueIndex } from 'drizzle-orm/pg-core';

import { idColumn, tenantIdColumn } from './columns.ts';

export const resources = pgTable(
  'resources',
  {
    tenantId: tenantIdColumn(),
    id: idColumn().primaryKey(),
    name: text('name').notNull(),
    indicator: text('indicator').notNull(),
    isDefault: boolean('is_default').notNull().default(false),
    /** Access token lifetime in seconds. */
    accessTokenTtl: integer('access_token_ttl').notNull().default(3600),
  },
  (t) => [
    unique('resources__tenant_id_id').on(t.tenantId, t.id),
    unique('resources__indicator').on(t.tenantId, t.indicator),
    // At most one default resource per tenant.
    uniqueIndex('resources__is_default_true').on(t.tenantId).where(sql`${t.isDefault} = true`),
  ],
);

export type Resource = typeof resources.$inferSelect;
export type NewResource = typeof resources.$inferInsert;
