import { randomInt, timingSafeEqual } from 'node:crypto';
import { generateId, type Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import { passcodes, type Passcode } from '@idp/schemas';
import { and, eq, lt, sql } from 'drizzle-orm';

export const codeLifetimeMs = 10 * 60 * 1000;
// Fewer than the sentinel's default, so a code runs out before its address is locked.
export const maxCodeAttempts = 5;

export const generateCode = () => String(randomInt(0, 1_000_000)).padStart(6, '0');

export async function insertPasscode(
  db: Db,
  values: { tenantId: string; interactionJti: string; email?: string; phone?: string; type: string; code: string },
): Promise<Passcode> {
  const [row] = await db
    .insert(passcodes)
    .values({ ...values, id: generateId() })
    .returning();
  return row!;
}

export async function findPasscode(db: Db, tenantId: string, id: string): Promise<Passcode | undefined> {
  const [row] = await db
    .select()
    .from(passcodes)
    .where(and(eq(passcodes.tenantId, tenantId), eq(passcodes.id, id)));
  return row;
}

/**
 * Claims one of the code's attempts before it is compared: one UPDATE that counts the attempt only
 * while fewer than the limit were made, so however many guesses race (on any replica), at most
 * `maxCodeAttempts` are ever compared. Answers the code to compare with, or undefined when the
 * attempts are spent or the code was used meanwhile.
 */
export async function claimAttempt(db: Db, tenantId: string, id: string): Promise<string | undefined> {
  const [row] = await db
    .update(passcodes)
    .set({ tryCount: sql`${passcodes.tryCount} + 1` })
    .where(
      and(eq(passcodes.tenantId, tenantId), eq(passcodes.id, id), eq(passcodes.consumed, false), lt(passcodes.tryCount, maxCodeAttempts)),
    )
    .returning({ code: passcodes.code });
  return row?.code;
}

/** Marks the code used; false when another request used it first, so a code works exactly once. */
export async function consumePasscode(db: Db, tenantId: string, id: string): Promise<boolean> {
  const rows = await db
    .update(passcodes)
    .set({ consumed: true })
    .where(and(eq(passcodes.tenantId, tenantId), eq(passcodes.id, id), eq(passcodes.consumed, false)))
    .returning({ id: passcodes.id });
  return rows.length === 1;
}

/**
 * Checks a code against the one sent and consumes it: throws the verification_code.* error that
 * fits, and counts every attempt, right or wrong (`onMismatch` runs before the error is thrown).
 */
export async function verifyAndConsumePasscode(
  db: Db,
  tenantId: string,
  codeId: string,
  code: string,
  onMismatch: () => Promise<void> = async () => {},
): Promise<void> {
  const passcode = await findPasscode(db, tenantId, codeId);
  if (!passcode || passcode.consumed) throw new RequestError('verification_code.not_found');
  if (Date.now() - passcode.createdAt.getTime() > codeLifetimeMs) throw new RequestError('verification_code.expired');
  const expected = await claimAttempt(db, tenantId, passcode.id);
  if (expected === undefined) {
    const latest = await findPasscode(db, tenantId, codeId);
    throw new RequestError(latest?.consumed ? 'verification_code.not_found' : 'verification_code.exceed_max_try');
  }
  const matches = code.length === expected.length && timingSafeEqual(Buffer.from(code), Buffer.from(expected));
  if (!matches) {
    await onMismatch();
    throw new RequestError('verification_code.code_mismatch');
  }
  if (!(await consumePasscode(db, tenantId, passcode.id))) throw new RequestError('verification_code.not_found');
}
