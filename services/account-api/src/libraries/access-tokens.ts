// Resolves an end user's opaque access token through the oidc service's internal API (DESIGN.md:
// only that service reads oidc-provider's tables). An answer, found or not, is kept for at most a
// second: a burst of calls with one token costs one lookup, and a token revoked elsewhere stops
// working within a second. What this service revokes itself (ending a session, a grant, the other
// sign-ins) it forgets at once, for every token of that user.
import { createHash } from 'node:crypto';
import { RequestError } from '@idp/errors';
import { AccessTokenInfoSchema, type AccessTokenInfo } from '@idp/schemas';
import { internalSecretHeader, tenantHeader } from '@idp/server-kit';
import { Compile } from 'typebox/compile';
import { Pool } from 'undici';

export type AccessTokenResolver = {
  /** The token's owner, client and scopes; undefined for a token that is unknown, expired or revoked. */
  resolve(tenantId: string, token: string): Promise<AccessTokenInfo | undefined>;
  /** Drops the kept answers for the user's tokens, after this service revoked some of them. */
  forgetAccount(tenantId: string, accountId: string): void;
  /** Ends the user's sessions, grants and tokens except those of `keepGrantId` (the caller's sign-in). */
  endOtherSessions(tenantId: string, accountId: string, keepGrantId: string): Promise<void>;
  close(): Promise<void>;
};

export const cacheTtlMs = 1000;
const maxCachedAnswers = 10_000;
const tokenAnswer = Compile(AccessTokenInfoSchema);

export function createAccessTokenResolver(
  oidcUrl: string,
  internalSecret: string,
  options: { socketPath?: string; now?: () => number } = {},
): AccessTokenResolver {
  const base = new URL(oidcUrl);
  const pool = new Pool(base.origin, { connections: 16, ...(options.socketPath ? { socketPath: options.socketPath } : {}) });
  const prefix = base.pathname.replace(/\/$/, '');
  const path = `${prefix}/internal/access-tokens/lookup`;
  const now = options.now ?? Date.now;
  // Keyed by tenant and a digest of the token, so the map never holds a usable token.
  // `accountId` is set once the answer names a user (see forgetAccount).
  type Kept = { at: number; answer: Promise<AccessTokenInfo | undefined>; accountId?: string };
  const cache = new Map<string, Kept>();

  const lookup = async (tenantId: string, token: string): Promise<AccessTokenInfo | undefined> => {
    const response = await pool
      .request({
        path,
        method: 'POST',
        headers: { [tenantHeader]: tenantId, [internalSecretHeader]: internalSecret, 'content-type': 'application/json' },
        body: JSON.stringify({ token }),
      })
      .catch((error: unknown) => {
        throw new RequestError('request.service_unavailable', { message: 'The sign-in service is not reachable.', cause: error });
      });
    const body: unknown = await response.body.json().catch(() => undefined);
    // 404: no live token; 400: not a token at all (too long, …). Either way, not signed in.
    if (response.statusCode === 404 || response.statusCode === 400) return undefined;
    if (response.statusCode !== 200 || !tokenAnswer.Check(body)) {
      throw new RequestError('request.bad_gateway', { message: `The sign-in service answered ${response.statusCode}.` });
    }
    return body;
  };

  const forgetAccount = (tenantId: string, accountId: string) => {
    for (const [key, entry] of cache) {
      // A lookup still in flight may have started before the revocation: it goes too.
      if (key.startsWith(`${tenantId} `) && (entry.accountId === accountId || entry.accountId === undefined)) cache.delete(key);
    }
  };

  return {
    async resolve(tenantId, token) {
      const key = `${tenantId} ${createHash('sha256').update(token).digest('base64url')}`;
      const at = now();
      const cached = cache.get(key);
      let answer: Promise<AccessTokenInfo | undefined>;
      if (cached && at - cached.at < cacheTtlMs) {
        answer = cached.answer;
      } else {
        if (cache.size >= maxCachedAnswers) {
          for (const [oldKey, entry] of cache) if (at - entry.at >= cacheTtlMs) cache.delete(oldKey);
          if (cache.size >= maxCachedAnswers) cache.clear();
        }
        answer = lookup(tenantId, token);
        const entry: Kept = { at, answer };
        cache.set(key, entry);
        answer.then(
          (info) => {
            entry.accountId = info?.accountId;
          },
          // A failed lookup (the oidc service down) is not remembered.
          () => {
            if (cache.get(key) === entry) cache.delete(key);
          },
        );
      }
      const info = await answer;
      // Cached or not, a token past its expiry is no longer valid.
      return info && info.expiresAt > now() ? info : undefined;
    },
    forgetAccount,
    async endOtherSessions(tenantId, accountId, keepGrantId) {
      const response = await pool
        .request({
          path: `${prefix}/internal/accounts/${encodeURIComponent(accountId)}/sessions/end-others`,
          method: 'POST',
          headers: { [tenantHeader]: tenantId, [internalSecretHeader]: internalSecret, 'content-type': 'application/json' },
          body: JSON.stringify({ keepGrantId }),
        })
        .catch((error: unknown) => {
          throw new RequestError('request.service_unavailable', { message: 'The sign-in service is not reachable.', cause: error });
        });
      await response.body.dump();
      if (response.statusCode !== 204) {
        throw new RequestError('request.bad_gateway', { message: `The sign-in service answered ${response.statusCode}.` });
      }
      forgetAccount(tenantId, accountId);
    },
    close: () => pool.close(),
  };
}
