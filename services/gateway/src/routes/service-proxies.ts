import type { IncomingHttpHeaders } from 'node:http';
import httpProxy from '@fastify/http-proxy';
import { RequestError } from '@idp/errors';
import { defaultBodyLimit, internalSecretHeader, tenantHeader, type App } from '@idp/server-kit';
import { isUploadRoute, uploadBodyLimit, userAssetsPathPrefix } from '@idp/user-assets/limits';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { instanceAddresses, UpstreamInstances, type InstanceTimeouts } from './upstream-instances.ts';

export type Upstreams = { oidc: string; managementApi: string; experienceApi: string; accountApi: string };
export type UpstreamSockets = Partial<Upstreams>;

/**
 * Where proxied requests to a service go: its Unix sockets when it has them, else its URLs (either
 * may list several instances, comma-separated).
 */
export const proxyTarget = (url: string, socket: string | undefined) =>
  socket
    ? instanceAddresses(socket)
        .map((path) => `unix+http://${encodeURIComponent(path)}`)
        .join(',')
    : url;

// The route table of DESIGN.md: the most specific prefix wins, so `/api/experience` reaches the
// experience service while any other `/api` path falls to the management API.
export const serviceRoutes = (upstreams: Upstreams, sockets: UpstreamSockets = {}) => [
  { prefix: '/oidc', upstream: proxyTarget(upstreams.oidc, sockets.oidc) },
  { prefix: '/api/experience', upstream: proxyTarget(upstreams.experienceApi, sockets.experienceApi) },
  // Each service describes its own routes: these two documents come from the services they describe.
  { prefix: '/api/.well-known/experience.openapi.json', upstream: proxyTarget(upstreams.experienceApi, sockets.experienceApi) },
  { prefix: '/api/.well-known/user.openapi.json', upstream: proxyTarget(upstreams.accountApi, sockets.accountApi) },
  // Logto's consent API (GET/POST /api/interaction/consent) belongs to the sign-in experience.
  { prefix: '/api/interaction', upstream: proxyTarget(upstreams.experienceApi, sockets.experienceApi) },
  { prefix: '/api/my-account', upstream: proxyTarget(upstreams.accountApi, sockets.accountApi) },
  { prefix: '/api/verifications', upstream: proxyTarget(upstreams.accountApi, sockets.accountApi) },
  // Uploaded avatars and logos in the local folder, on each tenant's own endpoint (with S3 they
  // are the bucket's URLs and never come here).
  { prefix: userAssetsPathPrefix, upstream: proxyTarget(upstreams.accountApi, sockets.accountApi) },
  { prefix: '/api', upstream: proxyTarget(upstreams.managementApi, sockets.managementApi) },
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
  // One pass over the client's headers, on every proxied request: only names starting with "x"
  // can be ours, so the others are copied without a second look.
  const kept: IncomingHttpHeaders = {};
  for (const name in headers) {
    if (
      (name.charCodeAt(0) | 0x20) === 0x78 &&
      name.length >= internalHeaderPrefix.length &&
      name.slice(0, internalHeaderPrefix.length).toLowerCase() === internalHeaderPrefix
    ) {
      continue;
    }
    kept[name] = headers[name];
  }
  // Whom to believe is Fastify's trustProxy (TRUST_PROXY): `request.ips` walks from the socket peer
  // back through the trusted proxies to the first address that is not one, the client, and
  // `request.protocol`/`request.host` follow X-Forwarded-Proto/-Host only from a trusted peer.
  // Without trust, `ips` is undefined: the socket peer is the client, the listener's scheme and
  // the Host header are the public ones.
  const ips = request.ips;
  const clientIp = ips ? ips[ips.length - 1] : request.socket.remoteAddress;
  let priorFor = headers['x-forwarded-for'] === undefined ? undefined : String(headers['x-forwarded-for']);
  if (ips && priorFor) {
    // The trusted hops' entries are replaced by the address they vouched for; what came before
    // is the client's own unverified claim, passed on as it was.
    const entries = priorFor.split(',');
    priorFor = entries.slice(0, Math.max(0, entries.length - (ips.length - 1))).join(',') || undefined;
  }
  kept[tenantHeader] = tenantId;
  kept[internalSecretHeader] = internalSecret;
  kept['x-request-id'] = request.id;
  kept['x-forwarded-host'] = ips ? request.host : request.headers.host;
  kept['x-forwarded-proto'] = request.protocol;
  // Services take the last entry as the client's address: always the one decided here.
  kept['x-forwarded-for'] = priorFor ? (clientIp ? `${priorFor}, ${clientIp}` : priorFor) : (clientIp ?? '');
  return kept;
}

/**
 * A client that hung up before its answer came: nothing to answer, nothing wrong with the stack.
 * (Not `request.raw.destroyed`: a request whose body was read whole is destroyed too.)
 */
const clientWentAway = (request: FastifyRequest, reply: FastifyReply) =>
  reply.raw.destroyed || !reply.raw.writable || request.raw.socket.destroyed;

// reply-from wraps the dispatcher's error; the original one says what went wrong where.
function upstreamFailure(error: Error): RequestError {
  const cause = (error as { cause?: unknown }).cause ?? error;
  if (cause instanceof RequestError) return cause;
  const code = (cause as { code?: string }).code ?? (error as { code?: string }).code;
  // Nothing reached an instance: none is up (or all refused), which is temporary.
  if (code === 'ECONNREFUSED' || code === 'ENOENT' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'EADDRNOTAVAIL') {
    return new RequestError('request.service_unavailable');
  }
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || (error as { statusCode?: number }).statusCode === 504) {
    return new RequestError('request.gateway_timeout');
  }
  return new RequestError('request.bad_gateway');
}

const bodyLimitOf = (request: FastifyRequest) => (isUploadRoute(request.method, request.url) ? uploadBodyLimit : defaultBodyLimit);

// Bodies stream through unparsed, so a service would refuse an oversized one only mid-upload and
// the client would see a broken connection; the declared length is refused here instead.
// Uploads may be as large as a file may be; the service then holds the file to its own limit.
export function registerBodyLengthCheck(app: App): void {
  app.addHook('onRequest', (request, _reply, done) => {
    const length = request.headers['content-length'];
    if (length !== undefined && Number(length) > bodyLimitOf(request)) {
      done(new RequestError('request.payload_too_large'));
      return;
    }
    done();
  });
}

export function registerServiceProxies(
  app: App,
  options: { upstreams: Upstreams; sockets?: UpstreamSockets; tenantId: string; internalSecret: string; timeouts: InstanceTimeouts },
): void {
  registerBodyLengthCheck(app);
  app.register(async (proxies) => {
    // A client that disconnects mid-request (a load generator stopping, a closed tab) aborts the
    // upstream answer's stream; that is routine, not an error of ours: noted at debug level only.
    proxies.setErrorHandler((error, request, reply) => {
      if (clientWentAway(request, reply) || (error as { code?: string }).code === 'UND_ERR_ABORTED') {
        request.log.debug({ err: error }, 'client went away before its answer');
        if (!reply.raw.destroyed) reply.raw.destroy();
        return;
      }
      throw error;
    });
    // One set of instances per service, shared by its prefixes.
    const services = new Map<string, UpstreamInstances>();
    proxies.addHook('onClose', async () => {
      await Promise.all([...services.values()].map(async (instances) => instances.close()));
    });
    for (const { prefix, upstream } of serviceRoutes(options.upstreams, options.sockets)) {
      let instances = services.get(upstream);
      if (!instances) {
        instances = new UpstreamInstances(instanceAddresses(upstream), options.timeouts);
        services.set(upstream, instances);
      }
      proxies.register(httpProxy, {
        // Only names the service in the URLs reply-from builds; `undici` decides where requests go.
        upstream: upstream.startsWith('http') ? instanceAddresses(upstream)[0]! : 'http://localhost',
        undici: instances as never,
        // The instances retry what is safe to retry, on another instance and within the deadline.
        retryMethods: [],
        prefix,
        rewritePrefix: prefix,
        // Two info-level lines per proxied request otherwise (filtered out at the usual level, but
        // still a call each on the hot path).
        disableRequestLogging: true,
        replyOptions: {
          rewriteRequestHeaders: (request, headers) =>
            forwardedHeaders(request as FastifyRequest, headers as IncomingHttpHeaders, options.tenantId, options.internalSecret),
          onError: (reply, { error }) => {
            if (clientWentAway(reply.request as FastifyRequest, reply as FastifyReply)) {
              reply.log.debug({ err: error, upstream }, 'client went away before its answer');
              return;
            }
            const failure = upstreamFailure(error);
            reply.log.warn({ err: error, upstream, code: failure.code }, 'upstream failed');
            void reply.status(failure.status).send(failure.toBody());
          },
        },
      });
    }
  });
}
