// /api/sign-in-exp: the tenant's sign-in experience (its rules: libraries/sign-in-experience.ts).
import type { Db } from '@idp/db';
import { checkPasswordPolicy, passwordUserInfo } from '@idp/password/policy';
import {
  CaseConflictsQuerySchema,
  CaseConflictsResponseSchema,
  ErrorResponseSchema,
  CheckPasswordBodySchema,
  CheckPasswordFailureSchema,
  CheckPasswordResponseSchema,
  SignInExperienceDetailsSchema,
  UpdateSignInExperienceBodySchema,
} from '@idp/schemas';
import type { App } from '@idp/server-kit';
import { Type } from 'typebox';
import { logManagementChange } from '../libraries/logs.ts';
import { changeSignInExperience, toSignInExperienceDetails } from '../libraries/sign-in-experience.ts';
import { findUsernameCaseConflicts, getSignInExperience } from '../queries/sign-in-experiences.ts';
import { findUser } from '../queries/users.ts';

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

  // Checks a password against the tenant's password policy (and, with `userId`, against that
  // user's profile): 200 `{ result: true }`, or 400 with every broken rule, as Logto answers.
  app.post(
    '/api/sign-in-exp/default/check-password',
    {
      schema: {
        body: CheckPasswordBodySchema,
        response: { 200: CheckPasswordResponseSchema, 400: Type.Union([CheckPasswordFailureSchema, ErrorResponseSchema]) },
      },
    },
    async (request, reply) => {
      const { tenantId, body } = request;
      const [{ passwordPolicy }, user] = await Promise.all([
        getSignInExperience(db, tenantId),
        body.userId ? findUser(db, tenantId, body.userId) : undefined,
      ]);
      const issues = checkPasswordPolicy(body.password, passwordPolicy, user ? passwordUserInfo(user) : []);
      if (issues.length > 0) return reply.status(400).send({ result: false, issues });
      return { result: true as const };
    },
  );

  // Usernames that differ only by case: what blocks switching `usernamePolicy.caseSensitive` off.
  app.get(
    '/api/sign-in-exp/username-policy/case-sensitivity-conflicts',
    { schema: { querystring: CaseConflictsQuerySchema, response: { 200: CaseConflictsResponseSchema } } },
    async (request) => findUsernameCaseConflicts(db, request.tenantId, request.query.limit ?? 20),
  );
}
