import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { generateId } from './ids.ts';

// Per-tenant keys as stored in logto_configs: a list, newest first, so rotation can add a key and
// keep the previous one for verification.
export type StoredKey = { id: string; value: string; createdAt: number };

export type SigningKeyType = 'EC' | 'RSA';

export function generateSigningKey(type: SigningKeyType): StoredKey {
  const { privateKey } =
    type === 'EC'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
      : generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    id: generateId(),
    value: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    createdAt: Math.floor(Date.now() / 1000),
  };
}

export function generateCookieKey(): StoredKey {
  return { id: generateId(), value: randomBytes(32).toString('base64url'), createdAt: Math.floor(Date.now() / 1000) };
}
