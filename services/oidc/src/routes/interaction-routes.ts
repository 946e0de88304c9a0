import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import {
  FinishInteractionBodySchema,
  FinishInteractionResponseSchema,
  InteractionDetailsSchema,
  SaveExperienceBodySchema,
  SaveExperienceResponseSchema,
} from '@idp/schemas';
import type { App } from '@idp/server-kit';
import type { Provider } from 'oidc-provider';
import { isFirstPartyClient } from '../provider/clients.ts';
import { consentAsPlanned } from '../provider/consent.ts';
import type { TenantProviders } from '../provider/tenant-providers.ts';
import {
  experienceVersionOf,
  interactionIsLive,
  replaceInteractionResult,
  saveInteractionResult,
  type SavedInteraction,
  type StoredResult,
} from '../queries/interactions.ts';
import { findUserById } from '../queries/users.ts';
import { registerConsentRoutes } from './consent-routes.ts';
import { asSessionError } from './provider-routes.ts';

// The internal interaction API (DESIGN.md): the experience service, in another process, reads the
// interaction a browser is in and finishes it, passing along the browser's cookie header. Only
// this service touches oidc-provider. The gateway never routes /internal, and every route needs
// the deployment's internal secret like any route behind the gateway. The shapes live in
// @idp/schemas (api/experience/interaction.ts), shared with the experience service's client.

const conflict = () => new RequestError('session.interaction_conflict');
// oidc-provider's own words for a missing interaction, as asSessionError passes them on.
const interactionGone = () => new RequestError('session.not_found', { message: 'interaction session not found' });

/** The interaction the browser's signed cookie names, read as oidc-provider's interactionDetails reads it. */
function interactionCookie(provider: Provider, request: { raw: IncomingMessage }, reply: { raw: ServerResponse }): string {
  const uid = provider.createContext(request.raw, reply.raw).cookies.get(provider.cookieName('interaction'), { signed: true });
  if (!uid) throw new RequestError('session.not_found', { message: 'interaction session id cookie not found' });
  return uid;
}

export function registerInteractionRoutes(app: App, { providers, db }: { providers: TenantProviders; db: Db }): void {
  const details = async (request: { tenantId: string; raw: IncomingMessage }, reply: { raw: ServerResponse }) => {
    const provider = await providers.get(request.tenantId);
    try {
      return { provider, interaction: await provider.interactionDetails(request.raw, reply.raw) };
    } catch (error) {
      throw asSessionError(error);
    }
  };

  app.get('/internal/interaction', { schema: { response: { 200: InteractionDetailsSchema } } }, async (request, reply) => {
    const { interaction } = await details(request, reply);
    const result = interaction.result as StoredResult | undefined;
    return {
      uid: interaction.uid,
      params: interaction.params,
      accountId: interaction.session?.accountId,
      experience: result?.experience ?? null,
      version: experienceVersionOf(result),
    };
  });

  // The experience service keeps its own state of the sign-in (event, verification records,
  // profile) with the interaction, so it lives exactly as long and survives any replica. A save
  // names the version it read; a stale one answers 409 and changes nothing. A save is one
  // conditional UPDATE on the interaction the browser's signed cookie names: the experience
  // service read it through GET /internal/interaction in the same step (or is starting over), so
  // loading it again here would only repeat that read.
  app.put(
    '/internal/interaction/experience',
    { schema: { body: SaveExperienceBodySchema, response: { 200: SaveExperienceResponseSchema } } },
    async (request, reply) => {
      const provider = await providers.get(request.tenantId);
      const uid = interactionCookie(provider, request, reply);
      const { experience, version } = request.body;
      const result = experience ? { experience } : {};
      const answer = (next: number, { params, accountId }: SavedInteraction) => ({
        version: next,
        uid,
        params,
        ...(accountId ? { accountId } : {}),
      });
      if (version === undefined) {
        const replaced = await replaceInteractionResult(db, request.tenantId, uid, result);
        if (!replaced) throw interactionGone();
        return answer(replaced.version, replaced);
      }
      const saved = await saveInteractionResult(db, request.tenantId, uid, version, { ...result, experienceVersion: version + 1 });
      if (saved) return answer(version + 1, saved);
      // Nothing matched: another step saved first, or the interaction is over.
      throw (await interactionIsLive(db, request.tenantId, uid)) ? conflict() : interactionGone();
    },
  );

  // Finishing replaces the experience with oidc-provider's result and moves the version on, so a
  // step still running on the old state cannot write it back over the finished interaction.
  app.post(
    '/internal/interaction/result',
    { schema: { body: FinishInteractionBodySchema, response: { 200: FinishInteractionResponseSchema } } },
    async (request, reply) => {
      const { provider, interaction } = await details(request, reply);
      const { version: sent, ...body } = request.body;
      const current = experienceVersionOf(interaction.result);
      if (sent !== undefined && sent !== current) throw conflict();
      const write = async (result: Record<string, unknown>) => {
        if (!(await saveInteractionResult(db, request.tenantId, interaction.uid, current, { ...result, experienceVersion: current + 1 })))
          throw conflict();
        return { redirectTo: interaction.returnTo };
      };
      if ('error' in body) return write(body);
      // oidc-provider trusts any accountId it is given; a login for a user who is gone or suspended
      // must be refused here, before a session names them.
      const user = await findUserById(db, request.tenantId, body.login.accountId);
      if (!user) throw new RequestError('user.user_not_exist');
      if (user.isSuspended) throw new RequestError('user.suspended');
      // The client as the provider caches it (dropped when its application row changes).
      const client = await provider.Client.find(String(interaction.params.client_id));
      if (!client) {
        throw new RequestError('entity.not_found', { message: 'The application of this interaction no longer exists.' });
      }
      // Like oidc-provider's interactionResult with merge: what an earlier round of this interaction submitted stays.
      const result: Record<string, unknown> = { ...interaction.lastSubmission, login: body.login };
      // A first-party app is consented with the login: what the automatic consent (consent routes)
      // would grant on the browser's next hop, granted now, so the browser goes from the sign-in
      // straight to the app. Logto takes it through `/consent` first (two redirects, one more
      // interaction and 10 of a password sign-in's 36 statements here); the app sees the same
      // callback and grant. Whatever the login does not cover (claims asked by the `claims` parameter)
      // still goes through `/consent`. A third-party app's user always sees the consent page.
      if (isFirstPartyClient(client)) {
        result.consent = await consentAsPlanned(
          provider,
          interaction,
          body.login.accountId,
          { db, tenantId: request.tenantId },
          { thirdParty: false, firstAppKnown: user.applicationId !== null },
        );
      }
      return write(result);
    },
  );

  registerConsentRoutes(app, { details, db });
}
