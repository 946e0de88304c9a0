// One-process mode: the services' apps live in the gateway's process and the gateway hands each
// request to the right one instead of proxying it over HTTP.
//
// Each service stays its own Fastify instance (an "inner server" that never listens on a port of
// its own), not a plugin of the gateway's: its error handler, body parsers, hooks, draining,
// request ids and `trustProxy: false` are exactly those it has when deployed alone, and nothing of
// the gateway's (its HTML policy hooks, its TRUST_PROXY, its pass-through body parsing) leaks into
// it or back. The hand-off is Fastify's own request handler (`app.routing`) on the very
// IncomingMessage/ServerResponse pair of the client's connection: no second HTTP parse, no copy of
// the body (the gateway never reads it), no upstream connection, which is the whole per-request
// cost of the gateway hop in the other mode.
import type { ServerResponse } from 'node:http';
import { RequestError } from '@idp/errors';
import type { App } from '@idp/server-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { htmlFallbackHeaders } from '../security-headers.ts';
import { forwardedHeaders, registerBodyLengthCheck, serviceRoutes, type Upstreams } from './service-proxies.ts';

export type ServiceKey = keyof Upstreams;

/**
 * The service apps a one-process gateway hands requests to, shared by both listeners. A service may
 * be replaced while the gateway runs (a test restarting an instance); requests go to whichever app
 * is mounted when they arrive, and to a 503 while none is.
 */
export class MountedServices {
  readonly #apps: Partial<Record<ServiceKey, App>> = {};

  get(name: ServiceKey): App | undefined {
    return this.#apps[name];
  }

  /** Readies the app (its plugins load) and sends the service's requests to it from then on. */
  async mount(name: ServiceKey, app: App): Promise<void> {
    await app.ready();
    this.#apps[name] = app;
  }

  unmount(name: ServiceKey): void {
    delete this.#apps[name];
  }

  /** The mounted services' names with their apps. */
  entries(): Array<[ServiceKey, App]> {
    return Object.entries(this.#apps) as Array<[ServiceKey, App]>;
  }
}

type Headers = Parameters<ServerResponse['writeHead']>[1];

// HTML a service makes (the oidc service's logout and form_post pages) gets the gateway's fallback
// headers where it lacks them, as a proxied answer does from the gateway's onSend hook (which a
// hand-off bypasses). The check runs once per answer, when its head is written.
function withHtmlFallback(response: ServerResponse, fallback: Array<[string, string]>): void {
  const writeHead = response.writeHead;
  response.writeHead = function (this: ServerResponse, status: number, ...rest: unknown[]) {
    const headers = (typeof rest[0] === 'string' ? rest[1] : rest[0]) as Headers | undefined;
    const given = headers && !Array.isArray(headers) ? (headers as Record<string, unknown>) : undefined;
    const lower = given && Object.fromEntries(Object.entries(given).map(([name, value]) => [name.toLowerCase(), value]));
    const type = lower?.['content-type'] ?? this.getHeader('content-type');
    if (typeof type === 'string' && type.startsWith('text/html')) {
      for (const [name, value] of fallback) if (!this.hasHeader(name) && lower?.[name] === undefined) this.setHeader(name, value);
    }
    return (writeHead as (...args: unknown[]) => ServerResponse).call(this, status, ...rest);
  } as ServerResponse['writeHead'];
}

export function registerInProcessServices(
  app: App,
  options: { services: MountedServices; tenantId: string; internalSecret: string; frameAncestors: string[] },
): void {
  registerBodyLengthCheck(app);
  const fallback = htmlFallbackHeaders(options.frameAncestors);
  // The same prefixes as the proxies, each naming the service it belongs to.
  const names: Upstreams = { oidc: 'oidc', managementApi: 'managementApi', experienceApi: 'experienceApi', accountApi: 'accountApi' };
  const routes = serviceRoutes(names).map(({ prefix, upstream }) => ({ prefix, service: upstream as ServiceKey }));

  app.register(async (scope) => {
    // The body stays in the connection, unread, for the service to parse with its own parsers and
    // limits (the declared length was already checked against them, see registerBodyLengthCheck).
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null));
    for (const { prefix, service } of routes) {
      const handOff = (request: FastifyRequest, reply: FastifyReply) => {
        const target = options.services.get(service);
        if (!target) throw new RequestError('request.service_unavailable');
        // The service sees what it would behind the proxy: the gateway's tenant, secret, request id
        // and forwarding headers, never a client's own `x-idp-*`.
        request.raw.headers = forwardedHeaders(request, request.headers, options.tenantId, options.internalSecret);
        // Headers the gateway's own hooks already set (the console's CORS answer) go out with the
        // service's answer, as the proxy's onSend would have added them.
        for (const [name, value] of Object.entries(reply.getHeaders())) {
          if (value !== undefined) reply.raw.setHeader(name, value as string | number | string[]);
        }
        reply.hijack();
        withHtmlFallback(reply.raw, fallback);
        target.routing(request.raw, reply.raw);
      };
      scope.all(prefix, handOff);
      scope.all(`${prefix}/*`, handOff);
    }
  });
}
