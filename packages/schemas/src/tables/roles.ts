// Roles group scopes; user roles go to users, machine-to-machine roles to applications.
import { boolean, pgTable, unique, varchar } from 'drizzle-orm/pg-core';

import { createdAtColumn, idColumn, oneOf, tenantIdColumn } from './columns.ts';

export const roleTypes = ['User', 'MachineToMachine'] as const;
export type RoleType = (typeof roleTypes)[number];

export const roles = pgTable(
  'roles',
  {
    tenantId: tenantIdColumn(),
    id: idColumn().primaryKey(),
    name: varchar('name', { length: 128 }).notNull(),
    description: varchar('description', { length: 128 }).notNull(),
    type: varchar('type', { length: 32 }).$type<RoleType>().notNull().default('User'),
    /** Assigned to every new user. */
    isDefault: boolean('is_default').notNull().default(false),
    createdAt: createdAtColumn(),
  },
  (t) => [
    unique('roles__tenant_id_id').on(t.tenantId, t.id),
    unique('roles__name').on(t.tenantId, t.name),
    oneOf('roles__type', t.type, roleTypes),
  ],
);

export type Role = typeof roles.$inferSelect;
export type NewRole = typeof roles.$inferInsert;
