import { RequestError } from '@idp/errors';
import type { FastifyInstance } from 'fastify';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

// An API that a browser calls with its cookies (the Experience API: the interaction cookie) must not
// act on a request another site's page made it send. Browsers name the page's origin in `Origin` on
// every state-changing fetch; it must be the public origin the request was sent to, as the gateway
// forwards it (X-Forwarded-Proto and -Host). A request without `Origin` is not a browser page's
// (an SDK on a server, curl) and carries no cookie a page could ride on, so it passes.
export function registerSameOriginCheck(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    if (safeMethods.has(request.method)) return;
    const origin = request.headers.origin;
    if (origin === undefined) return;
    const scheme = request.headers['x-forwarded-proto'] ?? request.protocol;
    const host = request.headers['x-forwarded-host'] ?? request.headers.host;
    if (origin !== `${String(scheme)}://${String(host)}`) {
      throw new RequestError('auth.forbidden', { message: 'Requests from another origin are not accepted here.', data: { origin } });
    }
  });
}
