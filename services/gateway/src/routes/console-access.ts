// How the admin console, served on the admin endpoint, reaches the Management API of tenant
// `default`, as Logto's does: it asks the admin endpoint where that tenant's users are served
// (`GET /api/.well-known/endpoints/:tenantId` → `{ user }`) and then calls `<user>/api/...` with a
// bearer token the admin tenant issued. The user endpoint therefore answers CORS for the admin
// endpoint's origin on its Management API paths, and for no other origin; the console's pages name
// the user endpoint in their connect-src (its `connects` in app.ts).
import { RequestError } from '@idp/errors';
import type { App } from '@idp/server-kit';
import { Type } from 'typebox';

export type ConsoleAccessOptions = {
  /** The tenant this listener serves. */
  tenantId: string;
  /** The user endpoint (tenant `default`). */
  endpoint: string;
  /** The admin endpoint, whose console calls the user endpoint's Management API. */
  adminEndpoint: string;
};

// Paths of the user endpoint that belong to other services: the experience and account APIs are
// called by the sign-in UI on its own origin, never by the console.
const notForTheConsole = ['/api/experience', '/api/interaction', '/api/my-account', '/api/verifications'];
const isManagementApiPath = (path: string) =>
  path.startsWith('/api/') && !notForTheConsole.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));

const allowedMethods = 'GET, POST, PUT, PATCH, DELETE';
// Pagination's total and the request id are read by the console; browsers hide other headers.
const exposedHeaders = 'Total-Number, X-Request-Id';

export function registerConsoleAccess(app: App, options: ConsoleAccessOptions): void {
  if (options.tenantId === 'admin') {
    const userEndpoint = new URL(options.endpoint).toString();
    app.get(
      '/api/.well-known/endpoints/:tenantId',
      { schema: { params: Type.Object({ tenantId: Type.String({ minLength: 1, maxLength: 21 }) }) } },
      async (request) => {
        // One user tenant is served today, on ENDPOINT; the admin tenant is not a user tenant.
        if (request.params.tenantId !== 'default') {
          throw new RequestError('entity.not_found', { message: 'No such tenant.', data: { tenantId: request.params.tenantId } });
        }
        return { user: userEndpoint };
      },
    );
    return;
  }

  // A few headers on one prefix for one origin: simpler to state here than to configure a CORS
  // plugin around the proxy's own OPTIONS handling (the preflight must never reach the service).
  const consoleOrigin = new URL(options.adminEndpoint).origin;
  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (request.headers.origin !== consoleOrigin || !isManagementApiPath(path)) return;
    void reply.header('access-control-allow-origin', consoleOrigin).header('vary', 'Origin');
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method']) {
      const requested = request.headers['access-control-request-headers'];
      return reply
        .status(204)
        .header('access-control-allow-methods', allowedMethods)
        .header('access-control-allow-headers', typeof requested === 'string' ? requested : 'authorization, content-type')
        .header('access-control-max-age', '600')
        .send();
    }
    void reply.header('access-control-expose-headers', exposedHeaders);
  });
}
