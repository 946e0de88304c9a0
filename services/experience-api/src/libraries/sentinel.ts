// Locks an identifier after repeated failed sign-in attempts from one client address, and slows an
// address down (never locks it) after many failures across identifiers. Checked before any hash
// work, so a locked target costs one indexed query per attempt until the lock expires.
//
// Why per (address, identifier): a lock on a whole address would let anyone behind it (an office,
// a carrier's NAT) lock everyone there out, and a lock on an identifier everywhere would let
// anyone lock a user out. An identifier is also locked everywhere, but only after ten times the
// failures, which takes many addresses, because each address is stopped at its own lock first.
import { setTimeout as sleep } from 'node:timers/promises';
import { generateId, sentinelTargetHash, type Db, type SentinelTarget } from '@idp/db';
import { RequestError } from '@idp/errors';
import { sentinelActivities, sentinelDefaults, type SentinelPolicy } from '@idp/schemas';
import { findSignInExperience } from '../queries/sign-in-experience.ts';
import { and, count, desc, eq, gt, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';

export type SentinelAction = 'Password' | 'VerificationCode' | 'Mfa';

export type Sentinel = {
  /**
   * Throws `session.verification_blocked_too_many_attempts` while an identifier is locked for this
   * address (or everywhere); waits a moment first when the address is over its failure ceiling.
   */
  assertNotBlocked(tenantId: string, targets: SentinelTarget[]): Promise<void>;
  /** Counts a failure for the identifiers at the address, and locks those that reached the threshold. */
  recordFailure(tenantId: string, targets: SentinelTarget[], action: SentinelAction, policy: SentinelPolicy): Promise<void>;
};

const minutes = (count: number) => count * 60_000;

/** How long an attempt waits once its address is past the ceiling: grows with the excess, capped. */
export const addressDelayMs = (excess: number) => Math.min(5000, 1000 + 20 * excess);

const split = (targets: SentinelTarget[]) => {
  const address = targets.find(({ type }) => type === 'Ip');
  return {
    identifierHashes: targets.filter(({ type }) => type === 'Identifier').map(sentinelTargetHash),
    addressHash: address ? sentinelTargetHash(address) : undefined,
  };
};

const settings = (policy: SentinelPolicy, at: Date) => {
  const maxAttempts = policy.maxAttempts ?? sentinelDefaults.maxAttempts;
  return {
    maxAttempts,
    everywhere: maxAttempts * sentinelDefaults.ipMultiplier,
    windowStart: new Date(at.getTime() - minutes(policy.attemptWindow ?? sentinelDefaults.attemptWindow)),
    lockUntil: new Date(at.getTime() + minutes(policy.lockoutDuration ?? sentinelDefaults.lockoutDuration)),
  };
};

export function createSentinel(db: Db, now: () => Date): Sentinel {
  const t = sentinelActivities;
  const identifierRows = (tenantId: string, hash: string) =>
    and(eq(t.tenantId, tenantId), eq(t.targetType, 'Identifier'), eq(t.targetHash, hash));
  /** Rows of this address, or of every address (null) when the request had none. */
  const atAddress = (addressHash: string | undefined) => (addressHash ? eq(t.addressHash, addressHash) : isNull(t.addressHash));

  /** Failures since the window opened or since the last of the given locks began, whichever is later. */
  const failuresSince = async (where: SQL | undefined, locks: SQL | undefined, windowStart: Date) => {
    const lastLock = db
      .select({ at: sql`max(${t.createdAt})` })
      .from(t)
      .where(and(locks, eq(t.decision, 'Blocked')));
    const [{ failures } = { failures: 0 }] = await db
      .select({ failures: count() })
      .from(t)
      .where(
        and(
          where,
          eq(t.decision, 'Failed'),
          sql`${t.createdAt} > greatest(${windowStart.toISOString()}::timestamptz, coalesce((${lastLock}), '-infinity'::timestamptz))`,
        ),
      );
    return failures;
  };

  const lock = (tenantId: string, hash: string, action: SentinelAction, addressHash: string | null, at: Date, until: Date) =>
    db.insert(t).values({
      tenantId,
      id: generateId(),
      targetType: 'Identifier',
      targetHash: hash,
      action,
      decision: 'Blocked',
      decisionExpiresAt: until,
      addressHash,
      createdAt: at,
    });

  return {
    async assertNotBlocked(tenantId, targets) {
      const { identifierHashes, addressHash } = split(targets);
      const at = now();
      // Address locks are no longer written; one an operator inserts still holds.
      const conditions = [
        identifierHashes.length > 0
          ? and(
              eq(t.targetType, 'Identifier'),
              inArray(t.targetHash, identifierHashes),
              addressHash ? or(isNull(t.addressHash), eq(t.addressHash, addressHash)) : undefined,
            )
          : undefined,
        addressHash ? and(eq(t.targetType, 'Ip'), eq(t.targetHash, addressHash)) : undefined,
      ].filter((condition) => condition !== undefined);
      if (conditions.length === 0) return;
      // The address's recent failures and the latest live lock, in one round trip: this runs before
      // every password check.
      const { everywhere, windowStart } = settings((await findSignInExperience(db, tenantId)).sentinelPolicy, at);
      const addressFailures = addressHash
        ? db
            .select({ failures: count() })
            .from(t)
            .where(
              and(
                eq(t.tenantId, tenantId),
                eq(t.targetType, 'Ip'),
                eq(t.targetHash, addressHash),
                eq(t.decision, 'Failed'),
                gt(t.createdAt, windowStart),
              ),
            )
        : sql`select 0`;
      const latestLock = db
        .select({ until: t.decisionExpiresAt })
        .from(t)
        .where(and(eq(t.tenantId, tenantId), or(...conditions), eq(t.decision, 'Blocked'), gt(t.decisionExpiresAt, at)))
        .orderBy(desc(t.decisionExpiresAt))
        .limit(1);
      const check = async () => {
        // The lock's end as epoch milliseconds: a raw timestamp's text form is the driver's to parse.
        const { rows } = await db.execute<{ failures: string | number; until: string | number | null }>(
          sql`select (${addressFailures}) as failures, extract(epoch from (${latestLock})) * 1000 as until`,
        );
        const until = rows[0]?.until;
        return { failures: Number(rows[0]?.failures ?? 0), until: until === null || until === undefined ? null : new Date(Number(until)) };
      };
      let found = await check();
      if (addressHash && found.failures >= everywhere) {
        await sleep(addressDelayMs(found.failures - everywhere));
        // A lock may have been written while this attempt waited.
        found = await check();
      }
      if (found?.until) {
        const retryAfter = Math.max(1, Math.ceil((found.until.getTime() - at.getTime()) / 1000));
        // 400, as Logto answers it (its guards allow no 429 on these routes).
        throw new RequestError('session.verification_blocked_too_many_attempts', {
          data: { lockedUntil: found.until.toISOString(), retryAfter },
          status: 400,
        });
      }
    },

    async recordFailure(tenantId, targets, action, policy) {
      const at = now();
      const { identifierHashes, addressHash } = split(targets);
      const { maxAttempts, everywhere, windowStart, lockUntil } = settings(policy, at);
      const failed = { tenantId, action, decision: 'Failed' as const, createdAt: at };
      await db.insert(t).values([
        ...identifierHashes.map((hash) => ({
          ...failed,
          id: generateId(),
          targetType: 'Identifier' as const,
          targetHash: hash,
          addressHash: addressHash ?? null,
        })),
        ...(addressHash ? [{ ...failed, id: generateId(), targetType: 'Ip' as const, targetHash: addressHash }] : []),
      ]);
      for (const hash of identifierHashes) {
        const rows = identifierRows(tenantId, hash);
        // A lock here, or one everywhere, restarts the count: an expired lock gives the full tries again.
        const here = await failuresSince(
          and(rows, atAddress(addressHash)),
          and(rows, addressHash ? or(isNull(t.addressHash), eq(t.addressHash, addressHash)) : undefined),
          windowStart,
        );
        if (here >= maxAttempts) {
          await lock(tenantId, hash, action, addressHash ?? null, at, lockUntil);
          continue;
        }
        if (!addressHash) continue;
        const anywhere = await failuresSince(rows, and(rows, isNull(t.addressHash)), windowStart);
        if (anywhere >= everywhere) await lock(tenantId, hash, action, null, at, lockUntil);
      }
    },
  };
}
