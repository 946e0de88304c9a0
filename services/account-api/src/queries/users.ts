// The signed-in user's own row; every statement is scoped by tenant and user id.
import type { Db } from '@idp/db';
import { users, type User } from '@idp/schemas';
import { and, eq, ne, sql } from 'drizzle-orm';
import { RequestError } from '@idp/errors';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export async function findUser(db: Db | Tx, tenantId: string, id: string): Promise<User | undefined> {
  const [row] = await db
    .select()
    .from(users)
    .where(and(eq(users.tenantId, tenantId), eq(users.id, id)));
  return row;
}

export async function updateUser(db: Db | Tx, tenantId: string, id: string, set: Partial<typeof users.$inferInsert>): Promise<User> {
  const [row] = await db
    .update(users)
    .set(set)
    .where(and(eq(users.tenantId, tenantId), eq(users.id, id)))
    .returning();
  return row!;
}

/** The user's row, locked until the transaction ends: read-modify-write of a jsonb column loses nothing. */
export async function lockUser(tx: Tx, tenantId: string, id: string): Promise<User> {
  const [row] = await tx
    .select()
    .from(users)
    .where(and(eq(users.tenantId, tenantId), eq(users.id, id)))
    .for('update');
  if (!row) throw new RequestError('auth.unauthorized');
  return row;
}

/** Whether another user of the tenant holds this identifier (emails compared regardless of case). */
export async function isIdentifierTaken(
  db: Db | Tx,
  tenantId: string,
  userId: string,
  identifier: { username: string } | { primaryEmail: string } | { primaryPhone: string },
): Promise<boolean> {
  const match =
    'username' in identifier
      ? eq(users.username, identifier.username)
      : 'primaryEmail' in identifier
        ? sql`lower(${users.primaryEmail}) = lower(${identifier.primaryEmail})`
        : eq(users.primaryPhone, identifier.primaryPhone);
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.tenantId, tenantId), ne(users.id, userId), match))
    .limit(1);
  return row !== undefined;
}

/** Whether another user of the tenant has this provider's identity linked (the gin index on identities serves it). */
export async function isIdentityTaken(db: Db | Tx, tenantId: string, userId: string, target: string, socialId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        eq(users.tenantId, tenantId),
        ne(users.id, userId),
        sql`${users.identities} @> ${JSON.stringify({ [target]: { userId: socialId } })}::jsonb`,
      ),
    )
    .limit(1);
  return row !== undefined;
}
