// Named client secrets of an application (several may be valid at once, for rotation).
import { pgTable, primaryKey, varchar } from 'drizzle-orm/pg-core';

import { applications } from './applications.ts';
import { createdAtColumn, idColumn, tenantIdColumn, tenantReference, timestampColumn } from './columns.ts';

export const applicationSecrets = pgTable(
  'application_secrets',
  {
    tenantId: tenantIdColumn(),
    applicationId: idColumn('application_id').notNull(),
    name: varchar('name', { length: 256 }).notNull(),
    /** The secret itself: never log it (the Management API shows it to administrators, as Logto does). */
    value: varchar('value', { length: 64 }).notNull(),
    createdAt: createdAtColumn(),
    expiresAt: timestampColumn('expires_at'),
  },
  (t) => [
    primaryKey({ name: 'application_secrets_pkey', columns: [t.applicationId, t.name] }),
    tenantReference('application_secrets__application_id_fkey', [t.tenantId, t.applicationId], applications),
  ],
);

export type ApplicationSecret = typeof applicationSecrets.$inferSelect;
export type NewApplicationSecret = typeof applicationSecrets.$inferInsert;
