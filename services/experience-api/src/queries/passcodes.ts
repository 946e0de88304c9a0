import { randomInt, timingSafeEqual } from 'node:crypto';
import { generateId, type Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import { passcodes, type Passcode } from '@idp/schemas';
import { and, eq, sql } from 'drizzle-orm';

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

/** Counts a wrong attempt; the count only ever grows, whatever requests race. */
export async function countFailedAttempt(db: Db, tenantId: string, id: string): Promise<void> {
  await db
    .update(passcodes)
    .set({ tryCount: sql`${passcodes.tryCount} + 1` })
    .where(and(eq(passcodes.tenantId, tenantId), eq(passcodes.id, id)));
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
 * fits, and counts a wrong attempt (`onMismatch` runs before the error is thrown).
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
  if (passcode.tryCount >= maxCodeAttempts) throw new RequestError('verification_code.exceed_max_try');
  const matches = code.length === passcode.code.length && timingSafeEqual(Buffer.from(code), Buffer.from(passcode.code));
  if (!matches) {
    await countFailedAttempt(db, tenantId, passcode.id);
    await onMismatch();
    throw new RequestError('verification_code.code_mismatch');
  }
  if (!(await consumePasscode(db, tenantId, passcode.id))) throw new RequestError('verification_code.not_found');
}
