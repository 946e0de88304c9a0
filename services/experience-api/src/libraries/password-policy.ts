// The sign-in experience's password rules as the experience API applies them: a new password must
// pass the policy (@idp/password/policy), and a password older than the expiration policy allows
// cannot sign in until it is reset.
import type { Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import type { User } from '@idp/schemas';
import { findSignInExperience } from '../queries/sign-in-experience.ts';

// The shared checker's assertion (422 `password.rejected`, `data.result`), and the profile values a
// password must not contain: names, the email's local part, phone digits.
export { assertPasswordAllowed, passwordUserInfo as userInfoOf } from '@idp/password/policy';

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
