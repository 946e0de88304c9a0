import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import type { App } from '@idp/server-kit';
import type Provider from 'oidc-provider';
import { Type } from 'typebox';
import { findUserById } from '../queries/users.ts';
import { isFirstPartyClient } from '../provider/clients.ts';
import { consentAutomatically } from '../provider/consent.ts';
import type { TenantProviders } from '../provider/tenant-providers.ts';
import { asSessionError } from './provider-routes.ts';

// The internal interaction API (DESIGN.md): the experience service, in another process, reads the
// interaction a browser is in and finishes it, passing along the browser's cookie header. Only
// this service touches oidc-provider. The gateway never routes /internal, and every route needs
// the deployment's internal secret like any route behind the gateway.
const InteractionResultSchema = Type.Union([
  Type.Object({ login: Type.Object({ accountId: Type.String({ minLength: 1 }) }, { additionalProperties: false }) }, { additionalProperties: false }),
  Type.Object({ error: Type.String({ minLength: 1 }), error_description: Type.Optional(Type.String()) }, { additionalProperties: false }),
]);

type Interaction = Awaited<ReturnType<Provider['interactionDetails']>>;

/**
 * What `provider.interactionResult` does, on the interaction this request already loaded: the
 * provider's own method would read the interaction (and its session) from the database again.
 */
async function saveResult(interaction: Interaction, result: Record<string, unknown>, { merge }: { merge: boolean }): Promise<string> {
  interaction.result = merge && !('error' in result) ? { ...interaction.lastSubmission, ...result } : result;
  await interaction.save(interaction.exp - Math.floor(Date.now() / 1000));
  return interaction.returnTo;
}

export function registerInteractionRoutes(app: App, providers: TenantProviders, db: Db): void {
  const details = async (request: { tenantId: string; raw: IncomingMessage }, reply: { raw: ServerResponse }) => {
    const provider = await providers.get(request.tenantId);
    try {
      return { provider, interaction: await provider.interactionDetails(request.raw, reply.raw) };
    } catch (error) {
      throw asSessionError(error);
    }
  };

  app.get('/internal/interaction', async (request, reply) => {
    const { interaction } = await details(request, reply);
    return {
      uid: interaction.uid,
      prompt: interaction.prompt,
      params: interaction.params,
      accountId: interaction.session?.accountId,
      result: interaction.result,
      experience: (interaction.result as { experience?: unknown } | undefined)?.experience ?? null,
    };
  });

  // The experience service keeps its own state of the sign-in (event, verification records,
  // profile) with the interaction, so it lives exactly as long and survives any replica.
  app.put(
    '/internal/interaction/experience',
    { schema: { body: Type.Object({ experience: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]) }, { additionalProperties: false }) } },
    async (request, reply) => {
      const { interaction } = await details(request, reply);
      await saveResult(interaction, { experience: request.body.experience ?? undefined }, { merge: false });
      return reply.status(204).send();
    },
  );

  app.post(
    '/internal/interaction/result',
    { schema: { body: InteractionResultSchema } },
    async (request, reply) => {
      const { provider, interaction } = await details(request, reply);
      const body = request.body;
      if ('error' in body) return { redirectTo: await saveResult(interaction, body, { merge: false }) };
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
      const consent = isFirstPartyClient(client)
        ? await consentAutomatically(provider, interaction, body.login.accountId, { db, tenantId: request.tenantId })
        : undefined;
      const redirectTo = await saveResult(interaction, { login: body.login, ...(consent ? { consent } : {}) }, { merge: true });
      return { redirectTo };
    },
  );

  // Where oidc-provider sends a browser whose only missing step is consent: first-party apps are
  // consented here and sent straight back; third-party apps go to the UI's consent page.
  app.get('/oidc/interaction/:uid/consent', async (request, reply) => {
    const { provider, interaction } = await details(request, reply);
    const accountId = interaction.session?.accountId;
    const client = await provider.Client.find(String(interaction.params.client_id));
    if (!accountId || !client || !isFirstPartyClient(client)) {
      return reply.redirect('/consent', 303);
    }
    const consent = await consentAutomatically(provider, interaction, accountId, { db, tenantId: request.tenantId });
    const redirectTo = await provider.interactionResult(request.raw, reply.raw, { consent });
    return reply.redirect(redirectTo, 303);
  });
}
