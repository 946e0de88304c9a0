// End users (and, in the admin tenant, console administrators).
import { sql } from 'drizzle-orm';
import { boolean, index, jsonb, pgTable, unique, uniqueIndex, varchar } from 'drizzle-orm/pg-core';

import type { JsonObject } from '../json/common.ts';
import type { Identities, MfaVerification, UserProfile } from '../json/user.ts';
import { createdAtColumn, idColumn, oneOf, tenantIdColumn, timestampColumn } from './columns.ts';

export const passwordEncryptionMethods = ['Argon2i', 'Argon2id', 'Argon2d', 'SHA1', 'SHA256', 'MD5', 'Bcrypt'] as const;
export type PasswordEncryptionMethod = (typeof passwordEncryptionMethods)[number];

export const users = pgTable(
  'users',
  {
    tenantId: tenantIdColumn(),
    id: idColumn().primaryKey(),
    username: varchar('username', { length: 128 }),
    primaryEmail: varchar('primary_email', { length: 128 }),
    primaryPhone: varchar('primary_phone', { length: 128 }),
    passwordEncrypted: varchar('password_encrypted', { length: 256 }),
    passwordEncryptionMethod: varchar('password_encryption_method', {
      length: 32,
    }).$type<PasswordEncryptionMethod>(),
    name: varchar('name', { length: 128 }),
    avatar: varchar('avatar', { length: 2048 }),
    profile: jsonb('profile').$type<UserProfile>().notNull().default({}),
    /** The application the user registered through; no foreign key, the user outlives it. */
    applicationId: idColumn('application_id'),
    identities: jsonb('identities').$type<Identities>().notNull().default({}),
    customData: jsonb('custom_data').$type<JsonObject>().notNull().default({}),
    logtoConfig: jsonb('logto_config').$type<JsonObject>().notNull().default({}),
    mfaVerifications: jsonb('mfa_verifications').$type<MfaVerification[]>().notNull().default([]),
    isSuspended: boolean('is_suspended').notNull().default(false),
    lastSignInAt: timestampColumn('last_sign_in_at'),
    /** When the password was last set; the age the password expiration policy measures (null: unknown). */
    passwordUpdatedAt: timestampColumn('password_updated_at'),
    createdAt: createdAtColumn(),
    updatedAt: timestampColumn('updated_at')
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
  },
  (t) => [
    unique('users__tenant_id_id').on(t.tenantId, t.id),
    unique('users__username').on(t.tenantId, t.username),
    // Emails are unique regardless of case: look them up with lower(primary_email) = lower($1).
    uniqueIndex('users__primary_email').on(t.tenantId, sql`lower(${t.primaryEmail})`),
    unique('users__primary_phone').on(t.tenantId, t.primaryPhone),
    // Newest first with the id as tie-breaker: the order of GET /api/users, readable off the index.
    index('users__tenant_id_created_at_id').on(t.tenantId, t.createdAt.desc(), t.id.desc()),
    // Substring search of the users list (`search=%word%`, ILIKE over these five columns): trigram
    // indexes answer it, and its count, from a bitmap instead of a scan of every user (migration
    // 0017 creates the pg_trgm extension). Terms under three characters still scan: no trigram.
    index('users__id_trgm').using('gin', t.id.op('gin_trgm_ops')),
    index('users__username_trgm').using('gin', t.username.op('gin_trgm_ops')),
    index('users__primary_email_trgm').using('gin', t.primaryEmail.op('gin_trgm_ops')),
    index('users__primary_phone_trgm').using('gin', t.primaryPhone.op('gin_trgm_ops')),
    index('users__name_trgm').using('gin', t.name.op('gin_trgm_ops')),
    // Who holds a social identity: look it up by containment, identities @> {"<target>": {"userId": …}}.
    index('users__identities').using('gin', t.identities.op('jsonb_path_ops')),
    oneOf('users__password_encryption_method', t.passwordEncryptionMethod, passwordEncryptionMethods),
  ],
);

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;

/**
 * Users holding the social identity `socialUserId` under `target`: a containment test, so the
 * `users__identities` index answers it instead of a scan of the tenant's users.
 */
export const holdsSocialIdentity = (target: string, socialUserId: string) =>
  sql`${users.identities} @> ${JSON.stringify({ [target]: { userId: socialUserId } })}::jsonb`;
