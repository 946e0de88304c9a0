// The user a second-factor step is about, and the guard every guess at a factor goes through.
import { RequestError } from '@idp/errors';
import type { User } from '@idp/schemas';
import type { FastifyRequest } from 'fastify';
import { loadExperience, type Experience } from '../libraries/context.ts';
import { attemptTargets, type ExperienceDeps } from '../libraries/deps.ts';
import type { MfaFactor } from '../libraries/state.ts';
import { findSignInExperience } from '../queries/sign-in-experience.ts';
import { findUserById } from '../queries/users.ts';
import { boundFactors, hasVerifiedSecondFactor } from './policy.ts';

export type IdentifiedUser = { experience: Experience; user: User; factors: string[] };

/**
 * The interaction's user, for a second-factor step: identified and existing. As in Logto, the
 * steps that verify or create a factor do not ask whether the tenant enabled it (binding does), and
 * an unidentified interaction is 400 on most of them but 404 on the WebAuthn ones.
 */
export async function identifiedUser(
  deps: ExperienceDeps,
  request: FastifyRequest,
  unidentifiedStatus: 400 | 404 = 404,
): Promise<IdentifiedUser> {
  const experience = await loadExperience(deps.client, request);
  if (!experience.state.userId) throw new RequestError('session.identifier_not_found', { status: unidentifiedStatus });
  const [user, signInExperience] = await Promise.all([
    findUserById(deps.db, request.tenantId, experience.state.userId),
    findSignInExperience(deps.db, request.tenantId),
  ]);
  if (!user) throw new RequestError('user.user_not_exist');
  return { experience, user, factors: signInExperience.mfa.factors };
}

/** Binding needs the factor enabled for the tenant (Logto: 400 `session.mfa.mfa_factor_not_enabled`). */
export function assertFactorEnabled({ factors }: IdentifiedUser, factor: MfaFactor): void {
  if (!factors.includes(factor)) throw new RequestError('session.mfa.mfa_factor_not_enabled', { data: { factor } });
}

/** Binding a factor needs the user's existing ones answered first, so a password alone cannot add one. */
export function assertMayBind({ experience, user, factors }: IdentifiedUser): void {
  const bound = boundFactors(user, factors);
  if (bound.length > 0 && !hasVerifiedSecondFactor(experience.state, user.id, factors)) {
    throw new RequestError('session.mfa.require_mfa_verification', { data: { availableFactors: bound } });
  }
}

/** Runs one guess at a second factor under the sentinel's lock for this user and address. */
export async function guardedMfaAttempt<T>(
  deps: ExperienceDeps,
  request: FastifyRequest,
  userId: string,
  attempt: () => Promise<T | undefined>,
  error: 'session.mfa.invalid_totp_code' | 'session.mfa.invalid_backup_code',
): Promise<T> {
  const targets = attemptTargets(request, `user:${userId}`);
  await deps.sentinel.assertNotBlocked(request.tenantId, targets);
  const result = await attempt();
  if (result === undefined) {
    const { sentinelPolicy } = await findSignInExperience(deps.db, request.tenantId);
    await deps.sentinel.recordFailure(request.tenantId, targets, 'Mfa', sentinelPolicy);
    throw new RequestError(error);
  }
  return result;
}
