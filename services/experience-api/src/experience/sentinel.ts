// Locks an identifier (or a client IP) after repeated failed sign-in attempts. Checked before any
// hash work, so a locked target costs one indexed query per attempt until the lock expires.
import { generateId, sentinelTargetHash, type Db, type SentinelTarget } from '@idp/db';
import { RequestError } from '@idp/errors';
import { sentinelActivities, sentinelDefaults, type SentinelPolicy } from '@idp/schemas';
import { and, count, desc, eq, gt, inArray, sql } from 'drizzle-orm';

export type SentinelAction = 'Password' | 'VerificationCode' | 'Mfa';

export type Sentinel = {
  /** Throws `session.verification_blocked_too_many_attempts` while any of the targets is locked. */
  assertNotBlocked(tenantId: string, targets: SentinelTarget[]): Promise<void>;
  /** Counts a failure for each target and locks those that reached the threshold. */
  recordFailure(tenantId: string, targets: SentinelTarget[], action: SentinelAction, policy: SentinelPolicy): Promise<void>;
};

const minutes = (count: number) => count * 60_000;

export function createSentinel(db: Db, now: () => Date): Sentinel {
  const targetCondition = (tenantId: string, target: SentinelTarget) =>
    and(
      eq(sentinelActivities.tenantId, tenantId),
      eq(sentinelActivities.targetType, target.type),
      eq(sentinelActivities.targetHash, sentinelTargetHash(target)),
    );

  return {
    async assertNotBlocked(tenantId, targets) {
      if (targets.length === 0) return;
      const [lock] = await db
        .select({ until: sentinelActivities.decisionExpiresAt })
        .from(sentinelActivities)
        .where(
          and(
            eq(sentinelActivities.tenantId, tenantId),
            inArray(sentinelActivities.targetType, [...new Set(targets.map(({ type }) => type))]),
            inArray(sentinelActivities.targetHash, targets.map(sentinelTargetHash)),
            eq(sentinelActivities.decision, 'Blocked'),
            gt(sentinelActivities.decisionExpiresAt, now()),
          ),
        )
        .orderBy(desc(sentinelActivities.decisionExpiresAt))
        .limit(1);
      if (lock?.until) {
        const retryAfter = Math.max(1, Math.ceil((lock.until.getTime() - now().getTime()) / 1000));
        throw new RequestError('session.verification_blocked_too_many_attempts', {
          data: { lockedUntil: lock.until.toISOString(), retryAfter },
        });
      }
    },

    async recordFailure(tenantId, targets, action, policy) {
      const at = now();
      const maxAttempts = policy.maxAttempts ?? sentinelDefaults.maxAttempts;
      const windowStart = new Date(at.getTime() - minutes(policy.attemptWindow ?? sentinelDefaults.attemptWindow));
      const lockUntil = new Date(at.getTime() + minutes(policy.lockoutDuration ?? sentinelDefaults.lockoutDuration));
      await db.insert(sentinelActivities).values(
        targets.map((target) => ({
          tenantId,
          id: generateId(),
          targetType: target.type,
          targetHash: sentinelTargetHash(target),
          action,
          decision: 'Failed' as const,
          createdAt: at,
        })),
      );
      for (const target of targets) {
        // Failures since the window opened or since the last lock began, whichever is later: a lock
        // that has expired gives the full number of attempts again.
        const lastLock = db
          .select({ at: sql`max(${sentinelActivities.createdAt})` })
          .from(sentinelActivities)
          .where(and(targetCondition(tenantId, target), eq(sentinelActivities.decision, 'Blocked')));
        const [{ failures } = { failures: 0 }] = await db
          .select({ failures: count() })
          .from(sentinelActivities)
          .where(
            and(
              targetCondition(tenantId, target),
              eq(sentinelActivities.decision, 'Failed'),
              sql`${sentinelActivities.createdAt} > greatest(${windowStart.toISOString()}::timestamptz, coalesce((${lastLock}), '-infinity'::timestamptz))`,
            ),
          );
        const threshold = target.type === 'Ip' ? maxAttempts * sentinelDefaults.ipMultiplier : maxAttempts;
        if (failures >= threshold) {
          await db.insert(sentinelActivities).values({
            tenantId,
            id: generateId(),
            targetType: target.type,
            targetHash: sentinelTargetHash(target),
            action,
            decision: 'Blocked',
            decisionExpiresAt: lockUntil,
            createdAt: at,
          });
        }
      }
    },
  };
}
