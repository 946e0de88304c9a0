// A tenant's settings in `logto_configs`: its OIDC key lists and the admin console's settings.
import type { Db } from '@idp/db';
import { notFound } from '@idp/errors';
import type { StoredKey } from '@idp/oidc-keys';
import { logtoConfigs, type AdminConsoleConfig, type OidcKeyType, type UpdateAdminConsoleConfigBody } from '@idp/schemas';
import { and, eq, sql } from 'drizzle-orm';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

const configKeyOf: Record<OidcKeyType, string> = { 'private-keys': 'oidc.privateKeys', 'cookie-keys': 'oidc.cookieKeys' };
const byKey = (tenantId: string, key: string) => and(eq(logtoConfigs.tenantId, tenantId), eq(logtoConfigs.key, key));

async function readKeys(db: Db | Tx, tenantId: string, type: OidcKeyType, forUpdate = false): Promise<StoredKey[]> {
  const query = db.select({ value: logtoConfigs.value }).from(logtoConfigs).where(byKey(tenantId, configKeyOf[type]));
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row || !Array.isArray(row.value)) {
    throw notFound(`The tenant has no ${type}; run the seed.`);
  }
  return row.value as StoredKey[];
}

/** A setting's stored value, or undefined where the tenant has none. */
export async function findConfigValue(db: Db, tenantId: string, key: string): Promise<unknown> {
  const [row] = await db.select({ value: logtoConfigs.value }).from(logtoConfigs).where(byKey(tenantId, key));
  return row?.value;
}

export const findKeys = (db: Db, tenantId: string, type: OidcKeyType) => readKeys(db, tenantId, type);

/**
 * Rewrites a key list under a row lock, so two concurrent rotations or deletions cannot lose each
 * other's keys. The row's change notification makes every OP and token verifier reload.
 */
export async function changeKeys(
  db: Db,
  tenantId: string,
  type: OidcKeyType,
  change: (keys: StoredKey[]) => StoredKey[],
): Promise<StoredKey[]> {
  return db.transaction(async (tx) => {
    const next = change(await readKeys(tx, tenantId, type, true));
    await tx.update(logtoConfigs).set({ value: next }).where(byKey(tenantId, configKeyOf[type]));
    return next;
  });
}

const adminConsoleKey = 'adminConsole';
const defaultAdminConsoleConfig: AdminConsoleConfig = { signInExperienceCustomized: false, organizationCreated: false };

// A tenant that never saved these settings reads the defaults.
const toAdminConsoleConfig = (value: unknown): AdminConsoleConfig => ({
  ...defaultAdminConsoleConfig,
  ...(value && typeof value === 'object' && !Array.isArray(value) ? (value as Partial<AdminConsoleConfig>) : {}),
});

export async function findAdminConsoleConfig(db: Db, tenantId: string): Promise<AdminConsoleConfig> {
  const [row] = await db.select({ value: logtoConfigs.value }).from(logtoConfigs).where(byKey(tenantId, adminConsoleKey));
  return toAdminConsoleConfig(row?.value);
}

/** Merges the given top-level fields into the stored object in one statement (no lost update). */
export async function updateAdminConsoleConfig(
  db: Db,
  tenantId: string,
  changes: UpdateAdminConsoleConfigBody,
): Promise<AdminConsoleConfig> {
  const initial = { ...defaultAdminConsoleConfig, ...changes };
  const [row] = await db
    .insert(logtoConfigs)
    .values({ tenantId, key: adminConsoleKey, value: initial })
    .onConflictDoUpdate({
      target: [logtoConfigs.tenantId, logtoConfigs.key],
      set: { value: sql`${logtoConfigs.value} || ${JSON.stringify(changes)}::jsonb` },
    })
    .returning({ value: logtoConfigs.value });
  return toAdminConsoleConfig(row?.value);
}
