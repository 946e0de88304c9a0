import type { IncomingHttpHeaders } from 'node:http';
import httpProxy from '@fastify/http-proxy';
import { RequestError } from '@idp/errors';
import { defaultBodyLimit, internalSecretHeader, tenantHeader, type App } from '@idp/server-kit';
import type { FastifyRequest } from 'fastify';

export type Upstreams = { oidc: string; managementApi: string; experienceApi: string; accountApi: string };

// The route table of DESIGN.md: the most specific prefix wins, so `/api/experience` reaches the
// experience service while any other `/api` path falls to the management API.
export const serviceRoutes = (upstreams: Upstreams) => [
  { prefix: '/oidc', upstream: upstreams.oidc },
  { prefix: '/api/experience', upstream: upstreams.experienceApi },
  { prefix: '/api/my-account', upstream: upstreams.accountApi },
  { prefix: '/api/verifications', upstream: upstreams.accountApi },
  { prefix: '/api', upstream: upstreams.managementApi },
];

const internalHeaderPrefix = 'x-idp-';

// Builds the headers a service receives: whatever the client sent under our internal prefix is
// dropped, then the gateway's own tenant and secret are added, with the forwarding headers the OIDC
// provider needs to build its public URLs.
export function forwardedHeaders(
  request: FastifyRequest,
  headers: IncomingHttpHeaders,
  tenantId: string,
  internalSecret: string,
): IncomingHttpHeaders {
  const kept: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!name.toLowerCase().startsWith(internalHeaderPrefix)) {
      kept[name] = value;
    }
  }
  const clientIp = request.socket.remoteAddress;
  const priorFor = headers['x-forwarded-for'];
  return {
    ...kept,
    [tenantHeader]: tenantId,
    [internalSecretHeader]: internalSecret,
    'x-request-id': request.id,
    'x-forwarded-host': request.headers.host,
    'x-forwarded-proto': request.protocol,
    'x-forwarded-for': [priorFor, clientIp].filter(Boolean).join(', '),
  };
}

export function registerServiceProxies(
  app: App,
  options: { upstreams: Upstreams; tenantId: string; internalSecret: string },
): void {
  // Bodies stream through unparsed, so a service would refuse an oversized one only mid-upload and
  // the client would see a broken connection; the declared length is refused here instead.
  app.addHook('onRequest', async (request) => {
    if (Number(request.headers['content-length'] ?? 0) > defaultBodyLimit) {
      throw new RequestError('request.payload_too_large');
    }
  });
  for (const { prefix, upstream } of serviceRoutes(options.upstreams)) {
    app.register(httpProxy, {
      upstream,
      prefix,
      rewritePrefix: prefix,
      replyOptions: {
        rewriteRequestHeaders: (request, headers) =>
          forwardedHeaders(request as FastifyRequest, headers as IncomingHttpHeaders, options.tenantId, options.internalSecret),
        onError: (reply, { error }) => {
          reply.log.warn({ err: error, upstream }, 'upstream unreachable');
          const unavailable = new RequestError('request.service_unavailable');
          void reply.status(unavailable.status).send(unavailable.toBody());
        },
      },
    });
  }
}
