// /api/sign-in-exp: the tenant's sign-in experience (its rules: libraries/sign-in-experience.ts).
import type { Db } from '@idp/db';
import { SignInExperienceDetailsSchema, UpdateSignInExperienceBodySchema } from '@idp/schemas';
import type { App } from '@idp/server-kit';
import { logManagementChange } from '../libraries/logs.ts';
import { changeSignInExperience, toSignInExperienceDetails } from '../libraries/sign-in-experience.ts';
import { getSignInExperience } from '../queries/sign-in-experiences.ts';

export function registerSignInExperienceRoutes(app: App, { db }: { db: Db }): void {
  app.get('/api/sign-in-exp', { schema: { response: { 200: SignInExperienceDetailsSchema } } }, async (request) =>
    toSignInExperienceDetails(await getSignInExperience(db, request.tenantId)),
  );

  app.patch(
    '/api/sign-in-exp',
    { schema: { body: UpdateSignInExperienceBodySchema, response: { 200: SignInExperienceDetailsSchema } } },
    async (request) => {
      const { tenantId, body } = request;
      const updated = await changeSignInExperience(db, tenantId, body);
      await logManagementChange(db, tenantId, 'ManagementApi.UpdateSignInExp', request, { fields: Object.keys(body) });
      return toSignInExperienceDetails(updated);
    },
  );
}
