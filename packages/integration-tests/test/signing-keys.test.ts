import { createPrivateKey, createPublicKey } from 'node:crypto';
import { adminTenantId, defaultTenantId } from '@idp/db';
import { seed } from '@idp/db/setup';
import type { StoredKey } from '@idp/oidc-keys';
import { logtoConfigs } from '@idp/schemas';
import { createTestDatabase, type TestDatabase } from '@idp/test-utils';
import { and, eq } from 'drizzle-orm';
import { importPKCS8, importSPKI, jwtVerify, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Read from the key itself, independently of @idp/oidc-keys.
function algorithmOf(pem: string): string {
  const key = createPrivateKey(pem);
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return `RS256 (${key.asymmetricKeyDetails?.modulusLength})`;
    case 'ed25519':
      return 'EdDSA';
    case 'ec':
      return ({ prime256v1: 'ES256', secp384r1: 'ES384' } as Record<string, string>)[key.asymmetricKeyDetails?.namedCurve ?? ''] ?? 'EC?';
    default:
      return `${key.asymmetricKeyType}?`;
  }
}

const storedKeys = async (database: TestDatabase, tenantId: string, key = 'oidc.privateKeys') => {
  const [row] = await database.db
    .select()
    .from(logtoConfigs)
    .where(and(eq(logtoConfigs.tenantId, tenantId), eq(logtoConfigs.key, key)));
  return row?.value as StoredKey[];
};

describe('seeded signing keys', () => {
  let ec: TestDatabase;
  let rsa: TestDatabase;
  beforeAll(async () => {
    [ec, rsa] = await Promise.all([createTestDatabase({ seed: true }), createTestDatabase({ seed: { signingKeyType: 'RSA' } })]);
  });
  afterAll(async () => {
    await Promise.all([ec?.drop(), rsa?.drop()]);
  });

  it('give each tenant a key per algorithm, ES256 first by default', async () => {
    const ids = new Set<string>();
    for (const tenantId of [defaultTenantId, adminTenantId]) {
      const keys = await storedKeys(ec, tenantId);
      expect(keys.map((key) => algorithmOf(key.value))).toEqual(['ES256', 'RS256 (2048)', 'ES384', 'EdDSA']);
      for (const key of keys) {
        expect(key).toEqual({ id: expect.stringMatching(/^[0-9a-z]{21}$/), value: expect.any(String), createdAt: expect.any(Number) });
        ids.add(key.id);
      }
      expect(createPrivateKey(keys[0]!.value).asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    }
    expect(ids.size).toBe(8);
  });

  it('put RSA first when seeded with signingKeyType RSA', async () => {
    for (const tenantId of [defaultTenantId, adminTenantId]) {
      const keys = await storedKeys(rsa, tenantId);
      expect(keys.map((key) => algorithmOf(key.value))).toEqual(['RS256 (2048)', 'ES256', 'ES384', 'EdDSA']);
      expect(createPrivateKey(keys[0]!.value).asymmetricKeyDetails?.modulusLength).toBe(2048);
    }
  });

  it("sign tokens that their public keys verify, and no tenant's key verifies another tenant's tokens", async () => {
    const defaultKeys = await storedKeys(ec, defaultTenantId);
    const adminKeys = await storedKeys(ec, adminTenantId);
    const spki = (pem: string) => createPublicKey(pem).export({ format: 'pem', type: 'spki' }).toString();
    for (const [index, stored] of defaultKeys.entries()) {
      const alg = algorithmOf(stored.value).split(' ')[0]!;
      const token = await new SignJWT({ sub: 'user' })
        .setProtectedHeader({ alg, kid: stored.id })
        .sign(await importPKCS8(stored.value, alg));
      await expect(jwtVerify(token, await importSPKI(spki(stored.value), alg))).resolves.toMatchObject({ payload: { sub: 'user' } });
      await expect(jwtVerify(token, await importSPKI(spki(adminKeys[index]!.value), alg))).rejects.toThrow();
    }
  });

  it('keep the stored keys when the seed runs again, whatever the key type asked for', async () => {
    const before = await storedKeys(rsa, defaultTenantId);
    const cookieKeysBefore = await storedKeys(rsa, defaultTenantId, 'oidc.cookieKeys');
    await seed(rsa.db, { signingKeyType: 'EC' });
    expect(await storedKeys(rsa, defaultTenantId)).toEqual(before);
    expect(await storedKeys(rsa, defaultTenantId, 'oidc.cookieKeys')).toEqual(cookieKeysBefore);
  });

  it('give each tenant one cookie key of 32 random bytes', async () => {
    for (const tenantId of [defaultTenantId, adminTenantId]) {
      const keys = await storedKeys(ec, tenantId, 'oidc.cookieKeys');
      expect(keys).toHaveLength(1);
      expect(Buffer.from(keys[0]!.value, 'base64url')).toHaveLength(32);
    }
  });
});
