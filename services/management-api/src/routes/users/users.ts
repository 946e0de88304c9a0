// /api/users and /api/users/:userId: a tenant's users, as Logto's Management API manages them.
import type { Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import { hashPassword } from '@idp/password';
import { CreateUserBodySchema, PathIdSchema, UpdateUserBodySchema, UserIdParamsSchema, UserResponseSchema } from '@idp/schemas';
import type { App } from '@idp/server-kit';
import { Type } from 'typebox';
import { isWebUrl } from '../../libraries/urls.ts';
import { listUsersPage, type UserListIndexCache } from '../../libraries/user-list-index.ts';
import { buildUserSearch } from '../../libraries/user-search.ts';
import { createUser, toUserResponse, updateUser } from '../../libraries/users.ts';
import { deleteUser, findUser } from '../../queries/users.ts';
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

const queryOf = (url: string) => new URLSearchParams(url.includes('?') ? url.slice(url.indexOf('?') + 1) : '');

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
      const search = buildUserSearch(queryOf(request.url));
      const users = await listUsersPage(db, request.tenantId, { search, excludeRoleId: request.query.excludeRoleId }, page, userLists);
      return answerPage(reply, users, toUserResponse);
    },
  );

  app.post('/api/users', { schema: { body: CreateUserBodySchema, response: { 200: UserResponseSchema } } }, async (request) => {
    const { password, passwordDigest, passwordAlgorithm, avatar, ...rest } = request.body;
    if (password !== undefined && passwordDigest !== undefined) throw new RequestError('user.password_and_digest');
    if (passwordDigest !== undefined && passwordAlgorithm === undefined) throw new RequestError('user.password_algorithm_required');
    const checkedAvatar = checkAvatar(avatar); // before spending a hash on a request that fails anyway
    const digest =
      password !== undefined
        ? await hashPassword(password)
        : passwordDigest !== undefined && passwordAlgorithm !== undefined
          ? { passwordEncrypted: passwordDigest, passwordEncryptionMethod: passwordAlgorithm }
          : {};
    return toUserResponse(await createUser(db, request.tenantId, { ...rest, avatar: checkedAvatar, ...digest }));
  });

  app.get(
    '/api/users/:userId',
    {
      schema: {
        params: UserIdParamsSchema,
        // Logto's switches; SSO identities do not exist here and digests are never returned.
        querystring: Type.Object({ includeSsoIdentities: Type.Optional(Type.String()), includePasswordHash: Type.Optional(Type.String()) }),
        response: { 200: UserResponseSchema },
      },
    },
    async (request) => toUserResponse(await findUser(db, request.tenantId, request.params.userId)),
  );

  app.patch(
    '/api/users/:userId',
    { schema: { params: UserIdParamsSchema, body: UpdateUserBodySchema, response: { 200: UserResponseSchema } } },
    async (request) => {
      const { username, primaryEmail, primaryPhone, name, avatar, customData, profile } = request.body;
      const values = {
        username: cleared(username),
        primaryEmail: cleared(primaryEmail),
        primaryPhone: cleared(primaryPhone),
        name: cleared(name),
        avatar: checkAvatar(avatar),
        customData,
        profile,
      };
      // Fields left out stay undefined, which the update leaves as they are.
      return toUserResponse(await updateUser(db, request.tenantId, request.params.userId, values));
    },
  );

  app.delete('/api/users/:userId', { schema: { params: UserIdParamsSchema } }, async (request, reply) => {
    const { userId } = request.params;
    if (request.auth.type === 'user' && request.auth.id === userId) throw new RequestError('user.cannot_delete_self');
    await deleteUser(db, request.tenantId, userId);
    return reply.status(204).send();
  });
}
