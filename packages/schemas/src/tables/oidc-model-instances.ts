// oidc-provider's adapter storage (sessions, grants, codes, tokens, interactions…), one row per
// model instance. Indexes follow the adapter's lookups: by id, by uid (sessions), by grantId
// (revocation), and by expiry (clean-up). The uid and grantId indexes put the model name last: led
// by (tenant, model) they matched a lookup by id as well as the primary key does, and on a table
// not yet analysed the planner could take one and walk every token of the model.
import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, primaryKey, varchar } from 'drizzle-orm/pg-core';

import type { JsonObject } from '../json/common.ts';
import { tenantIdColumn, timestampColumn } from './columns.ts';

export const oidcModelInstances = pgTable(
  'oidc_model_instances',
  {
    tenantId: tenantIdColumn(),
    modelName: varchar('model_name', { length: 64 }).notNull(),
    id: varchar('id', { length: 128 }).notNull(),
    payload: jsonb('payload').$type<JsonObject>().notNull(),
    expiresAt: timestampColumn('expires_at').notNull(),
    consumedAt: timestampColumn('consumed_at'),
  },
  (t) => [
    primaryKey({ name: 'oidc_model_instances_pkey', columns: [t.tenantId, t.modelName, t.id] }),
    index('oidc_model_instances__payload_uid').on(t.tenantId, sql`(${t.payload}->>'uid')`, t.modelName),
    index('oidc_model_instances__payload_grant_id').on(t.tenantId, sql`(${t.payload}->>'grantId')`, t.modelName),
    index('oidc_model_instances__expires_at').on(t.expiresAt),
  ],
);

export type OidcModelInstance = typeof oidcModelInstances.$inferSelect;
export type NewOidcModelInstance = typeof oidcModelInstances.$inferInsert;
