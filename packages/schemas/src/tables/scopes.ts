// Permissions of an API resource.
import { pgTable, text, unique, varchar } from 'drizzle-orm/pg-core';

import { createdAtColumn, idColumn, tenantIdColumn, tenantReference } from './columns.ts';
import { resources } from './resources.ts';

export const scopes = pgTable(
  'scopes',
  {
    tenantId: tenantIdColumn(),
    id: idColumn().primaryKey(),
    resourceId: idColumn('resource_id').notNull(),
    name: varchar('name', { length: 256 }).notNull(),
    description: text('description'),
    createdAt: createdAtColumn(),
  },
  (t) => [
    unique('scopes__tenant_id_id').on(t.tenantId, t.id),
    unique('scopes__resource_id_name').on(t.tenantId, t.resourceId, t.name),
    tenantReference('scopes__resource_id_fkey', [t.tenantId, t.resourceId], resources),
  ],
);

export type Scope = typeof scopes.$inferSelect;
export type NewScope = typeof scopes.$inferInsert;
