// /api/users and /api/users/:userId: a tenant's users, as Logto's Management API manages them.
import type { Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import { hashPassword } from '@idp/password';
import { normalizePhone } from '@idp/phone';
import {
  CreateUserBodySchema,
  PathIdSchema,
  UpdateUserBodySchema,
  UserDetailsQuerySchema,
  UserDetailsResponseSchema,
  UserIdParamsSchema,
  UserResponseSchema,
} from '@idp/schemas';
import type { App } from '@idp/server-kit';
import { Type } from 'typebox';
import { isWebUrl } from '../../libraries/urls.ts';
import { listUsersPage, type UserListIndexCache } from '../../libraries/user-list-index.ts';
import { buildUserSearch, searchParamsOf, withSearchPatterns } from '../../libraries/list-search.ts';
import { createUser, toUserResponse, updateUser } from '../../libraries/users.ts';
import { withHookEvent } from '../../libraries/hook-events.ts';
import { assertNotLastAdministrator, keepingAnAdministrator } from '../../libraries/administrators.ts';
import { deleteUser, findPasswordDigest, findUser } from '../../queries/users.ts';
import { answerPage, PaginationQuery, parsePage } from '../pagination.ts';

/** In Logto's bodies '' clears a field, as null does. */
const cleared = <T extends string>(value: T | '' | null | undefined): T | null | undefined => (value === '' ? null : value);

/** An avatar is shown by browsers: only a web URL (typebox's schema has no URL format to lean on). */
function checkAvatar(value: string | null | undefined): string | null | undefined {
  const avatar = cleared(value);
  if (avatar && !isWebUrl(avatar)) {
    throw new RequestError('guard.invalid_input', { message: '`avatar` must be an http(s) URL.', data: { field: 'avatar' } });
  }
  return avatar;
}

/** A phone number is stored in its one normalised form (Logto's), so one person is never two users. */
function checkPhone(value: string | null | undefined): string | null | undefined {
  const phone = cleared(value);
  if (!phone) return phone;
  const normalised = normalizePhone(phone);
  if (!normalised) {
    throw new RequestError('guard.invalid_input', { message: '`primaryPhone` is not a phone number.', data: { field: 'primaryPhone' } });
  }
  return normalised;
}

/** Logto's reading of a yes/no switch in a query. */
const isYes = (value: string | undefined) => value !== undefined && ['1', 'true', 'y', 'yes', 'yep', 'yeah'].includes(value.toLowerCase());

export function registerUserCoreRoutes(app: App, { db, userLists }: { db: Db; userLists: UserListIndexCache }): void {
  app.get(
    '/api/users',
    {
      schema: {
        querystring: Type.Object({
          ...PaginationQuery,
          search: Type.Optional(
            Type.Union([Type.String(), Type.Array(Type.String())], {
              description:
                'Matches id, username, primaryEmail, primaryPhone or name; `search.<field>`, `mode`, `joint` and `isCaseSensitive` as in Logto.',
            }),
          ),
          excludeRoleId: Type.Optional(PathIdSchema),
        }),
        response: { 200: Type.Array(UserResponseSchema) },
      },
    },
    async (request, reply) => {
      const page = parsePage(request.query);
      // Repeated and dotted keys (`search.name`) are read from the query string itself.
      const search = buildUserSearch(searchParamsOf(request.url));
      const { excludeRoleId } = request.query;
      const users = await withSearchPatterns(() => listUsersPage(db, request.tenantId, { search, excludeRoleId }, page, userLists));
      return answerPage(reply, users, toUserResponse);
    },
  );

  app.post('/api/users', { schema: { body: CreateUserBodySchema, response: { 200: UserResponseSchema } } }, async (request) => {
    const { password, passwordDigest, passwordAlgorithm, avatar, primaryPhone, ...rest } = request.body;
    if (password !== undefined && passwordDigest !== undefined) throw new RequestError('user.password_and_digest');
    if (passwordDigest !== undefined && passwordAlgorithm === undefined) throw new RequestError('user.password_algorithm_required');
    const checked = { avatar: checkAvatar(avatar), primaryPhone: checkPhone(primaryPhone) }; // before spending a hash
    const digest =
      password !== undefined
        ? await hashPassword(password)
        : passwordDigest !== undefined && passwordAlgorithm !== undefined
          ? { passwordEncrypted: passwordDigest, passwordEncryptionMethod: passwordAlgorithm }
          : {};
    // The password's age counts from now, for the password expiration policy.
    const passwordUpdatedAt = 'passwordEncrypted' in digest ? new Date() : undefined;
    const values = { ...rest, ...checked, ...digest, passwordUpdatedAt };
    const user = await withHookEvent(db, request, 'User.Created', (tx) => createUser(tx, request.tenantId, values), toUserResponse);
    return toUserResponse(user);
  });

  app.get(
    '/api/users/:userId',
    {
      schema: {
        params: UserIdParamsSchema,
        querystring: UserDetailsQuerySchema,
        response: { 200: UserDetailsResponseSchema },
      },
    },
    async (request) => {
      const { tenantId } = request;
      const { userId } = request.params;
      const user = toUserResponse(await findUser(db, tenantId, userId));
      const { includePasswordHash, includeSsoIdentities } = request.query;
      const digest = isYes(includePasswordHash) ? await findPasswordDigest(db, tenantId, userId) : undefined;
      return {
        ...user,
        ...(digest ? { passwordDigest: digest.passwordEncrypted, passwordAlgorithm: digest.passwordEncryptionMethod } : {}),
        // Enterprise SSO is not offered here, so nobody has an SSO identity.
        ...(isYes(includeSsoIdentities) ? { ssoIdentities: [] } : {}),
      };
    },
  );

  app.patch(
    '/api/users/:userId',
    { schema: { params: UserIdParamsSchema, body: UpdateUserBodySchema, response: { 200: UserResponseSchema } } },
    async (request) => {
      const { username, primaryEmail, primaryPhone, name, avatar, customData, profile } = request.body;
      if (Object.keys(request.body).length === 0) {
        throw new RequestError('guard.invalid_input', { message: 'The request body names nothing to update.' });
      }
      const values = {
        username: cleared(username),
        primaryEmail: cleared(primaryEmail),
        primaryPhone: checkPhone(primaryPhone),
        name: cleared(name),
        avatar: checkAvatar(avatar),
        customData,
        profile,
      };
      // Fields left out stay undefined, which the update leaves as they are.
      const { tenantId } = request;
      const user = await withHookEvent(
        db,
        request,
        'User.Data.Updated',
        (tx) => updateUser(tx, tenantId, request.params.userId, values),
        toUserResponse,
      );
      return toUserResponse(user);
    },
  );

  app.delete('/api/users/:userId', { schema: { params: UserIdParamsSchema } }, async (request, reply) => {
    const { userId } = request.params;
    const { tenantId } = request;
    if (request.auth.type === 'user' && request.auth.id === userId) {
      // The last administrator learns why they in particular cannot go.
      await assertNotLastAdministrator(db, tenantId, userId);
      throw new RequestError('user.cannot_delete_self');
    }
    await withHookEvent(
      db,
      request,
      'User.Deleted',
      (tx) =>
        keepingAnAdministrator(tx, tenantId, async (tx) => {
          const user = await findUser(tx, tenantId, userId);
          await deleteUser(tx, tenantId, userId);
          return user;
        }),
      toUserResponse,
    );
    return reply.status(204).send();
  });
}
