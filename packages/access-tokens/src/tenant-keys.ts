import type { Db } from '@idp/db';
import { pruneRotatedKeys, toPublicJwks, type StoredKey } from '@idp/oidc-keys';
import { logtoConfigs } from '@idp/schemas';
import { and, eq } from 'drizzle-orm';
import { createLocalJWKSet, type JWTVerifyGetKey } from 'jose';

export type TenantKeyCache = {
  /** The tenant's public keys (active ones and those in their grace period), loaded once. */
  get(tenantId: string): Promise<JWTVerifyGetKey>;
  /** Drops what was loaded for the tenant, or for every tenant. */
  invalidate(tenantId?: string): void;
};

// Keys are read from the database the OP signs with, not fetched from its JWKS endpoint: no HTTP
// hop, no dependency on the oidc service being up. Loads are shared by concurrent requests.
export function createTenantKeyCache(db: Db): TenantKeyCache {
  const cache = new Map<string, Promise<JWTVerifyGetKey>>();

  const load = async (tenantId: string): Promise<JWTVerifyGetKey> => {
    const [row] = await db
      .select({ value: logtoConfigs.value })
      .from(logtoConfigs)
      .where(and(eq(logtoConfigs.tenantId, tenantId), eq(logtoConfigs.key, 'oidc.privateKeys')));
    const keys = Array.isArray(row?.value) ? (row.value as StoredKey[]) : [];
    return createLocalJWKSet(toPublicJwks(pruneRotatedKeys(keys)) as Parameters<typeof createLocalJWKSet>[0]);
  };

  return {
    get(tenantId) {
      let keys = cache.get(tenantId);
      if (!keys) {
        keys = load(tenantId);
        // A failed load (database down) must not stick.
        keys.catch(() => cache.delete(tenantId));
        cache.set(tenantId, keys);
      }
      return keys;
    },
    invalidate(tenantId) {
      if (tenantId === undefined || tenantId === '*') cache.clear();
      else cache.delete(tenantId);
    },
  };
}
