// A user's social identities (`users.identities`, keyed by connector target) and MFA factors
// (`users.mfa_verifications`): each change is one statement inside PostgreSQL, so writes meanwhile
// to other targets or factors are never lost to a read-modify-write.
import { entityNotFound } from '@idp/errors';
import type { Db } from '@idp/db';
import { holdsSocialIdentity, users, type Identities, type Identity, type MfaVerification } from '@idp/schemas';
import { and, eq, not, sql } from 'drizzle-orm';
import { userById, userColumns, type UserRow } from './users.ts';

/** The user's identity under `target`, or null; 404 when there is no such user. */
export async function findIdentity(db: Db, tenantId: string, id: string, target: string): Promise<Identity | null> {
  const [row] = await db
    .select({ identity: sql<Identity | null>`${users.identities} -> ${target}::text` })
    .from(users)
    .where(userById(tenantId, id));
  if (!row) throw entityNotFound('user', id);
  return row.identity;
}

/**
 * Sets `identities[target]` (jsonb `||`). The CTE locks the row first, so `existed` is what the
 * UPDATE replaces, even under concurrent writes. With `mustBeNew`, a target the user already has
 * (or no such user) updates nothing and gives undefined.
 */
export async function mergeIdentity(db: Db, tenantId: string, id: string, target: string, identity: Identity, mustBeNew: boolean) {
  const { rows } = await db.execute<{ identities: Identities; existed: boolean }>(sql`
    with previous as (
      select id, identities ? ${target}::text as existed from users
      where tenant_id = ${tenantId} and id = ${id}
      for update
    )
    update users
    set identities = users.identities || jsonb_build_object(${target}::text, ${JSON.stringify(identity)}::jsonb), updated_at = now()
    from previous
    where users.tenant_id = ${tenantId} and users.id = previous.id${mustBeNew ? sql` and not previous.existed` : sql``}
    returning users.identities, previous.existed`);
  return rows[0];
}

/** Whether a user of the tenant other than `exceptUserId` holds this social identity. */
export async function isSocialIdentityHeld(
  db: Db,
  tenantId: string,
  exceptUserId: string,
  target: string,
  socialUserId: string,
): Promise<boolean> {
  const [holder] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.tenantId, tenantId), not(eq(users.id, exceptUserId)), holdsSocialIdentity(target, socialUserId)))
    .limit(1);
  return Boolean(holder);
}

/** Removes the identity under `target`; undefined when the user has none there (or does not exist). */
export async function removeIdentity(db: Db, tenantId: string, id: string, target: string): Promise<UserRow | undefined> {
  const [row] = await db
    .update(users)
    .set({ identities: sql`${users.identities} - ${target}::text` })
    .where(and(userById(tenantId, id), sql`${users.identities} ? ${target}::text`))
    .returning(userColumns);
  return row;
}

export async function findMfaVerifications(db: Db, tenantId: string, id: string): Promise<MfaVerification[]> {
  const [row] = await db.select({ mfaVerifications: users.mfaVerifications }).from(users).where(userById(tenantId, id));
  if (!row) throw entityNotFound('user', id);
  return row.mfaVerifications;
}

/** Whether the factor was there to remove (filtered inside PostgreSQL, so a factor enrolled meanwhile is kept). */
export async function removeMfaVerification(db: Db, tenantId: string, id: string, verificationId: string): Promise<boolean> {
  const [row] = await db
    .update(users)
    .set({
      mfaVerifications: sql`(select coalesce(jsonb_agg(factor order by position), '[]'::jsonb)
        from jsonb_array_elements(${users.mfaVerifications}) with ordinality as factors(factor, position)
        where factor->>'id' is distinct from ${verificationId})`,
    })
    .where(and(userById(tenantId, id), sql`${users.mfaVerifications} @> ${JSON.stringify([{ id: verificationId }])}::jsonb`))
    .returning({ id: users.id });
  return Boolean(row);
}
