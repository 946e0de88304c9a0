import type { Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import { signInExperiences, type NewSignInExperienceRow, type SignInExperienceRow } from '@idp/schemas';
import { and, eq } from 'drizzle-orm';

export const defaultSignInExperienceId = 'default';

const byTenant = (tenantId: string) =>
  and(eq(signInExperiences.tenantId, tenantId), eq(signInExperiences.id, defaultSignInExperienceId));

export async function findSignInExperience(db: Db, tenantId: string) {
  const [row] = await db.select().from(signInExperiences).where(byTenant(tenantId));
  return row;
}

export async function getSignInExperience(db: Db, tenantId: string): Promise<SignInExperienceRow> {
  const row = await findSignInExperience(db, tenantId);
  if (!row) throw new RequestError('entity.not_found', { message: 'The tenant has no sign-in experience.' });
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
  if (!row) throw new RequestError('entity.not_found', { message: 'The tenant has no sign-in experience.' });
  return row;
}
