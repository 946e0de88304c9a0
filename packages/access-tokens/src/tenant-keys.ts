import { createPerTenantCache, type Db, type PerTenantCache } from '@idp/db';
import { pruneRotatedKeys, toPublicJwks, type StoredKey } from '@idp/oidc-keys';
import { logtoConfigs } from '@idp/schemas';
import { and, eq } from 'drizzle-orm';
import { createLocalJWKSet, type JWTVerifyGetKey } from 'jose';

/**
 * A tenant's public keys (active ones and those in their grace period), loaded once; `invalidate`
 * drops what was loaded for the tenant, or for every tenant.
 */
export type TenantKeyCache = PerTenantCache<JWTVerifyGetKey>;

// Keys are read from the database the OP signs with, not fetched from its JWKS endpoint: no HTTP
// hop, no dependency on the oidc service being up. Loads are shared by concurrent requests.
export function createTenantKeyCache(db: Db): TenantKeyCache {
  return createPerTenantCache(async (tenantId) => {
    const [row] = await db
      .select({ value: logtoConfigs.value })
      .from(logtoConfigs)
      .where(and(eq(logtoConfigs.tenantId, tenantId), eq(logtoConfigs.key, 'oidc.privateKeys')));
    const keys = Array.isArray(row?.value) ? (row.value as StoredKey[]) : [];
    return createLocalJWKSet(toPublicJwks(pruneRotatedKeys(keys)) as Parameters<typeof createLocalJWKSet>[0]);
  });
}
