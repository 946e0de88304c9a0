import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashPassword, needsRehash, verifyPassword } from './index.ts';

describe('passwords', () => {
  it('hashes with argon2id and verifies only the right password', async () => {
    const digest = await hashPassword('correct horse battery staple');
    expect(digest.passwordEncryptionMethod).toBe('Argon2id');
    expect(digest.passwordEncrypted).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword('correct horse battery staple', digest)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', digest)).toBe(false);
    expect(needsRehash(digest)).toBe(false);
  });

  it('salts every digest', async () => {
    const [first, second] = await Promise.all([hashPassword('same'), hashPassword('same')]);
    expect(first.passwordEncrypted).not.toBe(second.passwordEncrypted);
  });

  it('verifies digests imported from other systems, and asks to replace them', async () => {
    for (const [method, algorithm] of [
      ['SHA256', 'sha256'],
      ['SHA1', 'sha1'],
      ['MD5', 'md5'],
    ] as const) {
      const digest = { passwordEncrypted: createHash(algorithm).update('legacy').digest('hex'), passwordEncryptionMethod: method };
      expect(await verifyPassword('legacy', digest), method).toBe(true);
      expect(await verifyPassword('Legacy', digest), method).toBe(false);
      expect(needsRehash(digest)).toBe(true);
    }
  });

  it('answers false, never throws, for users without a password or with a broken digest', async () => {
    expect(await verifyPassword('anything', null)).toBe(false);
    expect(await verifyPassword('anything', { passwordEncrypted: 'garbage', passwordEncryptionMethod: 'Argon2id' })).toBe(false);
    expect(await verifyPassword('anything', { passwordEncrypted: '$2b$10$abc', passwordEncryptionMethod: 'Bcrypt' })).toBe(false);
  });

  it('matches a password in any Unicode form and never truncates long ones', async () => {
    const composed = 'caf\u00e9-\uff11\uff12\uff13-passw0rd'; // é composed, full-width 123
    const decomposed = 'cafe\u0301-123-passw0rd';
    const digest = await hashPassword(composed);
    expect(await verifyPassword(decomposed, digest)).toBe(true);
    const long = 'x'.repeat(200);
    const longDigest = await hashPassword(long);
    expect(await verifyPassword(long, longDigest)).toBe(true);
    expect(await verifyPassword('x'.repeat(199), longDigest)).toBe(false);
    expect(await verifyPassword(`${'x'.repeat(200)}y`, longDigest)).toBe(false);
  });

  it('still verifies digests made from the password as typed, before normalisation', async () => {
    const typed = 'cafe\u0301-secret';
    const { createHash } = await import('node:crypto');
    const legacy = { passwordEncrypted: createHash('sha256').update(typed).digest('hex'), passwordEncryptionMethod: 'SHA256' as const };
    expect(await verifyPassword(typed, legacy)).toBe(true);
  });
});
