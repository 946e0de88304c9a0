// What the administrator decided: the account center settings and the sign-in experience's
// sign-up identifiers and password policy.
import type { Db } from '@idp/db';
import { accountCenterConfigKey, logtoConfigs, signInExperiences, toAccountCenter, type AccountCenter } from '@idp/schemas';
import { and, eq } from 'drizzle-orm';

export async function findAccountCenter(db: Db, tenantId: string): Promise<AccountCenter> {
  const [row] = await db
    .select({ value: logtoConfigs.value })
    .from(logtoConfigs)
    .where(and(eq(logtoConfigs.tenantId, tenantId), eq(logtoConfigs.key, accountCenterConfigKey)));
  return toAccountCenter(tenantId, row?.value);
}

export async function findSignUpAndPasswordPolicy(db: Db, tenantId: string) {
  const [row] = await db
    .select({ signUp: signInExperiences.signUp, passwordPolicy: signInExperiences.passwordPolicy })
    .from(signInExperiences)
    .where(eq(signInExperiences.tenantId, tenantId))
    .limit(1);
  return row ?? { signUp: { identifiers: [], password: true, verify: false }, passwordPolicy: {} };
}

/** The MFA factors the sign-in experience enabled: only those may be bound. */
export async function findEnabledMfaFactors(db: Db, tenantId: string): Promise<string[]> {
  const [row] = await db
    .select({ mfa: signInExperiences.mfa })
    .from(signInExperiences)
    .where(eq(signInExperiences.tenantId, tenantId))
    .limit(1);
  return row?.mfa.factors ?? [];
}
