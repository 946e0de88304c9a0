// The tenant's OIDC signing and cookie keys as the Management API shows, rotates and deletes them.
// Rewrites go through changeKeys, under a row lock; key material never leaves through this API.
import type { Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import {
  algorithmOf,
  generateCookieKey,
  pruneRotatedKeys,
  rotateKeys,
  signingOrder,
  type SigningAlgorithm,
  type StoredKey,
} from '@idp/oidc-keys';
import type { OidcKeyResponse, OidcKeyType } from '@idp/schemas';
import { changeKeys } from '../queries/configs.ts';

const familyOfAlgorithm: Record<SigningAlgorithm, OidcKeyResponse['signingKeyAlgorithm']> = {
  ES256: 'EC',
  ES384: 'EC',
  RS256: 'RSA',
  EdDSA: undefined,
};

/** Id, age and role of a key: its material never leaves the database through this API. */
function toKeyResponse(type: OidcKeyType, key: StoredKey): OidcKeyResponse {
  const signingKeyAlgorithm = type === 'private-keys' ? familyOfAlgorithm[algorithmOf(key.value)] : undefined;
  return {
    id: key.id,
    createdAt: key.createdAt * 1000,
    ...(signingKeyAlgorithm ? { signingKeyAlgorithm } : {}),
    status: key.rotatedAt === undefined ? 'Current' : 'Previous',
  };
}

/** What the OP uses, in its order: keys past their grace period are left out, as the OP leaves them out. */
export function toKeyList(type: OidcKeyType, keys: readonly StoredKey[]): OidcKeyResponse[] {
  const live = pruneRotatedKeys(keys);
  const ordered = type === 'private-keys' ? signingOrder(live) : [...live].sort(newestActiveFirst);
  return ordered.map((key) => toKeyResponse(type, key));
}

const newestActiveFirst = (a: StoredKey, b: StoredKey) =>
  Number(a.rotatedAt !== undefined) - Number(b.rotatedAt !== undefined) || b.createdAt - a.createdAt;

const defaultAlgorithmOf = { EC: 'ES256', RSA: 'RS256' } as const satisfies Record<string, SigningAlgorithm>;

/**
 * Private keys: a fresh key of every family goes first and the current ones are kept (marked
 * rotated) so what they signed keeps verifying. `signingKeyAlgorithm` picks the family of the new
 * default key; without it the default family stays. Cookie keys: a fresh key signs, the old one
 * still verifies cookies already set.
 */
export function rotateTenantKeys(db: Db, tenantId: string, type: OidcKeyType, signingKeyAlgorithm?: 'EC' | 'RSA') {
  const now = Math.floor(Date.now() / 1000);
  return changeKeys(db, tenantId, type, (current) => {
    if (type === 'cookie-keys') {
      const previous = current.map((key) => (key.rotatedAt === undefined ? { ...key, rotatedAt: now } : key));
      return [generateCookieKey(now), ...pruneRotatedKeys(previous, { now })];
    }
    const rotated = rotateKeys(current, { now });
    if (!signingKeyAlgorithm) return rotated;
    // The OP's default key is the first active one: move the fresh key of the chosen family there.
    const alg = defaultAlgorithmOf[signingKeyAlgorithm];
    const chosen = rotated.find((key) => key.rotatedAt === undefined && algorithmOf(key.value) === alg);
    return chosen ? [chosen, ...rotated.filter((key) => key !== chosen)] : rotated;
  });
}

/**
 * Deletes one previous key (rotated out, kept so what it signed keeps verifying). The key in use
 * never goes: every token and cookie it signed would fail at once, the caller's own included; rotate
 * first. Nor does the last key of a family (a signing algorithm, or "cookie").
 */
export function deleteTenantKey(db: Db, tenantId: string, type: OidcKeyType, keyId: string) {
  const familyOf = (key: StoredKey) => (type === 'private-keys' ? algorithmOf(key.value) : 'cookie');
  return changeKeys(db, tenantId, type, (current) => {
    const target = current.find((key) => key.id === keyId);
    if (!target) throw new RequestError('oidc.key_not_found', { message: `The key \`${keyId}\` does not exist.`, data: { id: keyId } });
    if (target.rotatedAt === undefined) {
      throw new RequestError('oidc.only_previous_key_can_be_deleted', {
        message: 'The key in use cannot be deleted: rotate the keys first, then delete it as a previous key.',
        data: { id: keyId },
      });
    }
    const rest = current.filter((key) => key !== target);
    if (!pruneRotatedKeys(rest).some((key) => familyOf(key) === familyOf(target))) {
      throw new RequestError('oidc.key_required', {
        message: type === 'private-keys' ? `At least one ${familyOf(target)} key is required.` : 'At least one cookie key is required.',
        data: { id: keyId },
      });
    }
    return rest;
  });
}
