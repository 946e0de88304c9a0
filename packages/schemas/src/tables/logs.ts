// Audit log. Read newest first: per tenant, per key, per user and per application.
import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, varchar } from 'drizzle-orm/pg-core';

import type { JsonObject } from '../json/common.ts';
import { createdAtColumn, idColumn, tenantIdColumn } from './columns.ts';

export const logs = pgTable(
  'logs',
  {
    tenantId: tenantIdColumn(),
    id: idColumn().primaryKey(),
    key: varchar('key', { length: 128 }).notNull(),
    payload: jsonb('payload').$type<JsonObject>().notNull().default({}),
    createdAt: createdAtColumn(),
  },
  (t) => [
    index('logs__created_at').on(t.tenantId, t.createdAt.desc()),
    index('logs__key_created_at').on(t.tenantId, t.key, t.createdAt.desc()),
    index('logs__user_id_created_at').on(t.tenantId, sql`(${t.payload}->>'userId')`, t.createdAt.desc()),
    index('logs__application_id_created_at').on(t.tenantId, sql`(${t.payload}->>'applicationId')`, t.createdAt.desc()),
  ],
);

export type Log = typeof logs.$inferSelect;
export type NewLog = typeof logs.$inferInsert;
