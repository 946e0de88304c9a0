// The tenant's sign-in experience (sign-in mode and methods, password, lockout and MFA policies) is
// read by almost every step, several times per sign-in. While the service listens for PostgreSQL's
// change notifications (app.ts), each tenant's row is kept in memory and dropped when a
// notification names the table: a change takes effect a moment after its commit, as the oidc
// service's cached clients do. Without a listener (not connected yet, closed) every call reads the
// row. A reconnected listener reports "everything changed", which drops every tenant's.
import { type Change, createPerTenantCache, type Db, type PerTenantCache } from '@idp/db';
import { RequestError } from '@idp/errors';
import { signInExperiences } from '@idp/schemas';
import { eq } from 'drizzle-orm';

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

// Keyed by the database handle the routes are given (a transaction's handle is not cached).
const caches = new WeakMap<Db, PerTenantCache<StoredSignInExperience>>();

export type SignInExperienceCache = {
  /** Called with every change notification. */
  invalidate(change: Change): void;
  /** Serves from memory from now on (the listener is connected) or, with false, no longer. */
  enable(enabled: boolean): void;
};

export function cacheSignInExperiences(db: Db): SignInExperienceCache {
  const cache = createPerTenantCache(async (tenantId) => deepFreeze(await readSignInExperience(db, tenantId)));
  return {
    invalidate(change) {
      if (change.table === '*') cache.invalidate('*');
      else if (change.table === 'sign_in_experiences') cache.invalidate(change.tenantId);
    },
    enable(enabled) {
      cache.invalidate('*');
      if (enabled) caches.set(db, cache);
      else caches.delete(db);
    },
  };
}

export async function findSignInExperience(db: Db, tenantId: string): Promise<StoredSignInExperience> {
  const cache = caches.get(db);
  return cache ? cache.get(tenantId) : readSignInExperience(db, tenantId);
}
