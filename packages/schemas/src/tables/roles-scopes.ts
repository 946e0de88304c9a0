// Which scopes a role grants.
import { index, pgTable, unique } from 'drizzle-orm/pg-core';

import { idColumn, tenantIdColumn, tenantReference } from './columns.ts';
import { roles } from './roles.ts';
import { scopes } from './scopes.ts';

export const rolesScopes = pgTable(
  'roles_scopes',
  {
    tenantId: tenantIdColumn(),
    id: idColumn().primaryKey(),
    roleId: idColumn('role_id').notNull(),
    scopeId: idColumn('scope_id').notNull(),
  },
  (t) => [
    unique('roles_scopes__role_id_scope_id').on(t.tenantId, t.roleId, t.scopeId),
    index('roles_scopes__scope_id').on(t.tenantId, t.scopeId),
    tenantReference('roles_scopes__role_id_fkey', [t.tenantId, t.roleId], roles),
    tenantReference('roles_scopes__scope_id_fkey', [t.tenantId, t.scopeId], scopes),
  ],
);

export type RolesScope = typeof rolesScopes.$inferSelect;
export type NewRolesScope = typeof rolesScopes.$inferInsert;
