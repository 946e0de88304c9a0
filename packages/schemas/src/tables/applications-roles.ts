// Which (machine-to-machine) roles an application has.
import { index, pgTable, unique } from 'drizzle-orm/pg-core';

import { applications } from './applications.ts';
import { idColumn, tenantIdColumn, tenantReference } from './columns.ts';
import { roles } from './roles.ts';

export const applicationsRoles = pgTable(
  'applications_roles',
  {
    tenantId: tenantIdColumn(),
    id: idColumn().primaryKey(),
    applicationId: idColumn('application_id').notNull(),
    roleId: idColumn('role_id').notNull(),
  },
  (t) => [
    unique('applications_roles__application_id_role_id').on(t.tenantId, t.applicationId, t.roleId),
    index('applications_roles__role_id').on(t.tenantId, t.roleId),
    tenantReference('applications_roles__application_id_fkey', [t.tenantId, t.applicationId], applications),
    tenantReference('applications_roles__role_id_fkey', [t.tenantId, t.roleId], roles),
  ],
);

export type ApplicationsRole = typeof applicationsRoles.$inferSelect;
export type NewApplicationsRole = typeof applicationsRoles.$inferInsert;
