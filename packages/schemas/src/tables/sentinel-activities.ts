// Failed sign-in attempts and the locks they lead to (Logto's "sentinel"). A target is an
// identifier or a client IP, stored hashed: the table answers "is this target locked?" and "how
// many failures in the window?" without keeping identifiers or addresses in clear.
import { index, pgTable, varchar } from 'drizzle-orm/pg-core';

import { createdAtColumn, idColumn, oneOf, tenantIdColumn, timestampColumn } from './columns.ts';

export const sentinelTargetTypes = ['Identifier', 'Ip'] as const;
export const sentinelDecisions = ['Failed', 'Blocked'] as const;

export const sentinelActivities = pgTable(
  'sentinel_activities',
  {
    tenantId: tenantIdColumn(),
    id: idColumn().primaryKey(),
    targetType: varchar('target_type', { length: 16 }).$type<(typeof sentinelTargetTypes)[number]>().notNull(),
    /** sha256 of the normalised identifier or the IP, hex. */
    targetHash: varchar('target_hash', { length: 64 }).notNull(),
    /** What was tried: Password, VerificationCode, Mfa. */
    action: varchar('action', { length: 32 }).notNull(),
    /** Failed: one wrong attempt. Blocked: the lock that followed, until `decisionExpiresAt`. */
    decision: varchar('decision', { length: 16 }).$type<(typeof sentinelDecisions)[number]>().notNull(),
    decisionExpiresAt: timestampColumn('decision_expires_at'),
    /**
     * For an identifier: the hashed client address the attempt came from, so a lock holds that
     * identifier at that address only (an attacker cannot lock a user out from elsewhere). Null: any address.
     */
    addressHash: varchar('address_hash', { length: 64 }),
    createdAt: createdAtColumn(),
  },
  (t) => [
    index('sentinel_activities__target').on(t.tenantId, t.targetType, t.targetHash, t.createdAt),
    index('sentinel_activities__address').on(t.tenantId, t.addressHash),
    oneOf('sentinel_activities__target_type', t.targetType, sentinelTargetTypes),
    oneOf('sentinel_activities__decision', t.decision, sentinelDecisions),
  ],
);

export type SentinelActivity = typeof sentinelActivities.$inferSelect;
