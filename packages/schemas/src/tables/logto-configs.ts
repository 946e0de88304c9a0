// Per-tenant key/value settings: 'oidc.privateKeys' (signing keys), 'oidc.cookieKeys',
// 'adminConsole', … Values hold secrets: never log them.
import { jsonb, pgTable, primaryKey, varchar } from 'drizzle-orm/pg-core';

import { tenantIdColumn } from './columns.ts';

export const logtoConfigs = pgTable(
  'logto_configs',
  {
    tenantId: tenantIdColumn(),
    key: varchar('key', { length: 256 }).notNull(),
    /** Shape depends on the key (the key lists are arrays), so callers validate on read. */
    value: jsonb('value').$type<unknown>().notNull().default({}),
  },
  (t) => [primaryKey({ name: 'logto_configs_pkey', columns: [t.tenantId, t.key] })],
);

export type LogtoConfig = typeof logtoConfigs.$inferSelect;
export type NewLogtoConfig = typeof logtoConfigs.$inferInsert;
