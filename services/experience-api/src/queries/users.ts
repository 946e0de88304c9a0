import { generateId, type Db } from '@idp/db';
import { normalizePhone } from '@idp/phone';
import { RequestError } from '@idp/errors';
import { users, type NewUser, type User } from '@idp/schemas';
import { and, eq, sql } from 'drizzle-orm';
import type { Identifier } from '../libraries/state.ts';
import { findSignInExperience } from './sign-in-experience.ts';

// Emails match regardless of case (the unique index is on lower(primary_email)); phone numbers in
// their one stored form, however they were typed.
const identifierCondition = ({ type, value }: Identifier) => {
  if (type === 'email') return sql`lower(${users.primaryEmail}) = lower(${value})`;
  if (type === 'phone') return eq(users.primaryPhone, normalizePhone(value) ?? value);
  return eq(users.username, value);
};

export async function findUserByIdentifier(db: Db, tenantId: string, identifier: Identifier): Promise<User | undefined> {
  const [row] = await db
    .select()
    .from(users)
    .where(and(eq(users.tenantId, tenantId), identifierCondition(identifier)))
    .limit(1);
  if (row || identifier.type !== 'username') return row;
  // Logto's usernamePolicy.caseSensitive = false: a username also matches its case variants, at
  // sign-in and when registration checks it is free. Asked only when the exact match missed.
  const { usernamePolicy } = await findSignInExperience(db, tenantId);
  if (usernamePolicy.caseSensitive) return undefined;
  const [variant] = await db
    .select()
    .from(users)
    .where(and(eq(users.tenantId, tenantId), sql`lower(${users.username}) = lower(${identifier.value})`))
    .orderBy(users.createdAt)
    .limit(1);
  return variant;
}

export async function findUserById(db: Db, tenantId: string, id: string): Promise<User | undefined> {
  const [row] = await db
    .select()
    .from(users)
    .where(and(eq(users.tenantId, tenantId), eq(users.id, id)));
  return row;
}

const inUseCode = {
  username: 'user.username_already_in_use',
  email: 'user.email_already_in_use',
  phone: 'user.phone_already_in_use',
} as const;

export async function assertIdentifierFree(db: Db, tenantId: string, identifier: Identifier): Promise<void> {
  if (await findUserByIdentifier(db, tenantId, identifier)) {
    throw new RequestError(inUseCode[identifier.type], { data: { identifier: identifier.type } });
  }
}

export async function insertUser(db: Db, values: Omit<NewUser, 'id'>): Promise<User> {
  const [row] = await db
    .insert(users)
    .values({ ...values, id: generateId() })
    .returning();
  return row!;
}

export async function updateUser(db: Db, tenantId: string, id: string, values: Partial<NewUser>): Promise<void> {
  await db
    .update(users)
    .set(values)
    .where(and(eq(users.tenantId, tenantId), eq(users.id, id)));
}

/**
 * Replaces the user's factors only if they are still what the caller read: false when another
 * request changed them first (a backup code or TOTP step used twice at once counts once).
 */
export async function replaceMfaVerifications(
  db: Db,
  tenantId: string,
  id: string,
  expected: User['mfaVerifications'],
  next: User['mfaVerifications'],
): Promise<boolean> {
  const rows = await db
    .update(users)
    .set({ mfaVerifications: next })
    .where(and(eq(users.tenantId, tenantId), eq(users.id, id), sql`${users.mfaVerifications} = ${JSON.stringify(expected)}::jsonb`))
    .returning({ id: users.id });
  return rows.length === 1;
}
