// Logto's organization MFA requirement at sign-in: with the sign-in experience's
// `mfa.organizationRequiredMfaPolicy` set to `Mandatory`, a member of any organization that requires
// MFA (`isMfaRequired`) who has no factor must bind one, as under the `Mandatory` policy. The
// default (`NoPrompt`) leaves it to the token exchange, which refuses such members organization tokens.
import type { Db } from '@idp/db';
import { organizations, organizationUserRelations, type Mfa, type User } from '@idp/schemas';
import { and, eq, sql } from 'drizzle-orm';
import { boundFactors } from '../mfa/policy.ts';

/** One statement: the user's memberships off the (tenant, user) index, each organization off its key. */
export async function isMfaRequiredByUserOrganizations(db: Db, tenantId: string, userId: string): Promise<boolean> {
  const rows = await db
    .select({ one: sql`1` })
    .from(organizationUserRelations)
    .innerJoin(
      organizations,
      and(eq(organizations.tenantId, organizationUserRelations.tenantId), eq(organizations.id, organizationUserRelations.organizationId)),
    )
    .where(
      and(
        eq(organizationUserRelations.tenantId, tenantId),
        eq(organizationUserRelations.userId, userId),
        eq(organizations.isMfaRequired, true),
      ),
    )
    .limit(1);
  return rows.length > 0;
}

/** The MFA settings submit decides on: `Mandatory` where an organization requires what the user lacks. */
export async function withOrganizationMfa(db: Db, tenantId: string, user: User, mfa: Mfa): Promise<Mfa> {
  if (mfa.organizationRequiredMfaPolicy !== 'Mandatory' || mfa.factors.length === 0 || mfa.policy === 'Mandatory') return mfa;
  // A user with a factor answers it under any policy; only the query for those without one.
  if (boundFactors(user, mfa.factors).length > 0) return mfa;
  return (await isMfaRequiredByUserOrganizations(db, tenantId, user.id)) ? { ...mfa, policy: 'Mandatory' } : mfa;
}
