import { RequestError } from '@idp/errors';
import type { App } from '@idp/server-kit';
import { InteractionEventBodySchema, PublicInteractionResponseSchema, StartExperienceBodySchema } from '@idp/schemas';
import { interactionCall, loadExperience, overwriteExperience } from '../libraries/context.ts';
import type { ExperienceDeps } from '../libraries/deps.ts';
import { assertEventAllowed } from '../libraries/identify.ts';
import { newExperience } from '../libraries/state.ts';

export function registerInteractionRoutes(app: App, { db, client }: Pick<ExperienceDeps, 'db' | 'client'>): void {
  // Starts (or restarts) the experience of the browser's current OIDC interaction.
  app.put('/api/experience', { schema: { body: StartExperienceBodySchema } }, async (request, reply) => {
    await assertEventAllowed(db, request.tenantId, request.body.interactionEvent);
    // Reading needs a valid interaction cookie: session.not_found otherwise. A (re)start replaces
    // whatever was there, so losing to another step's save is retried on the newer version (a
    // preflight the page sent at the same time, say).
    await overwriteExperience(client, interactionCall(request), newExperience(request.body.interactionEvent));
    return reply.status(204).send();
  });

  // Switches between SignIn and Register, keeping the verifications made so far. Decided on the
  // state alone, so a conflict goes to the client, which may switch again.
  app.put('/api/experience/interaction-event', { schema: { body: InteractionEventBodySchema } }, async (request, reply) => {
    const experience = await loadExperience(client, request);
    const { interactionEvent } = request.body;
    if (experience.state.interactionEvent === 'ForgotPassword' || interactionEvent === 'ForgotPassword') {
      if (experience.state.interactionEvent !== interactionEvent) {
        throw new RequestError('session.not_supported_for_forgot_password', { status: 400 });
      }
    }
    await assertEventAllowed(db, request.tenantId, interactionEvent);
    // As in Logto, a switch keeps the verifications but drops the profile gathered for the other event.
    if (experience.state.interactionEvent !== interactionEvent) experience.state.profile = {};
    experience.state.interactionEvent = interactionEvent;
    await experience.save();
    return reply.status(204).send();
  });

  // What the UI may know about the experience: never password digests, codes or social tokens.
  app.get('/api/experience/interaction', { schema: { response: { 200: PublicInteractionResponseSchema } } }, async (request) => {
    const { state } = await loadExperience(client, request);
    const { passwordDigest, ...profile } = state.profile;
    return {
      interactionEvent: state.interactionEvent,
      ...(state.userId ? { userId: state.userId } : {}),
      profile: { ...profile, ...(passwordDigest ? { hasPassword: true } : {}) },
      verificationRecords: state.verificationRecords.map((record) => ({
        id: record.id,
        type: record.type,
        verified: record.verified,
        ...('identifier' in record ? { identifier: record.identifier } : {}),
        ...(record.type === 'Social' ? { connectorId: record.connectorId } : {}),
      })),
    };
  });
}
