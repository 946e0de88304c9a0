// Password digests: new ones are argon2id (OWASP's minimum: 19 MiB, 2 passes); digests imported
// from other systems (argon2i/d, SHA-1/256, MD5 hex) still verify, so migrated users can sign in.
import { createHash, timingSafeEqual } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

export type PasswordEncryptionMethod = 'Argon2i' | 'Argon2id' | 'Argon2d' | 'SHA1' | 'SHA256' | 'MD5' | 'Bcrypt';

export type PasswordDigest = { passwordEncrypted: string; passwordEncryptionMethod: PasswordEncryptionMethod };

// `algorithm: 2` is the library's Algorithm.Argon2id; its enum is `const` and cannot be imported
// under verbatimModuleSyntax.
const argon2Options = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/**
 * Passwords are compared in Unicode NFKC form, so the same password typed on another keyboard or
 * OS (composed vs decomposed accents, full-width digits) still matches. Never truncated.
 */
export const normalizePassword = (password: string) => password.normalize('NFKC');

export async function hashPassword(password: string): Promise<PasswordDigest & { passwordEncryptionMethod: 'Argon2id' }> {
  return { passwordEncrypted: await hash(normalizePassword(password), argon2Options), passwordEncryptionMethod: 'Argon2id' };
}

const hexDigestAlgorithms: Partial<Record<PasswordEncryptionMethod, string>> = { SHA1: 'sha1', SHA256: 'sha256', MD5: 'md5' };

/** A stored digest as a user row holds it: either part may be missing (no password set). */
export type StoredDigest = { passwordEncrypted?: string | null; passwordEncryptionMethod?: PasswordEncryptionMethod | null };

export async function verifyPassword(password: string, digest: StoredDigest | null | undefined): Promise<boolean> {
  const { passwordEncrypted, passwordEncryptionMethod } = digest ?? {};
  if (!passwordEncrypted || !passwordEncryptionMethod) {
    // Same cost as a real check, so "no such user" and "wrong password" take as long.
    await verify(decoyDigest, password).catch(() => false);
    return false;
  }
  // Digests made before normalisation (or imported from systems without it) hold the password as
  // typed: those are tried as typed too, at the cost of a second check only when the forms differ.
  const normalized = normalizePassword(password);
  const candidates = normalized === password ? [password] : [normalized, password];
  for (const candidate of candidates) {
    if (await verifyOne(candidate, passwordEncrypted, passwordEncryptionMethod)) return true;
  }
  return false;
}

async function verifyOne(password: string, passwordEncrypted: string, method: PasswordEncryptionMethod): Promise<boolean> {
  const hexAlgorithm = hexDigestAlgorithms[method];
  if (hexAlgorithm) {
    const actual = createHash(hexAlgorithm).update(password).digest();
    const expected = Buffer.from(passwordEncrypted, 'hex');
    return expected.length === actual.length && timingSafeEqual(actual, expected);
  }
  if (method.startsWith('Argon2')) {
    return verify(passwordEncrypted, password).catch(() => false);
  }
  return false; // Bcrypt digests are not supported yet.
}

/** Whether a digest was made with weaker settings than today's, so it should be replaced on sign-in. */
export const needsRehash = (digest: PasswordDigest) =>
  digest.passwordEncryptionMethod !== 'Argon2id' || !digest.passwordEncrypted.includes('$m=19456,t=2,p=1$');

// A digest of a random password, made once at start-up, to spend a real verification's time on.
const decoyDigest = await hash(createHash('sha256').update(String(Math.random())).digest('hex'), argon2Options);
