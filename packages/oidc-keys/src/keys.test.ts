import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { createLocalJWKSet, importJWK, jwtVerify, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  activeKeys,
  addMissingFamilies,
  algorithmOf,
  cookieKeyValues,
  defaultAlgorithm,
  generateCookieKey,
  generateKeySet,
  generateSigningKey,
  pruneRotatedKeys,
  rotateKeys,
  signingOrder,
  toPrivateJwks,
  toPublicJwks,
  type StoredKey,
} from './index.ts';

const algs = (keys: readonly StoredKey[]) => keys.map((key) => algorithmOf(key.value));
const day = 24 * 60 * 60;

// Generating RSA keys takes a moment: share one set of each kind across the tests.
const ecSet = generateKeySet('EC', 1_000);
const rsaSet = generateKeySet('RSA', 1_000);

async function sign(jwk: Awaited<ReturnType<typeof toPrivateJwks>>['keys'][number]) {
  const key = await importJWK(jwk, jwk.alg);
  return new SignJWT({ sub: 'someone' })
    .setProtectedHeader({ alg: jwk.alg!, kid: jwk.kid! })
    .setIssuer('https://idp.example/oidc')
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(key);
}

describe('generateKeySet', () => {
  it('holds one key per family, EC P-256 first by default', () => {
    expect(algs(ecSet)).toEqual(['ES256', 'RS256', 'ES384', 'EdDSA']);
    expect(defaultAlgorithm(ecSet)).toBe('ES256');
    const first = createPrivateKey(ecSet[0]!.value);
    expect(first.asymmetricKeyType).toBe('ec');
    expect(first.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
  });

  it('puts RSA 2048 first when asked', () => {
    expect(algs(rsaSet)).toEqual(['RS256', 'ES256', 'ES384', 'EdDSA']);
    expect(defaultAlgorithm(rsaSet)).toBe('RS256');
    expect(createPrivateKey(rsaSet[0]!.value).asymmetricKeyDetails?.modulusLength).toBe(2048);
  });

  it('stores PKCS#8 PEM with 21-character [0-9a-z] ids, all different', () => {
    for (const key of ecSet) {
      expect(key.value).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
      expect(key.id).toMatch(/^[0-9a-z]{21}$/);
      expect(key.createdAt).toBe(1_000);
      expect(key.rotatedAt).toBeUndefined();
    }
    expect(new Set([...ecSet, ...rsaSet].map((key) => key.id)).size).toBe(8);
  });

  it('survives a JSON round trip (the jsonb column)', () => {
    expect(JSON.parse(JSON.stringify(ecSet))).toEqual(ecSet);
  });
});

describe('algorithmOf', () => {
  it('rejects keys of other kinds', () => {
    const x25519 = generateKeyPairSync('x25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(() => algorithmOf(x25519)).toThrow(/unsupported signing key type x25519/);
    const p521 = generateKeyPairSync('ec', { namedCurve: 'P-521' }).privateKey.export({ format: 'pem', type: 'pkcs8' });
    expect(() => algorithmOf(p521.toString())).toThrow(/unsupported signing key type ec secp521r1/);
  });
});

describe('JWKS', () => {
  it('private JWKs import with jose, and what each signs verifies against the public JWKS', async () => {
    const keys = [...ecSet];
    const privateJwks = toPrivateJwks(keys);
    expect(privateJwks.keys.map((jwk) => jwk.alg)).toEqual(['ES256', 'RS256', 'ES384', 'EdDSA']);
    expect(privateJwks.keys.map((jwk) => jwk.kid)).toEqual(keys.map((key) => key.id));
    const jwks = createLocalJWKSet(toPublicJwks(keys));
    for (const jwk of privateJwks.keys) {
      expect(jwk.use).toBe('sig');
      expect(jwk.d).toBeTypeOf('string');
      const token = await sign(jwk);
      const { payload, protectedHeader } = await jwtVerify(token, jwks, { issuer: 'https://idp.example/oidc' });
      expect(payload.sub).toBe('someone');
      expect(protectedHeader).toMatchObject({ alg: jwk.alg, kid: jwk.kid });
    }
  });

  it('publishes no private parts', () => {
    const publicJwks = toPublicJwks([...ecSet, ...rsaSet]);
    expect(publicJwks.keys).toHaveLength(8);
    for (const jwk of publicJwks.keys) {
      for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k']) {
        expect(jwk).not.toHaveProperty(secret);
      }
      expect(jwk).toMatchObject({ use: 'sig', kid: expect.stringMatching(/^[0-9a-z]{21}$/) });
    }
    const rsa = publicJwks.keys.find((jwk) => jwk.alg === 'RS256');
    expect(rsa).toMatchObject({ kty: 'RSA', e: 'AQAB', n: expect.any(String) });
    expect(publicJwks.keys.find((jwk) => jwk.alg === 'EdDSA')).toMatchObject({ kty: 'OKP', crv: 'Ed25519' });
    expect(publicJwks.keys.find((jwk) => jwk.alg === 'ES384')).toMatchObject({ kty: 'EC', crv: 'P-384' });
  });

  it('a token signed by another key set does not verify', async () => {
    const [jwk] = toPrivateJwks(rsaSet).keys;
    const token = await sign(jwk!);
    await expect(jwtVerify(token, createLocalJWKSet(toPublicJwks(ecSet)))).rejects.toThrow();
  });
});

describe('rotateKeys', () => {
  const rotatedAt = 10 * day;
  const rotated = rotateKeys(ecSet, { now: rotatedAt });

  it('puts a fresh key of each family first, in the default family order, and keeps the old ones', () => {
    expect(rotated).toHaveLength(8);
    const fresh = rotated.slice(0, 4);
    expect(algs(fresh)).toEqual(['ES256', 'RS256', 'ES384', 'EdDSA']);
    for (const key of fresh) {
      expect(key).toMatchObject({ createdAt: rotatedAt });
      expect(key.rotatedAt).toBeUndefined();
      expect(ecSet.map((old) => old.id)).not.toContain(key.id);
    }
    expect(rotated.slice(4)).toEqual(ecSet.map((key) => ({ ...key, rotatedAt })));
    expect(defaultAlgorithm(rotated)).toBe('ES256');
  });

  it('keeps the family order of an RSA-default set', () => {
    expect(algs(rotateKeys(rsaSet, { now: rotatedAt }).slice(0, 4))).toEqual(['RS256', 'ES256', 'ES384', 'EdDSA']);
  });

  it('signs with the new keys while tokens signed by the old ones keep verifying during the grace period', async () => {
    const oldToken = await sign(toPrivateJwks(ecSet).keys[0]!);
    const jwks = toPrivateJwks(rotated);
    // The OP signs with the first key of an algorithm: that must be the new one.
    for (const alg of ['ES256', 'RS256', 'ES384', 'EdDSA']) {
      const first = jwks.keys.find((jwk) => jwk.alg === alg);
      expect(first?.kid).toBe(rotated.find((key) => key.rotatedAt === undefined && algorithmOf(key.value) === alg)?.id);
    }
    const { protectedHeader } = await jwtVerify(oldToken, createLocalJWKSet(toPublicJwks(rotated)));
    expect(protectedHeader.kid).toBe(ecSet[0]!.id);
  });

  it('drops the old keys once the grace period is over', async () => {
    const withinGrace = rotateKeys(rotated, { now: rotatedAt + 7 * day - 1 });
    expect(withinGrace).toHaveLength(12);
    expect(withinGrace.slice(4, 8).map((key) => key.id)).toEqual(rotated.slice(0, 4).map((key) => key.id));
    expect(withinGrace.slice(8).map((key) => key.id)).toEqual(ecSet.map((key) => key.id));

    const afterGrace = rotateKeys(rotated, { now: rotatedAt + 7 * day });
    expect(afterGrace).toHaveLength(8);
    expect(afterGrace.slice(4)).toEqual(rotated.slice(0, 4).map((key) => ({ ...key, rotatedAt: rotatedAt + 7 * day })));
    expect(afterGrace.map((key) => key.id)).not.toContain(ecSet[0]!.id);

    const oldToken = await sign(toPrivateJwks(ecSet).keys[0]!);
    await expect(jwtVerify(oldToken, createLocalJWKSet(toPublicJwks(afterGrace)))).rejects.toThrow();
  });

  it('honours a custom grace period, and pruning alone drops only expired rotated keys', () => {
    expect(rotateKeys(rotated, { now: rotatedAt + 60, gracePeriodSeconds: 60 })).toHaveLength(8);
    expect(pruneRotatedKeys(rotated, { now: rotatedAt + 7 * day })).toEqual(rotated.slice(0, 4));
    expect(pruneRotatedKeys(rotated, { now: rotatedAt + 1 })).toEqual(rotated);
  });

  it('completes a legacy single-key set on rotation', () => {
    const legacy = [generateSigningKey('RS256', 5)];
    const next = rotateKeys(legacy, { now: 6 });
    expect(algs(next)).toEqual(['RS256', 'ES256', 'ES384', 'EdDSA', 'RS256']);
    expect(next[4]).toEqual({ ...legacy[0], rotatedAt: 6 });
  });
});

describe('signing order', () => {
  it('puts active keys before rotated ones and the newest of a family first, whatever the stored order', () => {
    const [es256, rs256, es384, eddsa] = ecSet;
    const newer = generateSigningKey('ES256', 2_000);
    const stored: StoredKey[] = [{ ...rs256!, rotatedAt: 1_500 }, es256!, newer, es384!, eddsa!];
    expect(signingOrder(stored).map((key) => key.id)).toEqual([newer.id, es256!.id, es384!.id, eddsa!.id, rs256!.id]);
    expect(activeKeys(stored).map((key) => key.id)).toEqual([newer.id, es384!.id, eddsa!.id]);
    expect(defaultAlgorithm(stored)).toBe('ES256');
    expect(toPrivateJwks(stored).keys[0]?.kid).toBe(newer.id);
  });

  it('adds the missing families after the existing keys without changing the default', () => {
    const legacy = [generateSigningKey('ES256', 5)];
    const full = addMissingFamilies(legacy, 6);
    expect(algs(full)).toEqual(['ES256', 'RS256', 'ES384', 'EdDSA']);
    expect(full[0]).toBe(legacy[0]);
    expect(addMissingFamilies(full)).toBe(full);
  });
});

describe('cookie keys', () => {
  it('are 32 random bytes, base64url, newest first for the OP', () => {
    const older = generateCookieKey(1);
    const newer = generateCookieKey(2);
    expect(Buffer.from(newer.value, 'base64url')).toHaveLength(32);
    expect(newer.id).toMatch(/^[0-9a-z]{21}$/);
    expect(cookieKeyValues([older, newer])).toEqual([newer.value, older.value]);
  });
});
