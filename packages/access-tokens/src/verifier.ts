import { RequestError } from '@idp/errors';
import { errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import type { TenantKeyCache } from './tenant-keys.ts';

export type VerifiedAccessToken = {
  /** The user (or, for client credentials, the app) the token was issued to. */
  sub: string;
  clientId: string;
  scopes: Set<string>;
  /** The tenant whose OP issued the token. */
  issuerTenantId: string;
};

export type AccessTokenVerifier = {
  /**
   * Verifies `token` for `audience`, issued by one of `trustedTenants`' OPs. Throws
   * `auth.unauthorized` for anything that is not such a token (bad signature, unknown key,
   * expired, wrong audience or issuer).
   */
  verify(token: string, options: { audience: string; trustedTenants: readonly string[] }): Promise<VerifiedAccessToken>;
};

const reloadIntervalMs = 10_000;
const algorithms = ['ES256', 'ES384', 'RS256', 'EdDSA'];

class VerificationFailure extends Error {
  constructor(readonly reason: unknown) {
    super('access token verification failed');
  }
}

export function createAccessTokenVerifier(keys: TenantKeyCache, issuers: Readonly<Record<string, string>>): AccessTokenVerifier {
  const tenantOfIssuer = new Map(Object.entries(issuers).map(([tenantId, issuer]) => [issuer, tenantId]));
  const lastReload = new Map<string, number>();

  // Keys are loaded before verifying, so a database failure surfaces as such (503), not as a 401.
  const verifyWith = async (token: string, tenantId: string, audience: string) => {
    const getKey = await keys.get(tenantId);
    try {
      return (await jwtVerify(token, getKey, { issuer: issuers[tenantId], audience, algorithms })).payload;
    } catch (error) {
      throw new VerificationFailure(error);
    }
  };

  return {
    async verify(token, { audience, trustedTenants }) {
      let issuer: unknown;
      try {
        const [, payload] = token.split('.');
        issuer = (JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as JWTPayload).iss;
      } catch {
        issuer = undefined;
      }
      const tenantId = typeof issuer === 'string' ? tenantOfIssuer.get(issuer) : undefined;
      if (!tenantId || !trustedTenants.includes(tenantId)) {
        throw new RequestError('auth.unauthorized', { message: 'The access token was not issued by a trusted issuer.' });
      }
      let payload: JWTPayload;
      try {
        payload = await verifyWith(token, tenantId, audience);
      } catch (error) {
        if (!(error instanceof VerificationFailure)) throw error;
        // A key added since the cache was filled (a rotation another replica did, notification
        // missed): reload once in a while, never once per bad token.
        const now = Date.now();
        if (!(error.reason instanceof joseErrors.JWKSNoMatchingKey) || now - (lastReload.get(tenantId) ?? 0) <= reloadIntervalMs) {
          throw unauthorized(error.reason);
        }
        lastReload.set(tenantId, now);
        keys.invalidate(tenantId);
        try {
          payload = await verifyWith(token, tenantId, audience);
        } catch (retryError) {
          throw retryError instanceof VerificationFailure ? unauthorized(retryError.reason) : retryError;
        }
      }
      if (typeof payload.sub !== 'string') {
        throw new RequestError('auth.unauthorized', { message: 'The access token has no subject.' });
      }
      return {
        sub: payload.sub,
        clientId: typeof payload.client_id === 'string' ? payload.client_id : '',
        scopes: new Set(typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : []),
        issuerTenantId: tenantId,
      };
    },
  };
}

function unauthorized(error: unknown): RequestError {
  const reason = error instanceof joseErrors.JWTExpired ? 'The access token has expired.' : 'The access token is invalid.';
  return new RequestError('auth.unauthorized', { message: reason });
}
