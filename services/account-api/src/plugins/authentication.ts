// Every /api route of this service needs `Authorization: Bearer <token>`, an opaque access token
// the tenant's own OP issued for itself (no API resource), resolved through the oidc service. A
// missing or unknown token (expired, revoked, another tenant's, a Management API JWT) answers 401;
// a token without `openid` answers 403. Then the account center must be enabled.
import type { Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import type { AccountCenter, AccountCenterFieldName, User } from '@idp/schemas';
import type { App } from '@idp/server-kit';
import type { FastifyRequest } from 'fastify';
import type { AccessTokenResolver } from '../libraries/access-tokens.ts';
import { findAccountCenter } from '../queries/settings.ts';
import { findUser } from '../queries/users.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in end user the token stands for. */
    account: { userId: string; clientId: string; scopes: ReadonlySet<string>; grantId: string | undefined };
    accountCenter: AccountCenter;
    /** The user's row as read when the request began. */
    user: User;
  }
}

export function registerAuthentication(app: App, { db, tokens }: { db: Db; tokens: AccessTokenResolver }): void {
  app.decorateRequest('account', null as unknown as FastifyRequest['account']);
  app.decorateRequest('accountCenter', null as unknown as FastifyRequest['accountCenter']);
  app.decorateRequest('user', null as unknown as FastifyRequest['user']);

  // onRequest, before the body is parsed: an anonymous caller learns nothing from how its body is judged.
  app.addHook('onRequest', async (request) => {
    const path = request.url.split('?')[0] ?? '';
    // Unknown routes answer 404 whoever asks; health routes are not under /api.
    if (!request.routeOptions.url || !path.startsWith('/api/')) return;

    const { authorization } = request.headers;
    if (!authorization) throw new RequestError('auth.authorization_header_missing');
    const [scheme, token, ...rest] = authorization.split(' ');
    if (scheme?.toLowerCase() !== 'bearer') {
      throw new RequestError('auth.authorization_token_type_not_supported', { data: { supportedTypes: ['Bearer'] } });
    }
    if (!token || rest.length > 0) throw new RequestError('auth.unauthorized');
    const info = await tokens.resolve(request.tenantId, token);
    if (!info) throw new RequestError('auth.unauthorized');
    const scopes = new Set(info.scopes);
    if (!scopes.has('openid')) throw new RequestError('auth.forbidden', { message: 'The access token lacks the `openid` scope.' });
    request.account = { userId: info.accountId, clientId: info.clientId, scopes, grantId: info.grantId };

    const [user, accountCenter] = await Promise.all([
      findUser(db, request.tenantId, info.accountId),
      findAccountCenter(db, request.tenantId),
    ]);
    // A token outliving its user (deleted) proves nothing; a suspended user may not act.
    if (!user) throw new RequestError('auth.unauthorized');
    if (user.isSuspended) throw new RequestError('user.suspended');
    request.user = user;
    request.accountCenter = accountCenter;
    if (!accountCenter.enabled) throw new RequestError('account_center.not_enabled');
  });
}

/** 403 `auth.forbidden` unless the token carries the scope. */
export function requireScope(request: FastifyRequest, scope: string): void {
  if (!request.account.scopes.has(scope)) {
    throw new RequestError('auth.forbidden', { message: `The access token lacks the \`${scope}\` scope.` });
  }
}

/** 400 `account_center.field_not_editable` unless the administrator set the field to Edit. */
export function requireEditable(request: FastifyRequest, field: AccountCenterFieldName): void {
  if (request.accountCenter.fields[field] !== 'Edit') {
    throw new RequestError('account_center.field_not_editable', { message: `The ${field} field cannot be changed in the account center.` });
  }
}

/** 400 `account_center.field_not_enabled` unless the field is ReadOnly or Edit. */
export function requireReadable(request: FastifyRequest, field: AccountCenterFieldName): void {
  const control = request.accountCenter.fields[field];
  if (control !== 'ReadOnly' && control !== 'Edit') {
    throw new RequestError('account_center.field_not_enabled', { message: `The ${field} field is not enabled in the account center.` });
  }
}
