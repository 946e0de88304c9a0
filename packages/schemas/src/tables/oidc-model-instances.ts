// oidc-provider's adapter storage (sessions, grants, codes, tokens, interactions…), one row per
// model instance. Indexes follow the adapter's lookups: by id, by uid (sessions), by grantId
// (revocation), and by expiry (clean-up).
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
    index('oidc_model_instances__model_name_payload_uid').on(
      t.tenantId,
      t.modelName,
      sql`(${t.payload}->>'uid')`,
    ),
    index('oidc_model_instances__model_name_payload_grant_id').on(
      t.tenantId,
      t.modelName,
      sql`(${t.payload}->>'grantId')`,
    ),
    index('oidc_model_instances__expires_at').on(t.expiresAt),
  ],
);

export type OidcModelInstance = typeof oidcModelInstances.$inferSelect;
export type NewOidcModelInstance = typeof oidcModelInstances.$inferInsert;
