import type { Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import { signInExperiences } from '@idp/schemas';
import { eq } from 'drizzle-orm';

export async function findSignInExperience(db: Db, tenantId: string) {
  const [row] = await db.select().from(signInExperiences).where(eq(signInExperiences.tenantId, tenantId)).limit(1);
  if (!row) throw new RequestError('entity.not_found', { message: 'The tenant has no sign-in experience.' });
  return row;
}
