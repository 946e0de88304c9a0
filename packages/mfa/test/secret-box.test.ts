import { randomBytes } from 'node:crypto';
import { defaultTenantId } from '@idp/db';
import { logtoConfigs } from '@idp/schemas';
import { createTestDatabase, type TestDatabase } from '@idp/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecretBox } from '../src/secret-box.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase({ seed: true });
});
afterAll(async () => database?.drop());

const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

describe('secret box', () => {
  it('seals with the deployment key: never the plain text, a new nonce every time, opened only with that key', async () => {
    const key = randomBytes(32).toString('base64');
    const box = createSecretBox(database.db, key);
    const first = await box.seal(defaultTenantId, secret);
    const second = await box.seal(defaultTenantId, secret);
    expect(first).not.toContain(secret);
    expect(first).not.toBe(second);
    expect(first.startsWith('d1.')).toBe(true);
    expect(await box.open(defaultTenantId, first)).toBe(secret);
    await expect(createSecretBox(database.db, randomBytes(32).toString('base64')).open(defaultTenantId, first)).rejects.toThrow();
    await expect(createSecretBox(database.db, undefined).open(defaultTenantId, first)).rejects.toThrow(/SECRET_ENCRYPTION_KEY/);
  });

  it('refuses a tampered value', async () => {
    const box = createSecretBox(database.db, randomBytes(32).toString('base64'));
    const sealed = await box.seal(defaultTenantId, secret);
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0] = body[0]! ^ 1;
    await expect(box.open(defaultTenantId, [parts[0], parts[1], parts[2], body.toString('base64url')].join('.'))).rejects.toThrow();
  });

  it('without a deployment key, keeps one key per tenant in the database and reuses it across instances', async () => {
    const sealed = await createSecretBox(database.db, undefined).seal(defaultTenantId, secret);
    expect(sealed.startsWith('t1.')).toBe(true);
    // Another replica (a fresh box) opens it with the stored key.
    expect(await createSecretBox(database.db, undefined).open(defaultTenantId, sealed)).toBe(secret);
    const rows = await database.db.select().from(logtoConfigs);
    expect(rows.filter(({ key }) => key === 'experience.secretKey').map(({ tenantId }) => tenantId)).toEqual([defaultTenantId]);
    // Another tenant's key cannot open it.
    await expect(createSecretBox(database.db, undefined).open('admin', sealed)).rejects.toThrow();
  });

  it('refuses a deployment key of the wrong size at start', () => {
    expect(() => createSecretBox(database.db, randomBytes(16).toString('base64'))).toThrow(/32 bytes/);
  });
});
