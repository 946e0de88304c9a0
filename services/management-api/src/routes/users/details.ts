// One user's password, suspension, custom data, profile and MFA factors (social identities: identities.ts).
import type { Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import {
  JsonObjectSchema,
  UserCustomDataBodySchema,
  UserIdParamsSchema,
  UserMfaVerificationParamsSchema,
  UserMfaVerificationResponseSchema,
  UserPasswordBodySchema,
  UserProfileBodySchema,
  UserProfileSchema,
  UserResponseSchema,
  UserSuspensionBodySchema,
  users,
} from '@idp/schemas';
import type { App } from '@idp/server-kit';
import { Type } from 'typebox';
import {
  checkPassword,
  deleteMfaVerification,
  listMfaVerifications,
  setPassword,
  toUserResponse,
  updateUser,
} from '../../libraries/users.ts';
import { findUser, mergeJson } from '../../queries/users.ts';
import { withHookEvent } from '../../libraries/hook-events.ts';
import { keepingAnAdministrator } from '../../libraries/administrators.ts';

export function registerUserDetailRoutes(app: App, { db }: { db: Db }): void {
  app.patch(
    '/api/users/:userId/password',
    { schema: { params: UserIdParamsSchema, body: UserPasswordBodySchema, response: { 200: UserResponseSchema } } },
    async (request) =>
      toUserResponse(
        await withHookEvent(
          db,
          request,
          'User.Data.Updated',
          (tx) => setPassword(tx, request.tenantId, request.params.userId, request.body.password),
          toUserResponse,
        ),
      ),
  );

  app.post(
    '/api/users/:userId/password/verify',
    { schema: { params: UserIdParamsSchema, body: UserPasswordBodySchema } },
    async (request, reply) => {
      // No password set is the same answer as a wrong one (as in Logto).
      if (!(await checkPassword(db, request.tenantId, request.params.userId, request.body.password))) {
        throw new RequestError('session.invalid_credentials');
      }
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/users/:userId/has-password',
    { schema: { params: UserIdParamsSchema, response: { 200: Type.Object({ hasPassword: Type.Boolean() }) } } },
    async (request) => ({ hasPassword: (await findUser(db, request.tenantId, request.params.userId)).hasPassword }),
  );

  app.patch(
    '/api/users/:userId/is-suspended',
    { schema: { params: UserIdParamsSchema, body: UserSuspensionBodySchema, response: { 200: UserResponseSchema } } },
    // The OP looks the flag up on every token, refresh and userinfo request, so a suspension takes
    // effect at once without this service reaching into the OP's sessions.
    async (request) =>
      toUserResponse(
        await withHookEvent(
          db,
          request,
          'User.SuspensionStatus.Updated',
          (tx) =>
            keepingAnAdministrator(tx, request.tenantId, (tx) =>
              updateUser(tx, request.tenantId, request.params.userId, { isSuspended: request.body.isSuspended }),
            ),
          toUserResponse,
        ),
      ),
  );

  app.get(
    '/api/users/:userId/custom-data',
    { schema: { params: UserIdParamsSchema, response: { 200: JsonObjectSchema } } },
    async (request) => (await findUser(db, request.tenantId, request.params.userId)).customData,
  );

  // The two PATCHes below merge top-level keys into what is stored; PATCH /api/users/:userId replaces.
  app.patch(
    '/api/users/:userId/custom-data',
    { schema: { params: UserIdParamsSchema, body: UserCustomDataBodySchema, response: { 200: JsonObjectSchema } } },
    async (request) => {
      const { customData } = request.body;
      const change = (tx: Db) =>
        updateUser(tx, request.tenantId, request.params.userId, { customData: mergeJson(users.customData, customData) });
      return (await withHookEvent(db, request, 'User.Data.Updated', change, toUserResponse)).customData;
    },
  );

  app.patch(
    '/api/users/:userId/profile',
    { schema: { params: UserIdParamsSchema, body: UserProfileBodySchema, response: { 200: UserProfileSchema } } },
    async (request) => {
      const { profile } = request.body;
      const change = (tx: Db) => updateUser(tx, request.tenantId, request.params.userId, { profile: mergeJson(users.profile, profile) });
      return (await withHookEvent(db, request, 'User.Data.Updated', change, toUserResponse)).profile;
    },
  );

  app.get(
    '/api/users/:userId/mfa-verifications',
    { schema: { params: UserIdParamsSchema, response: { 200: Type.Array(UserMfaVerificationResponseSchema) } } },
    async (request) => listMfaVerifications(db, request.tenantId, request.params.userId),
  );

  app.delete(
    '/api/users/:userId/mfa-verifications/:verificationId',
    { schema: { params: UserMfaVerificationParamsSchema } },
    async (request, reply) => {
      await deleteMfaVerification(db, request.tenantId, request.params.userId, request.params.verificationId);
      return reply.status(204).send();
    },
  );
}
