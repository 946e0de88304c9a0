// Which roles a user has.
import { index, pgTable, unique } from 'drizzle-orm/pg-core';

import { idColumn, tenantIdColumn, tenantReference } from './columns.ts';
import { roles } from './roles.ts';
import { users } from './users.ts';

export const usersRoles = pgTable(
  'users_roles',
  {
    tenantId: tenantIdColumn(),
    id: idColumn().primaryKey(),
    userId: idColumn('user_id').notNull(),
    roleId: idColumn('role_id').notNull(),
  },
  (t) => [
    unique('users_roles__user_id_role_id').on(t.tenantId, t.userId, t.roleId),
    index('users_roles__role_id').on(t.tenantId, t.roleId),
    tenantReference('users_roles__user_id_fkey', [t.tenantId, t.userId], users),
    tenantReference('users_roles__role_id_fkey', [t.tenantId, t.roleId], roles),
  ],
);

export type UsersRole = typeof usersRoles.$inferSelect;
export type NewUsersRole = typeof usersRoles.$inferInsert;
