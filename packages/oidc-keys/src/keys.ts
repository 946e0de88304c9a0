import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  randomInt,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';
import type { JWK } from 'jose';

// A tenant's signing keys, as stored in logto_configs under 'oidc.privateKeys': PKCS#8 PEM private
// keys, one per algorithm family. The first active key is the tenant's default (its algorithm is
// the default id_token / access token algorithm); after a rotation the previous keys stay, marked
// with `rotatedAt`, so what they signed keeps verifying until the grace period ends.
export type StoredKey = {
  id: string;
  /** PKCS#8 PEM private key (for a cookie key: 32 random bytes, base64url). */
  value: string;
  /** Epoch seconds. */
  createdAt: number;
  /** Epoch seconds; set when a newer key of the same family replaced this one. */
  rotatedAt?: number;
};

export type SigningAlgorithm = 'ES256' | 'RS256' | 'ES384' | 'EdDSA';

/** Which key is the default, i.e. which algorithm is used when an app chooses none. */
export type SigningKeyType = 'EC' | 'RSA';

/** Every family a tenant's key set holds, in the order of a set whose default is ES256. */
export const signingAlgorithms: readonly SigningAlgorithm[] = ['ES256', 'RS256', 'ES384', 'EdDSA'];

export const defaultGracePeriodSeconds = 7 * 24 * 60 * 60;

const idAlphabet = '0123456789abcdefghijklmnopqrstuvwxyz';

/** 21 random characters from [0-9a-z], the shape of every other id. */
export function generateKeyId(): string {
  let id = '';
  for (let index = 0; index < 21; index += 1) {
    id += idAlphabet[randomInt(idAlphabet.length)];
  }
  return id;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

function generatePrivateKey(alg: SigningAlgorithm): KeyObject {
  switch (alg) {
    case 'ES256':
      return generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    case 'ES384':
      return generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey;
    case 'RS256':
      return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    case 'EdDSA':
      return generateKeyPairSync('ed25519').privateKey;
  }
}

/** One new signing key of the given algorithm's family. */
export function generateSigningKey(alg: SigningAlgorithm, createdAt = nowSeconds()): StoredKey {
  const value = generatePrivateKey(alg).export({ format: 'pem', type: 'pkcs8' }).toString();
  return { id: generateKeyId(), value, createdAt };
}

/** The family order of a key set whose default is `first`: `first`, then the others as usual. */
function familyOrder(first: SigningAlgorithm): SigningAlgorithm[] {
  return [first, ...signingAlgorithms.filter((alg) => alg !== first)];
}

const defaultAlgorithmOfType = (type: SigningKeyType): SigningAlgorithm => (type === 'RSA' ? 'RS256' : 'ES256');

/**
 * A fresh key set: one key per family (ES256, RS256, ES384, EdDSA), the default first: EC P-256
 * for 'EC', RSA 2048 for 'RSA'.
 */
export function generateKeySet(defaultType: SigningKeyType = 'EC', createdAt = nowSeconds()): StoredKey[] {
  return familyOrder(defaultAlgorithmOfType(defaultType)).map((alg) => generateSigningKey(alg, createdAt));
}

const algorithmCache = new Map<string, SigningAlgorithm>();

/** The JWS algorithm a stored key signs with. Throws on a key of any other kind. */
export function algorithmOf(pem: string): SigningAlgorithm {
  const cached = algorithmCache.get(pem);
  if (cached) return cached;
  const key = createPublicKey(pem);
  let alg: SigningAlgorithm | undefined;
  if (key.asymmetricKeyType === 'rsa') {
    alg = 'RS256';
  } else if (key.asymmetricKeyType === 'ed25519') {
    alg = 'EdDSA';
  } else if (key.asymmetricKeyType === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    alg = curve === 'prime256v1' ? 'ES256' : curve === 'secp384r1' ? 'ES384' : undefined;
  }
  if (!alg) {
    const detail = key.asymmetricKeyDetails?.namedCurve ?? '';
    throw new Error(`unsupported signing key type ${key.asymmetricKeyType ?? 'unknown'} ${detail}`.trim());
  }
  if (algorithmCache.size > 1000) algorithmCache.clear();
  algorithmCache.set(pem, alg);
  return alg;
}

/**
 * The keys in the order they must be handed to the OP, which signs with the first key of an
 * algorithm: active keys first, in the order their families first appear (so the default stays
 * first), the newest of a family before older ones; then rotated keys, most recently rotated first.
 */
export function signingOrder(keys: readonly StoredKey[]): StoredKey[] {
  const active = keys.filter((key) => key.rotatedAt === undefined);
  const families = new Map<SigningAlgorithm, StoredKey[]>();
  for (const key of active) {
    const alg = algorithmOf(key.value);
    const family = families.get(alg) ?? [];
    family.push(key);
    families.set(alg, family);
  }
  const activeOrdered = [...families.values()].flatMap((family) => family.sort((a, b) => b.createdAt - a.createdAt));
  const rotated = keys
    .filter((key) => key.rotatedAt !== undefined)
    .sort((a, b) => b.rotatedAt! - a.rotatedAt! || b.createdAt - a.createdAt);
  return [...activeOrdered, ...rotated];
}

/** The keys that sign: the newest non-rotated key of each family, default first. */
export function activeKeys(keys: readonly StoredKey[]): StoredKey[] {
  const seen = new Set<SigningAlgorithm>();
  return signingOrder(keys).filter((key) => {
    if (key.rotatedAt !== undefined) return false;
    const alg = algorithmOf(key.value);
    if (seen.has(alg)) return false;
    seen.add(alg);
    return true;
  });
}

/** The algorithm of the tenant's default key (the first active key, or the first key at all). */
export function defaultAlgorithm(keys: readonly StoredKey[]): SigningAlgorithm {
  const [first] = signingOrder(keys);
  if (!first) throw new Error('the key set is empty');
  return algorithmOf(first.value);
}

/** The algorithms the key set can sign with (has an active key for), default first. */
export function supportedAlgorithms(keys: readonly StoredKey[]): SigningAlgorithm[] {
  return activeKeys(keys).map((key) => algorithmOf(key.value));
}

const jwkOf = (key: StoredKey, exported: JsonWebKey): JWK => ({
  ...(exported as JWK),
  kid: key.id,
  alg: algorithmOf(key.value),
  use: 'sig',
});

/**
 * Private JWKs in signing order, as oidc-provider's `jwks` option takes them. Rotated keys are
 * included so what they signed still verifies; the OP never signs with them since an active key of
 * the same algorithm comes first.
 */
export function toPrivateJwks(keys: readonly StoredKey[]): { keys: JWK[] } {
  return {
    keys: signingOrder(keys).map((key) => jwkOf(key, createPrivateKey(key.value).export({ format: 'jwk' }))),
  };
}

/** The public half of `toPrivateJwks`: what the jwks_uri publishes. */
export function toPublicJwks(keys: readonly StoredKey[]): { keys: JWK[] } {
  return {
    keys: signingOrder(keys).map((key) => jwkOf(key, createPublicKey(key.value).export({ format: 'jwk' }))),
  };
}

export type RotateOptions = {
  /** Epoch seconds; defaults to the current time. */
  now?: number;
  /** How long a rotated key keeps verifying, in seconds; 7 days by default. */
  gracePeriodSeconds?: number;
};

/** Drops the rotated keys whose grace period has ended; active keys are always kept. */
export function pruneRotatedKeys(keys: readonly StoredKey[], options: RotateOptions = {}): StoredKey[] {
  const now = options.now ?? nowSeconds();
  const grace = options.gracePeriodSeconds ?? defaultGracePeriodSeconds;
  return keys.filter((key) => key.rotatedAt === undefined || now < key.rotatedAt + grace);
}

/**
 * Rotation: a fresh key of every family goes to the front (the current default's family first),
 * the current keys stay behind them marked `rotatedAt: now`, and keys rotated out earlier are
 * dropped once their grace period is over.
 */
export function rotateKeys(current: readonly StoredKey[], options: RotateOptions = {}): StoredKey[] {
  const now = options.now ?? nowSeconds();
  const first = current.length > 0 ? defaultAlgorithm(current) : 'ES256';
  const fresh = familyOrder(first).map((alg) => generateSigningKey(alg, now));
  const previous = signingOrder(current).map((key) => (key.rotatedAt === undefined ? { ...key, rotatedAt: now } : key));
  return [...fresh, ...pruneRotatedKeys(previous, { ...options, now })];
}

/**
 * Adds a key for every family the set lacks (a set seeded before all four were), after the existing
 * keys so the default does not change. Returns the same array when nothing is missing.
 */
export function addMissingFamilies(keys: readonly StoredKey[], createdAt = nowSeconds()): readonly StoredKey[] {
  const present = new Set(activeKeys(keys).map((key) => algorithmOf(key.value)));
  const first = keys.length > 0 ? defaultAlgorithm(keys) : 'ES256';
  const missing = familyOrder(first).filter((alg) => !present.has(alg));
  if (missing.length === 0) return keys;
  return [...keys, ...missing.map((alg) => generateSigningKey(alg, createdAt))];
}

/** A cookie signing key for oidc-provider's `cookies.keys`: 32 random bytes, base64url. */
export function generateCookieKey(createdAt = nowSeconds()): StoredKey {
  return { id: generateKeyId(), value: randomBytes(32).toString('base64url'), createdAt };
}

/** The values oidc-provider's `cookies.keys` takes: the newest first (it signs with the first). */
export function cookieKeyValues(keys: readonly StoredKey[]): string[] {
  return [...keys]
    .sort((a, b) => Number(a.rotatedAt !== undefined) - Number(b.rotatedAt !== undefined) || b.createdAt - a.createdAt)
    .map((key) => key.value);
}
