import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import { AutomaticConsentResponseSchema, ConsentResponseSchema, GrantConsentBodySchema, InteractionConsentSchema } from '@idp/schemas';
import type { App } from '@idp/server-kit';
import type { Provider } from 'oidc-provider';
import { isFirstPartyClient } from '../provider/clients.ts';
import { consentAsPlanned, planConsent } from '../provider/consent.ts';
import { organizationsScope } from '../provider/organization-tokens.ts';
import { grantOrganizations } from '../queries/third-party-organizations.ts';

type Interaction = Awaited<ReturnType<Provider['interactionDetails']>>;
const requestedScopes = (interaction: Interaction) => String(interaction.params.scope ?? '').split(' ');
type RequestLike = { tenantId: string; raw: IncomingMessage };
type ReplyLike = { raw: ServerResponse };
export type InteractionReader = (request: RequestLike, reply: ReplyLike) => Promise<{ provider: Provider; interaction: Interaction }>;

// Consent, Logto's way: oidc-provider sends a signed-in browser whose grant lacks something to
// `/consent?app_id=`. For a first-party app the gateway asks `automatic` and redirects at once; for
// a third-party app the sign-in UI's page reads the consent through the Experience API (GET) and
// grants it (POST). What is granted is always decided here, never taken from the page. A sign-in
// through the Experience API consents a first-party app with the login (interaction-routes.ts), so
// its browser comes here only when signing in again with a session whose grant lacks something.
export function registerConsentRoutes(app: App, { details, db }: { details: InteractionReader; db: Db }): void {
  const signedIn = async (request: RequestLike, reply: ReplyLike) => {
    const { provider, interaction } = await details(request, reply);
    const accountId = interaction.session?.accountId;
    if (!accountId) throw new RequestError('session.not_found', { message: 'Nobody has signed in in this interaction yet.' });
    const applicationId = String(interaction.params.client_id);
    const client = await provider.Client.find(applicationId);
    if (!client) {
      throw new RequestError('entity.not_found', { message: 'The application of this interaction no longer exists.' });
    }
    return { provider, interaction, accountId, applicationId, thirdParty: !isFirstPartyClient(client) };
  };

  const consent = async (request: RequestLike, waiting: Awaited<ReturnType<typeof signedIn>>, organizationIds: string[] = []) => {
    const { provider, interaction, accountId, applicationId, thirdParty } = waiting;
    const context = { db, tenantId: request.tenantId };
    if (organizationIds.length > 0 && !(await grantOrganizations(db, request.tenantId, applicationId, accountId, organizationIds))) {
      throw new RequestError('organization.require_membership');
    }
    const result = await consentAsPlanned(provider, interaction, accountId, context, { thirdParty });
    // What provider.interactionResult does (merged with the last submission, saved for the rest of
    // the interaction's life), on the interaction `signedIn` already read and checked: asking the
    // provider would read it, and its session, once more.
    interaction.result = { ...interaction.lastSubmission, consent: result };
    await interaction.save(interaction.exp - Math.floor(Date.now() / 1000));
    return interaction.returnTo;
  };

  app.get('/internal/interaction/consent', { schema: { response: { 200: InteractionConsentSchema } } }, async (request, reply) => {
    const waiting = await signedIn(request, reply);
    const { interaction, accountId, applicationId, thirdParty } = waiting;
    const plan = await planConsent(interaction, accountId, { db, tenantId: request.tenantId }, { thirdParty });
    const redirectUri = interaction.params.redirect_uri;
    return {
      applicationId,
      accountId,
      ...(typeof redirectUri === 'string' ? { redirectUri } : {}),
      missingOIDCScope: plan.missingOIDCScope,
      resourceScopes: plan.resources
        .filter(({ missing }) => missing.length > 0)
        .map(({ indicator, missing }) => ({ indicator, scopes: missing })),
      organizationsRequested: thirdParty && requestedScopes(interaction).includes(organizationsScope),
    };
  });

  app.post(
    '/internal/interaction/consent',
    { schema: { body: GrantConsentBodySchema, response: { 200: ConsentResponseSchema } } },
    async (request, reply) => ({
      redirectTo: await consent(request, await signedIn(request, reply), request.body.organizationIds),
    }),
  );

  // `GET /consent` through the gateway: a first-party app is consented without a page (as in
  // Logto); anything else is the consent page's to show, errors included.
  app.post(
    '/internal/interaction/consent/automatic',
    { schema: { response: { 200: AutomaticConsentResponseSchema } } },
    async (request, reply) => {
      let waiting: Awaited<ReturnType<typeof signedIn>>;
      try {
        waiting = await signedIn(request, reply);
      } catch {
        return { redirectTo: null };
      }
      if (waiting.thirdParty || waiting.interaction.prompt.name !== 'consent') return { redirectTo: null };
      return { redirectTo: await consent(request, waiting) };
    },
  );
}
