// Fixed-window counters for rate limits that must hold across replicas (verification-code sends
// per recipient and per client address). One row per key: the window restarts in place when it
// has passed, so a key never grows more than one row. Keys are hashed, like the sentinel's targets.
import { index, integer, pgTable, primaryKey, varchar } from 'drizzle-orm/pg-core';

import { tenantIdColumn, timestampColumn } from './columns.ts';

export const rateLimits = pgTable(
  'rate_limits',
  {
    tenantId: tenantIdColumn(),
    /** sha256 (hex) of `<limit name>:<value>`. */
    keyHash: varchar('key_hash', { length: 64 }).notNull(),
    windowStart: timestampColumn('window_start').notNull(),
    hits: integer('hits').notNull(),
  },
  (t) => [primaryKey({ name: 'rate_limits_pkey', columns: [t.tenantId, t.keyHash] }), index('rate_limits__window_start').on(t.windowStart)],
);

export type RateLimit = typeof rateLimits.$inferSelect;
