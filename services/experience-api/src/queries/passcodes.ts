import { randomInt } from 'node:crypto';
import { generateId, type Db } from '@idp/db';
import { passcodes, type Passcode } from '@idp/schemas';
import { and, eq, sql } from 'drizzle-orm';

export const codeLifetimeMs = 10 * 60 * 1000;
export const maxCodeAttempts = 10;

export const generateCode = () => String(randomInt(0, 1_000_000)).padStart(6, '0');

export async function insertPasscode(
  db: Db,
  values: { tenantId: string; interactionJti: string; email?: string; phone?: string; type: string; code: string },
): Promise<Passcode> {
  const [row] = await db.insert(passcodes).values({ ...values, id: generateId() }).returning();
  return row!;
}

export async function findPasscode(db: Db, tenantId: string, id: string): Promise<Passcode | undefined> {
  const [row] = await db.select().from(passcodes).where(and(eq(passcodes.tenantId, tenantId), eq(passcodes.id, id)));
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
