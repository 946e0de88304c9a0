import type { AccessTokenVerifier } from '@idp/access-tokens';
import { adminTenantId, managementApiIndicatorOf, managementApiScope, meApiIndicator } from '@idp/db';
import { RequestError } from '@idp/errors';
import type { App } from '@idp/server-kit';
import type { FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling the Management API: a user id, or an M2M app's client id. */
    auth: { type: 'user' | 'app'; id: string };
  }
}

/** Routes anyone may call: the service status, the API's description, and what the sign-in UI reads before sign-in. */
export const isPublic = (url: string) => url === '/api/status' || url === '/api/swagger.json' || url.startsWith('/api/.well-known/');

/**
 * The admin console's routes for its own signed-in user (Logto's "Me API"): in the admin tenant they
 * take a token for `https://admin.logto.app/me` instead of one for the Management API.
 */
export const isMeRoute = (url: string) => url === '/api/me' || url.startsWith('/api/me/');

const developmentUserHeader = 'development-user-id';

// Every other route needs a JWT for the tenant's Management API resource with scope `all`, issued
// by the tenant's own OP or by the admin tenant's (where the console's administrators sign in).
export function registerAuthentication(app: App, verifier: AccessTokenVerifier, options: { integrationTest: boolean }): void {
  if (options.integrationTest) {
    app.log.warn(`INTEGRATION_TEST is on: a "${developmentUserHeader}" header is accepted instead of an access token`);
  }
  app.decorateRequest('auth', null as unknown as FastifyRequest['auth']);

  // onRequest, before the body is parsed: an anonymous caller learns nothing from how its body is
  // judged, and costs no parsing.
  app.addHook('onRequest', async (request) => {
    const path = request.url.split('?')[0] ?? '';
    // Unknown routes answer 404 whoever asks: they expose nothing.
    if (!request.routeOptions.url || !path.startsWith('/api/') || isPublic(path)) return;

    const developmentUserId = request.headers[developmentUserHeader];
    if (options.integrationTest && typeof developmentUserId === 'string' && developmentUserId !== '') {
      request.auth = { type: 'user', id: developmentUserId };
      return;
    }

    const authorization = request.headers.authorization;
    if (!authorization) throw new RequestError('auth.authorization_header_missing');
    const [scheme, token] = authorization.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) {
      throw new RequestError('auth.unauthorized', { message: 'The authorization header must be `Bearer <token>`.' });
    }
    // Elsewhere than in the admin tenant the Me API does not exist: its routes are guarded like any
    // other and then answer 404.
    const forMe = request.tenantId === adminTenantId && isMeRoute(path);
    const verified = await verifier.verify(token, {
      audience: forMe ? meApiIndicator : managementApiIndicatorOf(request.tenantId),
      trustedTenants: forMe ? [adminTenantId] : [...new Set([request.tenantId, adminTenantId])],
    });
    if (!verified.scopes.has(managementApiScope)) {
      throw new RequestError('auth.forbidden', { message: `The access token lacks the \`${managementApiScope}\` scope.` });
    }
    const isApp = verified.sub === verified.clientId;
    if (forMe && isApp) throw new RequestError('auth.forbidden', { message: 'The Me API is for signed-in users, not applications.' });
    request.auth = { type: isApp ? 'app' : 'user', id: verified.sub };
  });
}
