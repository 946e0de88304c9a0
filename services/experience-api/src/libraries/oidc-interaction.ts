import { errorCatalogue, RequestError, type ErrorCode } from '@idp/errors';
import {
  ConsentResponseSchema,
  ErrorResponseSchema,
  FinishInteractionResponseSchema,
  InteractionConsentSchema,
  InteractionDetailsSchema,
  SaveExperienceResponseSchema,
  type ExperienceState,
  type FinishInteractionBody,
  type InteractionConsent,
  type InteractionDetails,
  type SaveExperienceBody,
  type SaveExperienceResponse,
} from '@idp/schemas';
import { internalSecretHeader, tenantHeader } from '@idp/server-kit';
import type { TSchema } from 'typebox';
import { Compile, type Validator } from 'typebox/compile';
import { Pool } from 'undici';

export type { InteractionDetails } from '@idp/schemas';

export type OidcInteractionClient = {
  details(call: InteractionCall): Promise<InteractionDetails>;
  /**
   * What this process last read or saved of the interaction `call`'s cookie names, if recent: it
   * may be stale (another replica saved since), so a step may start from it only when it ends in a
   * versioned save, and runs again on a fresh read when that save conflicts.
   */
  recentDetails(call: InteractionCall): InteractionDetails | undefined;
  /**
   * Saves the state over `version`, the version read with it, and answers the new version. When
   * another request saved since, nothing is written and it throws `session.interaction_conflict`.
   */
  /** Without `version`, replaces whatever is stored. */
  saveExperience(call: InteractionCall, experience: ExperienceState | null, version?: number): Promise<number>;
  finish(call: InteractionCall, result: FinishInteractionBody): Promise<string>;
  /** The consent the signed-in interaction waits for (the consent page's). */
  consentDetails(call: InteractionCall): Promise<InteractionConsent>;
  /** Grants it, letting a third-party app into the organizations named; answers where the browser resumes. */
  grantConsent(call: InteractionCall, organizationIds?: string[]): Promise<string>;
  /** Ends every session of the user and revokes their grants (after a password reset). */
  revokeAccountSessions(tenantId: string, accountId: string): Promise<void>;
  close(): Promise<void>;
};

const isErrorCode = (code: string): code is ErrorCode => Object.hasOwn(errorCatalogue, code);

// The details a step saved are the ones the browser's next step starts from, a moment later,
// almost always in the same process: kept here (as JSON, so no step changes another's copy), the
// next step skips one internal call. Bounded, and short-lived compared with an interaction.
const recentLimit = 10_000;
const recentMs = 10 * 60_000;
type Recent = { json: string; at: number };

/** Who is asking: the tenant, and the browser's cookie header, which names the interaction. */
export type InteractionCall = { tenantId: string; cookie: string | undefined };

// The oidc service's answers are checked against the shared contract (@idp/schemas) rather than
// trusted: a service of another version answering another shape is a bad gateway, not a crash
// somewhere in a sign-in step.
const checked = <Schema extends TSchema>(schema: Schema) => Compile(schema);
const detailsAnswer = checked(InteractionDetailsSchema);
const saveAnswer = checked(SaveExperienceResponseSchema);
const finishAnswer = checked(FinishInteractionResponseSchema);
const errorAnswer = checked(ErrorResponseSchema);
const consentAnswer = checked(InteractionConsentSchema);
const grantAnswer = checked(ConsentResponseSchema);

// The oidc service's internal interaction API (DESIGN.md). Only that service knows oidc-provider;
// this one reads and finishes interactions through it, forwarding the browser's cookie.
export function createOidcInteractionClient(oidcUrl: string, internalSecret: string, socketPath?: string): OidcInteractionClient {
  // A keep-alive pool to the one oidc address: every sign-in step makes one or two of these calls,
  // so they skip fetch's per-call Request/Response and stream objects.
  const base = new URL(oidcUrl);
  const pool = new Pool(base.origin, { connections: 32, ...(socketPath ? { socketPath } : {}) });
  const prefix = base.pathname.replace(/\/$/, '');

  const call = async (
    { tenantId, cookie }: InteractionCall,
    path: string,
    init: { method: 'GET' | 'PUT' | 'POST' | 'DELETE'; body?: unknown } = { method: 'GET' },
  ) => {
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
      // interaction or one of another tenant → session.not_found; a stale save → 409
      // session.interaction_conflict): pass its code on.
      const body: unknown = await response.body.json().catch(() => undefined);
      if (errorAnswer.Check(body) && isErrorCode(body.code)) throw new RequestError(body.code, { message: body.message });
      throw new RequestError('request.bad_gateway', { message: `The sign-in service answered ${response.statusCode}.` });
    }
    return response;
  };

  const answer = async <Schema extends TSchema>(
    validator: Validator<Record<string, never>, Schema>,
    response: Awaited<ReturnType<typeof call>>,
  ) => {
    const body: unknown = await response.body.json().catch(() => undefined);
    if (!validator.Check(body))
      throw new RequestError('request.bad_gateway', { message: 'The sign-in service answered an unexpected shape.' });
    return body;
  };

  const recent = new Map<string, Recent>();
  const recentKey = ({ tenantId, cookie }: InteractionCall) => (cookie ? `${tenantId}\n${cookie}` : undefined);
  const remember = (request: InteractionCall, details: InteractionDetails | undefined) => {
    const key = recentKey(request);
    if (!key) return;
    recent.delete(key);
    if (!details) return;
    recent.set(key, { json: JSON.stringify(details), at: Date.now() });
    if (recent.size > recentLimit) recent.delete(recent.keys().next().value!);
  };

  return {
    async details(request) {
      const details = await answer(detailsAnswer, await call(request, '/internal/interaction'));
      remember(request, details);
      return details;
    },
    recentDetails(request) {
      const key = recentKey(request);
      const found = key === undefined ? undefined : recent.get(key);
      if (!found || Date.now() - found.at > recentMs) return undefined;
      return JSON.parse(found.json) as InteractionDetails;
    },
    async saveExperience(request, experience, version) {
      const body: SaveExperienceBody = version === undefined ? { experience } : { experience, version };
      let saved: SaveExperienceResponse;
      try {
        saved = await answer(saveAnswer, await call(request, '/internal/interaction/experience', { method: 'PUT', body }));
      } catch (error) {
        remember(request, undefined);
        throw error;
      }
      const { uid, params, accountId } = saved;
      remember(
        request,
        experience && uid !== undefined && params !== undefined
          ? { uid, params, ...(accountId === undefined ? {} : { accountId }), experience, version: saved.version }
          : undefined,
      );
      return saved.version;
    },
    async finish(request, result) {
      remember(request, undefined);
      return (await answer(finishAnswer, await call(request, '/internal/interaction/result', { method: 'POST', body: result }))).redirectTo;
    },
    async consentDetails(request) {
      return answer(consentAnswer, await call(request, '/internal/interaction/consent'));
    },
    async grantConsent(request, organizationIds) {
      remember(request, undefined);
      const body = organizationIds?.length ? { organizationIds } : {};
      return (await answer(grantAnswer, await call(request, '/internal/interaction/consent', { method: 'POST', body }))).redirectTo;
    },
    close: () => pool.close(),
    async revokeAccountSessions(tenantId, accountId) {
      await (
        await call({ tenantId, cookie: undefined }, `/internal/accounts/${encodeURIComponent(accountId)}/sessions`, { method: 'DELETE' })
      ).body.dump();
    },
  };
}
