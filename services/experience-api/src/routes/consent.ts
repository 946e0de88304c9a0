import { RequestError } from '@idp/errors';
import { ConsentBodySchema, ConsentInfoResponseSchema, ConsentResponseSchema } from '@idp/schemas';
import type { App } from '@idp/server-kit';
import { interactionCall } from '../libraries/context.ts';
import type { ExperienceDeps } from '../libraries/deps.ts';
import { findApplicationSummary, findOrganizationsOfUser, findResourceWithNamedScopes } from '../queries/consent.ts';
import { findUserById } from '../queries/users.ts';

/** Scopes a consent page has nothing to say about: the sign-in itself and staying signed in. */
const unlisted = new Set(['openid', 'offline_access']);

// Logto's consent API under /api/interaction: what the sign-in UI's consent page shows for a
// third-party app, and the user's "Authorize". The oidc service decides what is granted; this
// service only describes it with the names and descriptions people read.
export function registerConsentRoutes(app: App, { db, client }: Pick<ExperienceDeps, 'db' | 'client'>): void {
  app.get('/api/interaction/consent', { schema: { response: { 200: ConsentInfoResponseSchema } } }, async (request) => {
    const { tenantId } = request;
    const consent = await client.consentDetails(interactionCall(request));
    const [application, user] = await Promise.all([
      findApplicationSummary(db, tenantId, consent.applicationId),
      findUserById(db, tenantId, consent.accountId),
    ]);
    if (!application) throw new RequestError('entity.not_found', { message: 'The application of this interaction no longer exists.' });
    if (!user) throw new RequestError('user.user_not_exist');
    const missingResourceScopes = [];
    for (const { indicator, scopes } of consent.resourceScopes) {
      const described = await findResourceWithNamedScopes(db, tenantId, indicator, scopes);
      if (described && described.scopes.length > 0) missingResourceScopes.push(described);
    }
    return {
      application,
      user: {
        id: user.id,
        name: user.name,
        avatar: user.avatar,
        username: user.username,
        primaryEmail: user.primaryEmail,
        primaryPhone: user.primaryPhone,
      },
      organizations: consent.organizationsRequested ? await findOrganizationsOfUser(db, tenantId, user.id) : [],
      missingOIDCScope: consent.missingOIDCScope.filter((scope) => !unlisted.has(scope)),
      missingResourceScopes,
      ...(consent.redirectUri === undefined ? {} : { redirectUri: consent.redirectUri }),
    };
  });

  app.post(
    '/api/interaction/consent',
    {
      schema: { body: ConsentBodySchema, response: { 200: ConsentResponseSchema } },
      // Logto's page may post nothing at all: no body is an empty one.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    // The oidc service checks that every organization named is one of the user's.
    async (request) => ({ redirectTo: await client.grantConsent(interactionCall(request), request.body.organizationIds) }),
  );
}
