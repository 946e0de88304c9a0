// Account API verification records: proof, valid for a short time, that the caller showed a secret
// (their password, or a code sent to an email address or phone). A sensitive change of the account
// names one in the `logto-verification-id` header; it counts only for the user it was made for,
// only while unexpired, and only once. Social and WebAuthn registration records prove only what
// they carry (an identity at a provider, a new passkey) for the change that adds it, never who the
// caller is.
import { boolean, index, integer, jsonb, pgTable, varchar } from 'drizzle-orm/pg-core';

import { createdAtColumn, idColumn, oneOf, tenantIdColumn, tenantReference, timestampColumn } from './columns.ts';
import { users } from './users.ts';

export const accountVerificationRecordTypes = [
  'Password',
  'EmailVerificationCode',
  'PhoneVerificationCode',
  'Social',
  'WebAuthnRegistration',
] as const;
export type AccountVerificationRecordType = (typeof accountVerificationRecordTypes)[number];

export const verificationRecords = pgTable(
  'verification_records',
  {
    tenantId: tenantIdColumn(),
    id: idColumn().primaryKey(),
    /** The user whose identity this record proves; null for a code sent to an address that is not theirs (yet). */
    userId: idColumn('user_id'),
    /** The user who asked for it, always set: a record is only ever looked up for its requester. */
    requesterId: idColumn('requester_id').notNull(),
    type: varchar('type', { length: 32 }).$type<AccountVerificationRecordType>().notNull(),
    /** The email address or phone number (stored form) a code was sent to. */
    identifier: varchar('identifier', { length: 128 }),
    code: varchar('code', { length: 6 }),
    tryCount: integer('try_count').notNull().default(0),
    /**
     * What a ceremony needs between its two steps and what it proved: for Social, the connector,
     * state, redirect URI, nonce, PKCE verifier and then the provider's user; for
     * WebAuthnRegistration, the challenge and then the verified credential.
     */
    data: jsonb('data').$type<Record<string, unknown>>(),
    verified: boolean('verified').notNull().default(false),
    /** Set when a change used the record: it proves nothing afterwards. */
    usedAt: timestampColumn('used_at'),
    expiresAt: timestampColumn('expires_at').notNull(),
    createdAt: createdAtColumn(),
  },
  (t) => [
    // Deleting the user deletes their records.
    tenantReference('verification_records__requester', [t.tenantId, t.requesterId], users),
    index('verification_records__expires_at').on(t.expiresAt),
    oneOf('verification_records__type', t.type, accountVerificationRecordTypes),
  ],
);

export type AccountVerificationRecord = typeof verificationRecords.$inferSelect;
export type NewAccountVerificationRecord = typeof verificationRecords.$inferInsert;
