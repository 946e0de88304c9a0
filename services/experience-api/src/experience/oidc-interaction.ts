import { errorCatalogue, RequestError, type ErrorCode } from '@idp/errors';
import { internalSecretHeader, tenantHeader } from '@idp/server-kit';
import { Pool } from 'undici';
import type { ExperienceState } from './state.ts';

export type InteractionDetails = {
  uid: string;
  params: Record<string, unknown>;
  accountId?: string;
  experience: ExperienceState | null;
};

export type OidcInteractionClient = {
  details(call: InteractionCall): Promise<InteractionDetails>;
  saveExperience(call: InteractionCall, experience: ExperienceState | null): Promise<void>;
  finish(call: InteractionCall, result: { login: { accountId: string } } | { error: string; error_description?: string }): Promise<string>;
  /** Ends every session of the user and revokes their grants (after a password reset). */
  revokeAccountSessions(tenantId: string, accountId: string): Promise<void>;
  close(): Promise<void>;
};

const isErrorCode = (code: string): code is ErrorCode => Object.hasOwn(errorCatalogue, code);

/** Who is asking: the tenant, and the browser's cookie header, which names the interaction. */
export type InteractionCall = { tenantId: string; cookie: string | undefined };

// The oidc service's internal interaction API (DESIGN.md). Only that service knows oidc-provider;
// this one reads and finishes interactions through it, forwarding the browser's cookie.
export function createOidcInteractionClient(oidcUrl: string, internalSecret: string, socketPath?: string): OidcInteractionClient {
  // A keep-alive pool to the one oidc address: every sign-in step makes one or two of these calls,
  // so they skip fetch's per-call Request/Response and stream objects.
  const base = new URL(oidcUrl);
  const pool = new Pool(base.origin, { connections: 32, ...(socketPath ? { socketPath } : {}) });
  const prefix = base.pathname.replace(/\/$/, '');

  const call = async ({ tenantId, cookie }: InteractionCall, path: string, init: { method: 'GET' | 'PUT' | 'POST' | 'DELETE'; body?: unknown } = { method: 'GET' }) => {
    const response = await pool
      .request({
        path: `${prefix}${path}`,
        method: init.method,
        headers: {
          [tenantHeader]: tenantId,
          [internalSecretHeader]: internalSecret,
          ...(cookie ? { cookie } : {}),
          ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      })
      .catch((error: unknown) => {
        throw new RequestError('request.service_unavailable', { message: 'The sign-in service is not reachable.', cause: error });
      });
    if (response.statusCode >= 400) {
      // The oidc service answers with our own error shape (no interaction cookie, an expired
      // interaction or one of another tenant → session.not_found): pass its code on.
      const body = (await response.body.json().catch(() => undefined)) as { code?: string; message?: string } | undefined;
      if (body?.code && isErrorCode(body.code)) throw new RequestError(body.code, { message: body.message });
      throw new RequestError('request.bad_gateway', { message: `The sign-in service answered ${response.statusCode}.` });
    }
    return response;
  };

  return {
    async details(request) {
      return (await (await call(request, '/internal/interaction')).body.json()) as InteractionDetails;
    },
    async saveExperience(request, experience) {
      await (await call(request, '/internal/interaction/experience', { method: 'PUT', body: { experience } })).body.dump();
    },
    async finish(request, result) {
      const response = await call(request, '/internal/interaction/result', { method: 'POST', body: result });
      return ((await response.body.json()) as { redirectTo: string }).redirectTo;
    },
    close: () => pool.close(),
    async revokeAccountSessions(tenantId, accountId) {
      await (await call({ tenantId, cookie: undefined }, `/internal/accounts/${encodeURIComponent(accountId)}/sessions`, { method: 'DELETE' })).body.dump();
    },
  };
}
