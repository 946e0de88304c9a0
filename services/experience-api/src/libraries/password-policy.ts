// Password expiration as the experience API applies it: a password older than the sign-in
// experience allows cannot sign in until it is reset. (A new password's rules are
// @idp/password/policy's, called directly.)
import type { Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import type { User } from '@idp/schemas';
import { findSignInExperience } from '../queries/sign-in-experience.ts';

const dayMs = 24 * 60 * 60 * 1000;

/**
 * Logto's password expiration: with the policy on, a password set `validPeriodDays` or more days
 * ago is refused at password sign-in with `password.expired`; the user resets it (ForgotPassword)
 * and signs in with the new one. A password whose age is unknown counts from when the policy was
 * switched on (or the account made, if later), so enabling it never locks out everyone at once.
 */
export async function assertPasswordNotExpired(db: Db, tenantId: string, user: User, now = new Date()): Promise<void> {
  const { passwordExpiration } = await findSignInExperience(db, tenantId);
  const { enabled, validPeriodDays, enabledAt } = passwordExpiration;
  if (!enabled || !validPeriodDays) return;
  // Unknown age (a password set before the column, or by a path that does not record it): from
  // when the account was made or the policy switched on, whichever is later.
  const anchor = user.passwordUpdatedAt?.getTime() ?? Math.max(user.createdAt.getTime(), enabledAt ?? 0);
  if (now.getTime() - anchor >= validPeriodDays * dayMs) throw new RequestError('password.expired');
}
