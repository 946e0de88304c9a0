// The user's sessions and grants, listed and ended through the oidc service's internal API
// (DESIGN.md: only that service reads oidc-provider's tables).
import { RequestError } from '@idp/errors';
import { AccountGrantsResponseSchema, AccountSessionsResponseSchema, type AccountGrant, type AccountSession } from '@idp/schemas';
import { internalSecretHeader, tenantHeader } from '@idp/server-kit';
import { Compile } from 'typebox/compile';
import { Pool } from 'undici';

export type OidcSessions = {
  listSessions(tenantId: string, accountId: string, currentGrantId: string | undefined): Promise<AccountSession[]>;
  endSession(tenantId: string, accountId: string, sessionId: string, revokeGrantsTarget: 'all' | 'firstParty' | undefined): Promise<void>;
  listGrants(tenantId: string, accountId: string, appType: 'firstParty' | 'thirdParty' | undefined): Promise<AccountGrant[]>;
  revokeGrant(tenantId: string, accountId: string, grantId: string): Promise<void>;
  close(): Promise<void>;
};

const sessionsAnswer = Compile(AccountSessionsResponseSchema);
const grantsAnswer = Compile(AccountGrantsResponseSchema);

export function createOidcSessions(oidcUrl: string, internalSecret: string, options: { socketPath?: string } = {}): OidcSessions {
  const base = new URL(oidcUrl);
  const pool = new Pool(base.origin, { connections: 4, ...(options.socketPath ? { socketPath: options.socketPath } : {}) });
  const prefix = base.pathname.replace(/\/$/, '');

  const call = async (tenantId: string, method: 'GET' | 'DELETE', path: string, query: Record<string, string | undefined> = {}) => {
    const search = new URLSearchParams(Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined));
    const response = await pool
      .request({
        path: `${prefix}/internal${path}${search.size > 0 ? `?${search}` : ''}`,
        method,
        headers: { [tenantHeader]: tenantId, [internalSecretHeader]: internalSecret },
      })
      .catch((error: unknown) => {
        throw new RequestError('request.service_unavailable', { message: 'The sign-in service is not reachable.', cause: error });
      });
    const body: unknown = await response.body.json().catch(() => undefined);
    // The oidc service's 404s (no such session or grant of this user) carry Logto's codes: pass them on.
    if (response.statusCode === 404 && body && typeof body === 'object' && 'code' in body) {
      const { code } = body as { code: string };
      if (code === 'oidc.session_not_found' || code === 'oidc.invalid_session_account_id' || code === 'oidc.invalid_grant') {
        throw new RequestError(code);
      }
    }
    if (response.statusCode >= 300) {
      throw new RequestError('request.bad_gateway', { message: `The sign-in service answered ${response.statusCode}.` });
    }
    return body;
  };
  const account = (accountId: string) => `/accounts/${encodeURIComponent(accountId)}`;
  const invalid = () => new RequestError('request.bad_gateway', { message: 'The sign-in service answered an unexpected body.' });

  return {
    async listSessions(tenantId, accountId, currentGrantId) {
      const body = await call(tenantId, 'GET', `${account(accountId)}/sessions`, { currentGrantId });
      if (!sessionsAnswer.Check(body)) throw invalid();
      return body.sessions;
    },
    async endSession(tenantId, accountId, sessionId, revokeGrantsTarget) {
      await call(tenantId, 'DELETE', `${account(accountId)}/sessions/${encodeURIComponent(sessionId)}`, { revokeGrantsTarget });
    },
    async listGrants(tenantId, accountId, appType) {
      const body = await call(tenantId, 'GET', `${account(accountId)}/grants`, { appType });
      if (!grantsAnswer.Check(body)) throw invalid();
      return body.grants;
    },
    async revokeGrant(tenantId, accountId, grantId) {
      await call(tenantId, 'DELETE', `${account(accountId)}/grants/${encodeURIComponent(grantId)}`);
    },
    close: () => pool.close(),
  };
}
