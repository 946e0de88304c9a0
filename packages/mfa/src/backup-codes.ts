// Backup codes: ten random single-use codes. They carry 50 bits each, so a fast hash is enough to
// keep them unreadable at rest; comparisons are constant-time.
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';

const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789'; // no 0/o, 1/l/i: codes get typed from paper
const codeLength = 10;

export const generateBackupCodes = (count = 10) =>
  Array.from({ length: count }, () => Array.from({ length: codeLength }, () => alphabet[randomInt(alphabet.length)]).join(''));

export const hashBackupCode = (code: string) => createHash('sha256').update(code.trim().toLowerCase()).digest('hex');

/** The index of the stored hash the code matches, or -1. */
export function matchBackupCode(code: string, hashes: string[]): number {
  const candidate = Buffer.from(hashBackupCode(code), 'hex');
  let found = -1;
  for (const [index, hash] of hashes.entries()) {
    const stored = Buffer.from(hash, 'hex');
    if (stored.length === candidate.length && timingSafeEqual(stored, candidate) && found === -1) found = index;
  }
  return found;
}
