// Encrypts secrets kept in user rows (TOTP keys) with AES-256-GCM. The key is SECRET_ENCRYPTION_KEY
// when set (32 bytes, base64), so a database dump alone does not reveal the secrets; without it,
// each tenant gets a random key stored in logto_configs on first use, which still keeps the
// secrets out of the users table and its exports.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { createPerTenantCache, type Db } from '@idp/db';
import { logtoConfigs } from '@idp/schemas';
import { and, eq } from 'drizzle-orm';

export type SecretBox = {
  seal(tenantId: string, plaintext: string): Promise<string>;
  open(tenantId: string, sealed: string): Promise<string>;
};

const configKey = 'experience.secretKey';

export function createSecretBox(db: Db, deploymentKey: string | undefined): SecretBox {
  const fixed = deploymentKey ? Buffer.from(deploymentKey, 'base64') : undefined;
  if (fixed && fixed.length !== 32) throw new Error('SECRET_ENCRYPTION_KEY must be 32 bytes, base64-encoded.');
  const tenantKeys = createPerTenantCache(async (tenantId): Promise<Buffer> => {
    await db
      .insert(logtoConfigs)
      .values({ tenantId, key: configKey, value: { key: randomBytes(32).toString('base64') } })
      .onConflictDoNothing();
    const [row] = await db
      .select()
      .from(logtoConfigs)
      .where(and(eq(logtoConfigs.tenantId, tenantId), eq(logtoConfigs.key, configKey)));
    return Buffer.from((row!.value as { key: string }).key, 'base64');
  });

  // "d1" sealed with the deployment key, "t1" with the tenant's stored key.
  const keyFor = async (tenantId: string, version: string): Promise<Buffer> => {
    if (version === 'd1') {
      if (!fixed) throw new Error('A secret was sealed with SECRET_ENCRYPTION_KEY, which is not set.');
      return fixed;
    }
    return tenantKeys.get(tenantId);
  };

  return {
    async seal(tenantId, plaintext) {
      const version = fixed ? 'd1' : 't1';
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', await keyFor(tenantId, version), iv);
      const encrypted = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [version, iv, cipher.getAuthTag(), encrypted]
        .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
        .join('.');
    },
    async open(tenantId, sealed) {
      const [version = '', iv = '', tag = '', encrypted = ''] = sealed.split('.');
      const decipher = createDecipheriv('aes-256-gcm', await keyFor(tenantId, version), Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(encrypted, 'base64url')), decipher.final()]).toString('utf8');
    },
  };
}
