import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { generateBackupCodes, hashBackupCode, matchBackupCode } from '../src/backup-codes.ts';
import { generateTotpSecret, matchTotp } from '../src/totp.ts';

describe('TOTP', () => {
  const secret = generateTotpSecret();
  const codeAt = (time: number) => new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: time });
  const now = new Date('2026-11-28T12:00:10Z');
  const step = Math.floor(now.getTime() / 30_000);

  it('accepts the current step and one either side, nothing further', () => {
    expect(matchTotp(secret, codeAt(now.getTime()), now)).toBe(step);
    expect(matchTotp(secret, codeAt(now.getTime() - 30_000), now)).toBe(step - 1);
    expect(matchTotp(secret, codeAt(now.getTime() + 30_000), now)).toBe(step + 1);
    expect(matchTotp(secret, codeAt(now.getTime() - 60_000), now)).toBeUndefined();
    expect(matchTotp(secret, codeAt(now.getTime() + 60_000), now)).toBeUndefined();
  });

  it('refuses a step at or before the last one used, and anything but six digits', () => {
    expect(matchTotp(secret, codeAt(now.getTime()), now, step)).toBeUndefined();
    expect(matchTotp(secret, codeAt(now.getTime() + 30_000), now, step)).toBe(step + 1);
    expect(matchTotp(secret, ' 12345', now)).toBeUndefined();
    expect(matchTotp(secret, '1234567', now)).toBeUndefined();
  });
});

describe('backup codes', () => {
  it('makes ten distinct codes without look-alike characters', () => {
    const codes = generateBackupCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-hj-km-np-z2-9]{10}$/);
  });

  it('matches a code by its hash, ignoring case and surrounding space', () => {
    const codes = generateBackupCodes();
    const hashes = codes.map(hashBackupCode);
    expect(hashes.join()).not.toContain(codes[0]);
    expect(matchBackupCode(codes[2]!, hashes)).toBe(2);
    expect(matchBackupCode(` ${codes[5]!.toUpperCase()} `, hashes)).toBe(5);
    expect(matchBackupCode('nothing-like-it', hashes)).toBe(-1);
    expect(
      matchBackupCode(
        codes[2]!,
        hashes.map((hash, index) => (index === 2 ? '' : hash)),
      ),
    ).toBe(-1);
  });
});
