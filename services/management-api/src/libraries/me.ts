// Logto's "Me API": what the admin console's signed-in user does to their own account. A password
// change needs a password check less than ten minutes old; that check is remembered in PostgreSQL
// (the `rate_limits` table's one-row-per-key timestamps), so any replica sees it.
import { createHash } from 'node:crypto';
import type { Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import { assertPasswordAllowed, passwordUserInfo } from '@idp/password/policy';
import { rateLimits, type MeResponse, type UpdateMeBody } from '@idp/schemas';
import { and, eq } from 'drizzle-orm';
import { getSignInExperience } from '../queries/sign-in-experiences.ts';
import { findUser, type UserRow } from '../queries/users.ts';
import { isWebUrl } from './urls.ts';
import { checkPassword, setPassword, toUserResponse, updateUser } from './users.ts';

/** How long a verified password (or email) allows a sensitive change, as in Logto. */
export const meVerificationTtlMs = 10 * 60 * 1000;

// One key per user: a new verification replaces the previous one, whatever it was for.
const verificationKey = (userId: string) => createHash('sha256').update(`me.verification:${userId}`).digest('hex');
// What was verified, kept in the row's counter column: 0 for the password. Emails are not verified
// by this API yet, so nothing else is ever stored.
const passwordVerified = 0;

/** The user, unless suspended: a suspended administrator's token no longer changes anything. */
export async function findActiveUser(db: Db, tenantId: string, userId: string): Promise<UserRow> {
  const user = await findUser(db, tenantId, userId);
  if (user.isSuspended) throw new RequestError('user.suspended');
  return user;
}

export function toMeResponse(user: UserRow): MeResponse {
  const { hasPassword, ...info } = toUserResponse(user);
  return { ...info, ...(hasPassword ? { hasPassword: true as const } : {}) };
}

export async function updateMe(db: Db, tenantId: string, userId: string, body: UpdateMeBody): Promise<MeResponse> {
  await findActiveUser(db, tenantId, userId);
  // An email address is the admin's identifier: Logto takes one only after its code was verified,
  // which this API does not offer yet, so none is ever accepted.
  if (body.primaryEmail !== undefined) await assertRecentlyVerified(db, tenantId, userId, body.primaryEmail);
  const avatar = body.avatar === '' ? null : body.avatar;
  if (avatar && !isWebUrl(avatar)) {
    throw new RequestError('guard.invalid_input', { message: '`avatar` must be an http(s) URL.', data: { field: 'avatar' } });
  }
  const name = body.name === '' ? null : body.name;
  const { hasPassword: _, ...info } = toMeResponse(await updateUser(db, tenantId, userId, { username: body.username, name, avatar }));
  return info;
}

export async function verifyMyPassword(db: Db, tenantId: string, userId: string, password: string): Promise<void> {
  await findActiveUser(db, tenantId, userId);
  if (!(await checkPassword(db, tenantId, userId, password))) throw new RequestError('session.invalid_credentials');
  const keyHash = verificationKey(userId);
  await db
    .insert(rateLimits)
    .values({ tenantId, keyHash, windowStart: new Date(), hits: passwordVerified })
    .onConflictDoUpdate({ target: [rateLimits.tenantId, rateLimits.keyHash], set: { windowStart: new Date(), hits: passwordVerified } });
}

async function assertRecentlyVerified(db: Db, tenantId: string, userId: string, identifier: string | null): Promise<void> {
  const [row] = await db
    .select({ at: rateLimits.windowStart, what: rateLimits.hits })
    .from(rateLimits)
    .where(and(eq(rateLimits.tenantId, tenantId), eq(rateLimits.keyHash, verificationKey(userId))));
  if (!row) {
    throw new RequestError('session.verification_session_not_found', { message: 'Verify your password first.' });
  }
  if (Date.now() - row.at.getTime() >= meVerificationTtlMs || identifier !== null || row.what !== passwordVerified) {
    throw new RequestError('session.verification_failed', { message: 'The verification has expired or was for something else.' });
  }
}

export async function changeMyPassword(db: Db, tenantId: string, userId: string, password: string): Promise<void> {
  const user = await findActiveUser(db, tenantId, userId);
  await assertRecentlyVerified(db, tenantId, userId, null);
  // The admin tenant's whole policy, as at its sign-in: breached lists, the user's own details, repetitions.
  const { passwordPolicy } = await getSignInExperience(db, tenantId);
  assertPasswordAllowed(password, passwordPolicy, passwordUserInfo(user));
  await setPassword(db, tenantId, userId, password);
}
