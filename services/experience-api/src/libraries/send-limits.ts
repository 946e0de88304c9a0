// How many verification codes may be sent: per recipient (Logto's system limit, against mail and
// SMS bombing of one person) and per client address (against spraying codes at many recipients).
// The counters live in PostgreSQL, so the limits hold across replicas.
import { RequestError } from '@idp/errors';
import type { FastifyRequest } from 'fastify';
import { deleteStaleRateLimits, hitRateLimit, rateLimitKey } from '../queries/rate-limits.ts';
import { clientIp, type ExperienceDeps } from './deps.ts';

const tenMinutes = 10 * 60_000;
export const sendLimits = {
  recipient: { max: 10, windowMs: tenMinutes },
  address: { max: 50, windowMs: tenMinutes },
} as const;

const normalised = (kind: 'email' | 'phone', to: string) => (kind === 'email' ? to.trim().toLowerCase() : to.replace(/\D/g, ''));

/**
 * Counts a send to `to` from the request's address; throws 429 `request.message_rate_limited` when
 * either limit is spent. The address is counted first, so one address over its limit cannot use
 * up a recipient's sends.
 */
export async function assertSendAllowed(
  deps: Pick<ExperienceDeps, 'db' | 'now'>,
  request: FastifyRequest,
  kind: 'email' | 'phone',
  to: string,
): Promise<void> {
  const at = deps.now();
  const checks = [
    { key: rateLimitKey('send-address', clientIp(request)), ...sendLimits.address },
    { key: rateLimitKey(`send-${kind}`, normalised(kind, to)), ...sendLimits.recipient },
  ];
  for (const { key, max, windowMs } of checks) {
    const { hits, windowEndsAt } = await hitRateLimit(deps.db, request.tenantId, key, windowMs, at);
    if (hits > max) {
      throw new RequestError('request.message_rate_limited', {
        data: { retryAfter: Math.max(1, Math.ceil((windowEndsAt.getTime() - at.getTime()) / 1000)) },
      });
    }
  }
  // Now and then, not on every send: old counters are harmless, only their number grows.
  if (Math.random() < 0.01) await deleteStaleRateLimits(deps.db, new Date(at.getTime() - 24 * 60 * 60_000));
}
