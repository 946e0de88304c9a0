// /api/my-account: the signed-in user reads and edits their own profile, and changes their password.
import type { Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import { hashPassword } from '@idp/password';
import { assertPasswordAllowed, passwordUserInfo } from '@idp/password/policy';
import {
  MyAccountSchema,
  MyLogtoConfigsSchema,
  MyMfaSettingsSchema,
  MyPasswordBodySchema,
  MyProfileSchema,
  UpdateMyAccountBodySchema,
  UpdateMyLogtoConfigsBodySchema,
  UpdateMyMfaSettingsBodySchema,
  UpdateMyProfileBodySchema,
} from '@idp/schemas';
import { withConstraintCodes, type App } from '@idp/server-kit';
import type { AccessTokenResolver } from '../libraries/access-tokens.ts';
import { updateMyUser } from '../libraries/hook-events.ts';
import { mergeLogtoConfigs, toMyAccount, toMyLogtoConfigs, userScopes } from '../libraries/profile.ts';
import { spendIdentityProof } from '../libraries/verification.ts';
import { requireEditable, requireReadable, requireScope } from '../plugins/authentication.ts';
import { findSignUpAndPasswordPolicy } from '../queries/settings.ts';
import { isIdentifierTaken, lockUser } from '../queries/users.ts';
import { userConstraintCodes, verificationIdOf } from './header.ts';

export function registerMyAccountRoutes(app: App, { db, tokens }: { db: Db; tokens: AccessTokenResolver }): void {
  app.get('/api/my-account', { schema: { response: { 200: MyAccountSchema } } }, async (request) =>
    toMyAccount(request.user, request.account.scopes, request.accountCenter),
  );

  app.patch('/api/my-account', { schema: { body: UpdateMyAccountBodySchema, response: { 200: MyAccountSchema } } }, async (request) => {
    const { tenantId, body, account } = request;
    const { name, avatar, username, customData } = body;
    if (name !== undefined) requireEditable(request, 'name');
    if (avatar !== undefined) requireEditable(request, 'avatar');
    if (username !== undefined) requireEditable(request, 'username');
    if (customData !== undefined) requireEditable(request, 'customData');
    requireScope(request, userScopes.profile);
    if (customData !== undefined) requireScope(request, userScopes.customData);
    const set = {
      ...(name === undefined ? {} : { name }),
      ...(avatar === undefined ? {} : { avatar }),
      ...(username === undefined ? {} : { username }),
      ...(customData === undefined ? {} : { customData }),
    };
    const user = await withConstraintCodes(
      () =>
        db.transaction(async (tx) => {
          // A username is a sign-in identifier: changing it needs proof of identity, as in Logto.
          if (username !== undefined) await spendIdentityProof(tx, tenantId, account.userId, verificationIdOf(request));
          if (typeof username === 'string' && (await isIdentifierTaken(tx, tenantId, account.userId, { username }))) {
            throw new RequestError('user.username_already_in_use');
          }
          return Object.keys(set).length === 0 ? request.user : updateMyUser(tx, request, set);
        }),
      userConstraintCodes,
    );
    return toMyAccount(user, account.scopes, request.accountCenter);
  });

  app.patch(
    '/api/my-account/profile',
    { schema: { body: UpdateMyProfileBodySchema, response: { 200: MyProfileSchema } } },
    async (request) => {
      const { tenantId, body, account } = request;
      requireEditable(request, 'profile');
      requireScope(request, userScopes.profile);
      if (body.address !== undefined) requireScope(request, userScopes.address);
      const user = await db.transaction(async (tx) => {
        const current = await lockUser(tx, tenantId, account.userId);
        return updateMyUser(tx, request, { profile: { ...current.profile, ...body } });
      });
      return user.profile;
    },
  );

  app.get('/api/my-account/logto-configs', { schema: { response: { 200: MyLogtoConfigsSchema } } }, async (request) => {
    requireScope(request, userScopes.identities);
    requireReadable(request, 'mfa');
    return toMyLogtoConfigs(request.user.logtoConfig);
  });

  app.patch(
    '/api/my-account/logto-configs',
    { schema: { body: UpdateMyLogtoConfigsBodySchema, response: { 200: MyLogtoConfigsSchema } } },
    async (request) => {
      const { tenantId, body, account } = request;
      requireScope(request, userScopes.identities);
      requireEditable(request, 'mfa');
      const user = await db.transaction(async (tx) => {
        // Read under a row lock: two changes at once both keep what the other wrote.
        const current = await lockUser(tx, tenantId, account.userId);
        return updateMyUser(tx, request, { logtoConfig: mergeLogtoConfigs(current.logtoConfig, body) });
      });
      return toMyLogtoConfigs(user.logtoConfig);
    },
  );

  // Whether a user with MFA set up is asked for it at sign-in (kept in logtoConfig.mfa).
  app.get('/api/my-account/mfa-settings', { schema: { response: { 200: MyMfaSettingsSchema } } }, async (request) => {
    requireScope(request, userScopes.identities);
    requireReadable(request, 'mfa');
    return { skipMfaOnSignIn: toMyLogtoConfigs(request.user.logtoConfig).mfa.skipMfaOnSignIn };
  });

  app.patch(
    '/api/my-account/mfa-settings',
    { schema: { body: UpdateMyMfaSettingsBodySchema, response: { 200: MyMfaSettingsSchema } } },
    async (request) => {
      const { tenantId, body, account } = request;
      requireScope(request, userScopes.identities);
      requireEditable(request, 'mfa');
      // Weakening sign-in needs proof of identity, as in Logto.
      const user = await db.transaction(async (tx) => {
        await spendIdentityProof(tx, tenantId, account.userId, verificationIdOf(request));
        const current = await lockUser(tx, tenantId, account.userId);
        return updateMyUser(tx, request, { logtoConfig: mergeLogtoConfigs(current.logtoConfig, { mfa: body }) });
      });
      return { skipMfaOnSignIn: toMyLogtoConfigs(user.logtoConfig).mfa.skipMfaOnSignIn };
    },
  );

  app.post('/api/my-account/password', { schema: { body: MyPasswordBodySchema } }, async (request, reply) => {
    const { tenantId, body, account, user } = request;
    requireEditable(request, 'password');
    const { passwordPolicy } = await findSignUpAndPasswordPolicy(db, tenantId);
    // The sign-in experience's whole policy, as at registration: breached lists, the user's own details, repetitions.
    assertPasswordAllowed(body.password, passwordPolicy, passwordUserInfo(user));
    const digest = await hashPassword(body.password);
    await db.transaction(async (tx) => {
      // A user with a way to prove who they are must use it; one with none (a social-only account) sets a first password.
      if (user.passwordEncrypted || user.primaryEmail || user.primaryPhone) {
        await spendIdentityProof(tx, tenantId, account.userId, verificationIdOf(request));
      }
      await updateMyUser(tx, request, { ...digest, passwordUpdatedAt: new Date() });
    });
    // Whoever knew the old password is signed out everywhere else; this sign-in stays.
    // (A grant id never matches '-': a token without one keeps nothing.)
    await tokens.endOtherSessions(tenantId, account.userId, account.grantId ?? '-');
    return reply.status(204).send();
  });
}
