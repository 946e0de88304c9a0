import type { Db } from '@idp/db';
import { signInExperiences } from '@idp/schemas';
import { and, eq } from 'drizzle-orm';

export const defaultSignInExperienceId = 'default';

export async function findSignInExperience(db: Db, tenantId: string) {
  const [row] = await db
    .select()
    .from(signInExperiences)
    .where(and(eq(signInExperiences.tenantId, tenantId), eq(signInExperiences.id, defaultSignInExperienceId)));
  return row;
}
