// One-time verification codes sent by email or SMS during an interaction (Logto's name for the
// table is kept). Looked up by interaction, or by recipient and purpose.
import { boolean, index, integer, pgTable, varchar } from 'drizzle-orm/pg-core';

import { createdAtColumn, idColumn, tenantIdColumn } from './columns.ts';

export const passcodes = pgTable(
  'passcodes',
  {
    tenantId: tenantIdColumn(),
    id: idColumn().primaryKey(),
    interactionJti: varchar('interaction_jti', { length: 128 }),
    phone: varchar('phone', { length: 32 }),
    email: varchar('email', { length: 128 }),
    /** The purpose (SignIn, Register, ForgotPassword, Generic, …). */
    type: varchar('type', { length: 32 }).notNull(),
    code: varchar('code', { length: 6 }).notNull(),
    consumed: boolean('consumed').notNull().default(false),
    tryCount: integer('try_count').notNull().default(0),
    createdAt: createdAtColumn(),
  },
  (t) => [
    index('passcodes__interaction_jti_type').on(t.tenantId, t.interactionJti, t.type),
    index('passcodes__email_type').on(t.tenantId, t.email, t.type),
    index('passcodes__phone_type').on(t.tenantId, t.phone, t.type),
  ],
);

export type Passcode = typeof passcodes.$inferSelect;
export type NewPasscode = typeof passcodes.$inferInsert;
