import { RequestError } from '@idp/errors';
import { serviceHeader, type App } from '@idp/server-kit';
import { errors, type default as Provider } from 'oidc-provider';
import type { Freshness } from '../cache/tenant-cache.ts';
import type { TenantProviders } from '../provider/tenant-providers.ts';

const mountPath = '/oidc';
const allMethods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

// Hands every /oidc request to the tenant's oidc-provider. The scope has no body parsers: the
// provider reads the raw request itself (form posts, JSON), and Fastify must not consume it first.
/** Routes that read no cached client, resource or grant, so they need not wait for the barrier. */
const cacheFreePaths = new Set(['/.well-known/openid-configuration', '/jwks']);

export function registerProviderRoutes(app: App, providers: TenantProviders, fresh?: Freshness): void {
  // Koa composes its middleware on every callback() call: once per provider instance is enough.
  const handlers = new WeakMap<Provider, ReturnType<Provider['callback']>>();
  const handlerOf = (provider: Provider) => {
    let handler = handlers.get(provider);
    if (!handler) {
      handler = provider.callback();
      handlers.set(provider, handler);
    }
    return handler;
  };
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null));
    scope.route({
      method: [...allMethods],
      url: `${mountPath}/*`,
      handler: async (request, reply) => {
        const provider = await providers.get(request.tenantId);
        const raw = request.raw as typeof request.raw & { originalUrl?: string };
        raw.originalUrl = raw.url;
        raw.url = raw.url?.slice(mountPath.length) || '/';
        // The caches' barrier starts now, alongside the provider's own work on the request.
        if (fresh && !cacheFreePaths.has(raw.url.split('?')[0]!)) void fresh(raw);
        reply.hijack();
        // Hooks do not run for a hijacked reply, so the service header is set here.
        reply.raw.setHeader(serviceHeader, 'oidc');
        await handlerOf(provider)(raw, reply.raw);
      },
    });
  });
}

/** oidc-provider's "no interaction in progress" errors, as our session error. */
export function asSessionError(error: unknown): unknown {
  return error instanceof errors.SessionNotFound
    ? new RequestError('session.not_found', { message: error.error_description ?? error.message })
    : error;
}
