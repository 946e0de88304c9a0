import type { Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import { SignInExperienceSchema } from '@idp/schemas';
import type { App } from '@idp/server-kit';
import { findSignInExperience } from '../queries/sign-in-experiences.ts';

// Public, unauthenticated reads the sign-in UI needs before anyone has signed in.
export function registerWellKnownRoutes(app: App, db: Db): void {
  app.get(
    '/api/.well-known/sign-in-exp',
    { schema: { response: { 200: SignInExperienceSchema } } },
    async (request) => {
      const signInExperience = await findSignInExperience(db, request.tenantId);
      if (!signInExperience) {
        throw new RequestError('entity.not_found', { message: 'The tenant has no sign-in experience.' });
      }
      return signInExperience;
    },
  );
}
