import type { Db } from '@idp/db';
import { notFound } from '@idp/errors';
import { signInExperiences, users, type NewSignInExperienceRow, type SignInExperienceRow } from '@idp/schemas';
import { and, eq, isNotNull, sql } from 'drizzle-orm';

export const defaultSignInExperienceId = 'default';

const byTenant = (tenantId: string) => and(eq(signInExperiences.tenantId, tenantId), eq(signInExperiences.id, defaultSignInExperienceId));

const noSignInExperience = () => notFound('The tenant has no sign-in experience.');

export async function findSignInExperience(db: Db, tenantId: string) {
  const [row] = await db.select().from(signInExperiences).where(byTenant(tenantId));
  return row;
}

export async function getSignInExperience(db: Db, tenantId: string): Promise<SignInExperienceRow> {
  const row = await findSignInExperience(db, tenantId);
  if (!row) throw noSignInExperience();
  return row;
}

/** Replaces the given columns (jsonb ones whole, as Logto's PATCH does). */
export async function updateSignInExperience(
  db: Db,
  tenantId: string,
  values: Partial<Omit<NewSignInExperienceRow, 'tenantId' | 'id'>>,
): Promise<SignInExperienceRow> {
  if (Object.keys(values).length === 0) return getSignInExperience(db, tenantId);
  const [row] = await db.update(signInExperiences).set(values).where(byTenant(tenantId)).returning();
  if (!row) throw noSignInExperience();
  return row;
}

/** Drops every social sign-in target not in `kept` from the tenant's sign-in experiences. */
export async function keepOnlySocialTargets(db: Db, tenantId: string, kept: ReadonlySet<string>): Promise<void> {
  const experiences = await db
    .select({ id: signInExperiences.id, targets: signInExperiences.socialSignInConnectorTargets })
    .from(signInExperiences)
    .where(eq(signInExperiences.tenantId, tenantId));
  for (const experience of experiences) {
    const targets = experience.targets.filter((target) => kept.has(target));
    if (targets.length === experience.targets.length) continue;
    await db
      .update(signInExperiences)
      .set({ socialSignInConnectorTargets: targets })
      .where(and(eq(signInExperiences.tenantId, tenantId), eq(signInExperiences.id, experience.id)));
  }
}

/**
 * Usernames that would collide if compared without case: how many groups there are, and up to
 * `limit` of them (lower-cased username, the users holding a variant), in username order.
 */
export async function findUsernameCaseConflicts(db: Db, tenantId: string, limit: number) {
  const lowered = sql<string>`lower(${users.username})`;
  const groups = db
    .select({
      usernameLower: lowered.as('username_lower'),
      userIds: sql<string[]>`array_agg(${users.id} order by ${users.id})`.as('user_ids'),
    })
    .from(users)
    .where(and(eq(users.tenantId, tenantId), isNotNull(users.username)))
    .groupBy(lowered)
    .having(sql`count(*) > 1`)
    .as('groups');
  const [total] = await db.select({ count: sql<number>`count(*)::int` }).from(groups);
  const samples = await db.select().from(groups).orderBy(groups.usernameLower).limit(limit);
  return { totalConflicts: total?.count ?? 0, samples };
}
