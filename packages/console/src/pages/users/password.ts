// Passwords the console hands out (new user, reset): random from the browser's CSPRNG, with every
// character type so they meet any password policy's "character types" rule, and long enough for its
// minimum length. No ambiguous characters (0/O, 1/l/I): the password may be read out to someone.
const groups = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789', '!@#$%^&*-_=+?'];
const all = groups.join('');

/** A uniformly random index below `bound`, rejecting the values that would bias the modulo. */
function randomIndex(bound: number): number {
  const limit = Math.floor(0x1_0000_0000 / bound) * bound;
  const buffer = new Uint32Array(1);
  for (;;) {
    crypto.getRandomValues(buffer);
    const value = buffer[0] ?? 0;
    if (value < limit) return value % bound;
  }
}

const pick = (from: string) => from[randomIndex(from.length)] ?? '';

export function generatePassword(length = 20): string {
  const chars = [...groups.map(pick), ...Array.from({ length: length - groups.length }, () => pick(all))];
  // Fisher–Yates, so the guaranteed characters are not always first.
  for (let index = chars.length - 1; index > 0; index--) {
    const other = randomIndex(index + 1);
    [chars[index], chars[other]] = [chars[other] ?? '', chars[index] ?? ''];
  }
  return chars.join('');
}

type Named = { id: string; name: string | null; username: string | null; primaryEmail: string | null; primaryPhone: string | null };

export const userLabel = (user: Named): string => user.name ?? user.username ?? user.primaryEmail ?? user.primaryPhone ?? user.id;
