// The tenant's sign-in experience (sign-in mode and methods, password, lockout and MFA policies) is
// read by almost every step, several times per sign-in: kept in memory (see notified-cache.ts).
import type { Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import { signInExperiences } from '@idp/schemas';
import { eq } from 'drizzle-orm';
import { type NotifiedCache, notifiedCache } from './notified-cache.ts';

async function readSignInExperience(db: Db, tenantId: string) {
  const [row] = await db.select().from(signInExperiences).where(eq(signInExperiences.tenantId, tenantId)).limit(1);
  if (!row) throw new RequestError('entity.not_found', { message: 'The tenant has no sign-in experience.' });
  return row;
}

export type StoredSignInExperience = Awaited<ReturnType<typeof readSignInExperience>>;

/** Shared by every request of the tenant: frozen, so no caller can change another's copy. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

const stored = notifiedCache('sign_in_experiences', async (db, tenantId) => deepFreeze(await readSignInExperience(db, tenantId)));

export const cacheSignInExperiences = (db: Db): NotifiedCache => stored.forDatabase(db);

export function findSignInExperience(db: Db, tenantId: string): Promise<StoredSignInExperience> {
  return stored.get(db, tenantId);
}
