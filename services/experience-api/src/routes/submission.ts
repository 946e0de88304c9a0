import { RequestError } from '@idp/errors';
import { appendHookEvent, hookUser } from '@idp/hook-events';
import { hashPassword, verifyPassword } from '@idp/password';
import { closedObject, ExperiencePasswordSchema, ProfileBodySchema, SubmitResponseSchema, type JsonObject, type User } from '@idp/schemas';
import type { App } from '@idp/server-kit';
import { Type } from 'typebox';
import { findRecord, fromRecentExperience, interactionCall, loadExperience, overwriteExperience } from '../libraries/context.ts';
import type { ExperienceDeps } from '../libraries/deps.ts';
import {
  addRecordToProfile,
  assertEventAllowed,
  assertForgotPasswordMethod,
  assertSignInMethodEnabled,
  createUserFromProfile,
  linkSocialIdentity,
  missingProfile,
  userOfRecord,
} from '../libraries/identify.ts';
import { assertPasswordAllowed, passwordUserInfo } from '@idp/password/policy';
import { withOrganizationMfa } from '../libraries/organization-mfa.ts';
import type { PendingMfa } from '../libraries/state.ts';
import { assertMfaSatisfied, withPendingMfa } from '../mfa/policy.ts';
import { mayHaveSubscribers } from '../queries/hook-subscriptions.ts';
import { findSignInExperience } from '../queries/sign-in-experience.ts';
import { assertIdentifierFree, findUserById, updateUser } from '../queries/users.ts';

const verificationTypes = [
  'Password',
  'EmailVerificationCode',
  'PhoneVerificationCode',
  'NewPasswordIdentity',
  'Social',
  'SignInPasskey',
] as const;

type MfaSettings = { skipped?: boolean; enabled?: boolean; suggestionSkipped?: boolean };

/** The user's stored MFA choices, with those made in this interaction. */
function withMfaChoices(logtoConfig: JsonObject, pending: PendingMfa | undefined): JsonObject {
  if (!pending || !(pending.skipped || pending.enabled || pending.suggestionSkipped || pending.passkeySkipped)) return logtoConfig;
  const mfa = { ...(logtoConfig.mfa as MfaSettings | undefined) };
  if (pending.skipped) mfa.skipped = true;
  if (pending.enabled) mfa.enabled = true;
  if (pending.suggestionSkipped) mfa.suggestionSkipped = true;
  const passkeySignIn = pending.passkeySkipped
    ? { ...(logtoConfig.passkeySignIn as JsonObject | undefined), skipped: true }
    : logtoConfig.passkeySignIn;
  return { ...logtoConfig, mfa, ...(passkeySignIn ? { passkeySignIn } : {}) };
}

/** What a webhook event learns of the request that caused it (Logto's hook context). */
function hookContext(request: { headers: Record<string, unknown>; ip: string }): JsonObject {
  const userAgent = request.headers['user-agent'];
  return { ...(typeof userAgent === 'string' ? { userAgent } : {}), userIp: request.ip };
}

/** Logto's interaction event payload: who, through which app, from where. */
function interactionPayload(
  request: { headers: Record<string, unknown>; ip: string },
  interactionEvent: string,
  user: User,
  experience: { details: { params: Record<string, unknown> } },
): JsonObject {
  const applicationId = String(experience.details.params.client_id ?? '') || undefined;
  return { ...hookContext(request), interactionEvent, userId: user.id, user: hookUser(user), ...(applicationId ? { applicationId } : {}) };
}

const skippedMfa = (user: User) => Boolean((user.logtoConfig.mfa as MfaSettings | undefined)?.skipped);

export function registerSubmissionRoutes(app: App, deps: ExperienceDeps): void {
  const { db, client } = deps;
  // SignIn / ForgotPassword: find the user a verification proves. Register: build the profile from
  // it and create the account as soon as the sign-up settings are satisfied. Until an account is
  // created, identification only decides on the state, so a conflict goes to the client, which
  // sends the step again; the profile steps below and the password reset's new password likewise.
  app.post(
    '/api/experience/identification',
    {
      schema: {
        body: closedObject({
          verificationId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
          linkSocialIdentity: Type.Optional(Type.Boolean()),
        }),
      },
    },
    // A sign-in's identification starts from the state its password step just saved, when this
    // process has it (see fromRecentExperience); a registration's from the stored one.
    async (request, reply) =>
      fromRecentExperience(
        async (recent) => {
          const experience = await loadExperience(client, request, undefined, recent);
          const { state } = experience;
          const { tenantId } = request;
          const { verificationId } = request.body;

          if (state.interactionEvent === 'Register') {
            if (state.userId) return reply.status(201).send({}); // already created by an earlier call
            if (verificationId) await addRecordToProfile(db, tenantId, state, findRecord(state, verificationId, verificationTypes));
            // As in Logto, what the record added is kept even when the sign-in mode now refuses.
            const refused = await assertEventAllowed(db, tenantId, 'Register').then(
              () => undefined,
              (error: unknown) => error,
            );
            const missing = refused ? [] : await missingProfile(db, tenantId, state);
            if (refused || missing.length > 0) {
              await experience.save();
              throw refused ?? new RequestError('user.missing_profile', { data: { missingProfile: missing } });
            }
            const user = await createUserFromProfile(
              db,
              tenantId,
              state,
              String(experience.details.params.client_id ?? '') || undefined,
              hookContext(request),
            );
            // The account exists now and must not be stranded by a lost race: re-read and record it.
            await experience.update((current) => {
              if (current.userId && current.userId !== user.id) throw new RequestError('session.identity_conflict');
              current.userId = user.id;
              current.profile = {};
            });
            return reply.status(201).send({});
          }

          if (!verificationId)
            throw new RequestError('guard.invalid_input', { message: '`verificationId` is required to identify a user.' });
          const record = findRecord(state, verificationId, verificationTypes);
          if (state.interactionEvent === 'ForgotPassword') {
            await assertForgotPasswordMethod(db, tenantId, record);
          } else {
            await assertEventAllowed(db, tenantId, 'SignIn');
            await assertSignInMethodEnabled(db, tenantId, record);
          }
          const user =
            request.body.linkSocialIdentity && state.interactionEvent === 'SignIn'
              ? await linkSocialIdentity(db, tenantId, record)
              : await userOfRecord(db, tenantId, record);
          if (state.userId && state.userId !== user.id) throw new RequestError('session.identity_conflict');
          state.userId = user.id;
          await experience.save();
          return reply.status(204).send();
        },
        ['SignIn'],
      ),
  );

  // Adds to the profile of a registration, or fills what a signing-in user's account lacks.
  app.post(
    '/api/experience/profile',
    {
      schema: {
        body: ProfileBodySchema,
      },
    },
    async (request, reply) => {
      const experience = await loadExperience(client, request);
      const { state } = experience;
      const { tenantId } = request;
      if (state.interactionEvent === 'ForgotPassword') {
        throw new RequestError('session.not_supported_for_forgot_password', {
          message: 'A password reset sets its password with PUT /api/experience/profile/password.',
          status: 400,
        });
      }
      const body = request.body;
      if (body.type === 'username') {
        await assertIdentifierFree(db, tenantId, { type: 'username', value: body.value });
        state.profile.username = body.value;
      } else if (body.type === 'password') {
        const { passwordPolicy } = await findSignInExperience(db, tenantId);
        const user = state.userId ? await findUserById(db, tenantId, state.userId) : undefined;
        assertPasswordAllowed(body.value, passwordPolicy, [...passwordUserInfo(state.profile), ...(user ? passwordUserInfo(user) : [])]);
        state.profile.passwordDigest = await hashPassword(body.value);
      } else {
        const types = { email: ['EmailVerificationCode'], phone: ['PhoneVerificationCode'], social: ['Social'] } as const;
        await addRecordToProfile(db, tenantId, state, findRecord(state, body.verificationId, types[body.type]));
      }
      await experience.save();
      return reply.status(204).send();
    },
  );

  // The new password of a password reset, once the user is identified.
  app.put(
    '/api/experience/profile/password',
    { schema: { body: closedObject({ password: ExperiencePasswordSchema }) } },
    async (request, reply) => {
      const experience = await loadExperience(client, request);
      const { state } = experience;
      if (state.interactionEvent !== 'ForgotPassword') {
        throw new RequestError('session.invalid_interaction_type', { message: 'Only a password reset sets a password here.' });
      }
      if (!state.userId) throw new RequestError('session.identifier_not_found');
      const user = await findUserById(db, request.tenantId, state.userId);
      if (!user) throw new RequestError('user.user_not_exist');
      const { passwordPolicy } = await findSignInExperience(db, request.tenantId);
      assertPasswordAllowed(request.body.password, passwordPolicy, passwordUserInfo(user));
      if (await verifyPassword(request.body.password, user)) throw new RequestError('user.same_password');
      state.profile.passwordDigest = await hashPassword(request.body.password);
      await experience.save();
      return reply.status(204).send();
    },
  );

  // Finishes: SignIn and Register hand the user to the OP and answer where the browser goes next;
  // ForgotPassword stores the new password and ends the experience.
  app.post('/api/experience/submit', { schema: { response: { 200: SubmitResponseSchema, 204: Type.Null() } } }, async (request, reply) => {
    const experience = await loadExperience(client, request);
    const { state } = experience;
    const { tenantId } = request;
    if (!state.userId) throw new RequestError('session.identifier_not_found');
    const user = await findUserById(db, tenantId, state.userId);
    if (!user) throw new RequestError('user.user_not_exist');
    if (user.isSuspended) throw new RequestError('user.suspended');

    if (state.interactionEvent === 'ForgotPassword') {
      if (!state.profile.passwordDigest) throw new RequestError('user.new_password_required_in_profile');
      await db.transaction(async (tx) => {
        await updateUser(tx, tenantId, user.id, { ...state.profile.passwordDigest!, passwordUpdatedAt: deps.now() });
        await appendHookEvent(tx, tenantId, 'PostResetPassword', interactionPayload(request, 'ForgotPassword', user, experience));
      });
      // Whoever knew the old password loses their sessions and refresh tokens too.
      await client.revokeAccountSessions(tenantId, user.id);
      // The password is changed: the experience ends whatever another step saved meanwhile.
      await overwriteExperience(client, interactionCall(request), null, experience.details.version);
      return reply.status(204).send(null);
    }

    const mfa = await withOrganizationMfa(db, tenantId, user, (await findSignInExperience(db, tenantId)).mfa);
    assertMfaSatisfied(state, user, mfa, skippedMfa(user));

    const { passwordDigest, username, primaryEmail, primaryPhone, name, avatar } = state.profile;
    const signedIn: Partial<User> = {
      lastSignInAt: new Date(),
      ...(passwordDigest && !user.passwordEncrypted ? { ...passwordDigest, passwordUpdatedAt: deps.now() } : {}),
      ...(username && !user.username ? { username } : {}),
      ...(primaryEmail && !user.primaryEmail ? { primaryEmail } : {}),
      ...(primaryPhone && !user.primaryPhone ? { primaryPhone } : {}),
      ...(name && !user.name ? { name } : {}),
      ...(avatar && !user.avatar ? { avatar } : {}),
      ...(state.mfa
        ? {
            mfaVerifications: withPendingMfa(user.mfaVerifications, state.mfa, deps.now()),
            logtoConfig: withMfaChoices(user.logtoConfig, state.mfa),
          }
        : {}),
    };
    // The sign-in and its webhook event (PostRegister / PostSignIn) are stored together; with no
    // hook to tell, the sign-in alone.
    const event = state.interactionEvent === 'Register' ? 'PostRegister' : 'PostSignIn';
    if (await mayHaveSubscribers(db, tenantId, event)) {
      await db.transaction(async (tx) => {
        await updateUser(tx, tenantId, user.id, signedIn);
        await appendHookEvent(
          tx,
          tenantId,
          event,
          interactionPayload(request, state.interactionEvent, { ...user, ...signedIn }, experience),
        );
      });
    } else {
      await updateUser(db, tenantId, user.id, signedIn);
    }
    // Finishing is conditional on the state this decision read: if another step saved meanwhile
    // (a factor bound, say), the 409 goes to the client, whose next submit decides on the newer
    // state. Storing the profile above again then is harmless.
    const redirectTo = await client.finish(interactionCall(request), {
      login: { accountId: user.id },
      version: experience.details.version,
    });
    return { redirectTo };
  });
}
