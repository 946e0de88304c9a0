// /api/.well-known: what the sign-in UI reads before anyone has signed in (public routes).
import type { Db } from '@idp/db';
import {
  FullSignInExperienceQuerySchema,
  FullSignInExperienceSchema,
  JsonObjectSchema,
  PhrasesQuerySchema,
  SignInExperienceSchema,
} from '@idp/schemas';
import type { App } from '@idp/server-kit';
import { findPhrases, getFullSignInExperience, listSocialConnectors } from '../libraries/public-sign-in-experience.ts';
import { getSignInExperience } from '../queries/sign-in-experiences.ts';

// Public, unauthenticated reads the sign-in UI needs before anyone has signed in.
export function registerWellKnownRoutes(app: App, { db }: { db: Db }): void {
  app.get('/api/.well-known/sign-in-exp', { schema: { response: { 200: SignInExperienceSchema } } }, async (request) => {
    const signInExperience = await getSignInExperience(db, request.tenantId);
    return {
      ...signInExperience,
      socialConnectors: await listSocialConnectors(db, request.tenantId, signInExperience.socialSignInConnectorTargets),
    };
  });

  // Everything the sign-in app reads before anyone has signed in, in one request. `appId` and
  // `organizationId` pick app- or organization-specific branding in Logto; there is none here yet.
  app.get(
    '/api/.well-known/experience',
    { schema: { querystring: FullSignInExperienceQuerySchema, response: { 200: FullSignInExperienceSchema } } },
    async (request) => getFullSignInExperience(db, request.tenantId),
  );

  // The UI's phrases in one language (see findPhrases for which).
  app.get(
    '/api/.well-known/phrases',
    { schema: { querystring: PhrasesQuerySchema, response: { 200: JsonObjectSchema } } },
    async (request, reply) => {
      const { language, phrases } = await findPhrases(db, request.tenantId, request.query.lng, request.headers['accept-language']);
      void reply.header('content-language', language);
      return phrases;
    },
  );
}
