// Configured connector instances (email, SMS, social); connector_id names the factory.
import { boolean, index, jsonb, pgTable, varchar } from 'drizzle-orm/pg-core';

import type { JsonObject } from '../json/common.ts';
import { createdAtColumn, idColumn, tenantIdColumn } from './columns.ts';

export const connectors = pgTable(
  'connectors',
  {
    tenantId: tenantIdColumn(),
    id: idColumn().primaryKey(),
    /** Update the user's profile from the social provider on every sign-in. */
    syncProfile: boolean('sync_profile').notNull().default(false),
    connectorId: varchar('connector_id', { length: 128 }).notNull(),
    /** Holds API keys and client secrets: never log it. */
    config: jsonb('config').$type<JsonObject>().notNull().default({}),
    /** Overrides of the factory's metadata (target, name, logo, logoDark). */
    metadata: jsonb('metadata').$type<JsonObject>().notNull().default({}),
    createdAt: createdAtColumn(),
  },
  (t) => [index('connectors__connector_id').on(t.tenantId, t.connectorId)],
);

export type Connector = typeof connectors.$inferSelect;
export type NewConnector = typeof connectors.$inferInsert;
