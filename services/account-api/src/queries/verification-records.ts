// Account API verification records (see the table's comment). Every read and claim names the user
// who asks, so a record id is worth nothing to anyone else.
import { generateId, type Db } from '@idp/db';
import { verificationRecords, type AccountVerificationRecord, type NewAccountVerificationRecord } from '@idp/schemas';
import { and, count, eq, gt, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Tx } from './users.ts';

export const maxCodeAttempts = 5;

/**
 * The records that can prove who the caller is: a secret only the user knows or receives at their
 * own address. A social or WebAuthn registration record proves only what it brings (an identity
 * at a provider, a new passkey), whoever brought it, so it never stands in for the user.
 */
export const identityProofTypes: AccountVerificationRecord['type'][] = ['Password', 'EmailVerificationCode', 'PhoneVerificationCode'];

export async function insertRecord(
  db: Db,
  values: Omit<NewAccountVerificationRecord, 'id' | 'createdAt'>,
): Promise<AccountVerificationRecord> {
  const [row] = await db
    .insert(verificationRecords)
    .values({ ...values, id: generateId() })
    .returning();
  return row!;
}

export async function findRecord(
  db: Db,
  tenantId: string,
  requesterId: string,
  id: string,
): Promise<AccountVerificationRecord | undefined> {
  const [row] = await db
    .select()
    .from(verificationRecords)
    .where(
      and(eq(verificationRecords.tenantId, tenantId), eq(verificationRecords.requesterId, requesterId), eq(verificationRecords.id, id)),
    );
  return row;
}

/**
 * Counts one attempt at a code before it is compared, only while fewer than the limit were made
 * and the record is neither verified nor expired. Answers the code to compare with, or undefined.
 */
export async function claimCodeAttempt(db: Db, tenantId: string, id: string): Promise<string | undefined> {
  const [row] = await db
    .update(verificationRecords)
    .set({ tryCount: sql`${verificationRecords.tryCount} + 1` })
    .where(
      and(
        eq(verificationRecords.tenantId, tenantId),
        eq(verificationRecords.id, id),
        eq(verificationRecords.verified, false),
        lt(verificationRecords.tryCount, maxCodeAttempts),
        gt(verificationRecords.expiresAt, sql`now()`),
      ),
    )
    .returning({ code: verificationRecords.code });
  return row?.code ?? undefined;
}

/**
 * Records what a ceremony's second step proved, once: only while the record is unverified and
 * unexpired, so two answers at once cannot both count. Answers whether this call recorded it.
 */
export async function saveVerifiedData(db: Db, tenantId: string, id: string, data: Record<string, unknown>): Promise<boolean> {
  const rows = await db
    .update(verificationRecords)
    .set({ data, verified: true })
    .where(
      and(
        eq(verificationRecords.tenantId, tenantId),
        eq(verificationRecords.id, id),
        eq(verificationRecords.verified, false),
        gt(verificationRecords.expiresAt, sql`now()`),
      ),
    )
    .returning({ id: verificationRecords.id });
  return rows.length > 0;
}

export async function markVerified(db: Db, tenantId: string, id: string): Promise<void> {
  await db
    .update(verificationRecords)
    .set({ verified: true })
    .where(and(eq(verificationRecords.tenantId, tenantId), eq(verificationRecords.id, id)));
}

/** A record this requester may still use as proof: verified, not used yet, not expired. */
const usableBy = (tenantId: string, requesterId: string, id: string) =>
  and(
    eq(verificationRecords.tenantId, tenantId),
    eq(verificationRecords.id, id),
    eq(verificationRecords.requesterId, requesterId),
    eq(verificationRecords.verified, true),
    isNull(verificationRecords.usedAt),
    gt(verificationRecords.expiresAt, sql`now()`),
  );

/**
 * Uses a record up: one UPDATE that succeeds only for a verified, unused, unexpired record of this
 * requester matching `where`, so a record is never used twice, even by two requests at once.
 */
export async function claimRecord(
  tx: Tx,
  tenantId: string,
  requesterId: string,
  id: string,
  where: { userId?: string; type?: AccountVerificationRecord['type'][] },
): Promise<AccountVerificationRecord | undefined> {
  const [row] = await tx
    .update(verificationRecords)
    .set({ usedAt: sql`now()` })
    .where(
      and(
        usableBy(tenantId, requesterId, id),
        where.userId === undefined ? undefined : eq(verificationRecords.userId, where.userId),
        where.type === undefined ? undefined : inArray(verificationRecords.type, where.type),
      ),
    )
    .returning();
  return row;
}

/** Records expired more than a day ago: nothing can use them; deleted in the background. */
export async function deleteExpiredRecords(db: Db): Promise<void> {
  await db.delete(verificationRecords).where(lt(verificationRecords.expiresAt, sql`now() - interval '1 day'`));
}

/** How many records of these types the requester made in the last `windowMs` (only unverified ones, or to one identifier, if asked). */
export async function countRecentRecords(
  db: Db,
  tenantId: string,
  requesterId: string,
  {
    types,
    windowMs,
    unverifiedOnly = false,
    identifier,
  }: { types: AccountVerificationRecord['type'][]; windowMs: number; unverifiedOnly?: boolean; identifier?: string },
): Promise<number> {
  const [row] = await db
    .select({ total: count() })
    .from(verificationRecords)
    .where(
      and(
        eq(verificationRecords.tenantId, tenantId),
        eq(verificationRecords.requesterId, requesterId),
        inArray(verificationRecords.type, types),
        gt(verificationRecords.createdAt, new Date(Date.now() - windowMs)),
        unverifiedOnly ? eq(verificationRecords.verified, false) : undefined,
        identifier === undefined ? undefined : eq(verificationRecords.identifier, identifier),
      ),
    );
  return row?.total ?? 0;
}

/** Whether the requester holds a verified, unused, unexpired record proving `userId`, without using it up. */
export async function hasUsableRecord(db: Db, tenantId: string, requesterId: string, id: string, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: verificationRecords.id })
    .from(verificationRecords)
    .where(
      and(
        usableBy(tenantId, requesterId, id),
        eq(verificationRecords.userId, userId),
        inArray(verificationRecords.type, identityProofTypes),
      ),
    );
  return row !== undefined;
}
