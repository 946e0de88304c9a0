import { RequestError } from '@idp/errors';
import { serviceHeader, type App } from '@idp/server-kit';
import { errors } from 'oidc-provider';
import type { TenantProviders } from '../provider/tenant-providers.ts';

const mountPath = '/oidc';
const allMethods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

// Hands every /oidc request to the tenant's oidc-provider. The scope has no body parsers: the
// provider reads the raw request itself (form posts, JSON), and Fastify must not consume it first.
export function registerProviderRoutes(app: App, providers: TenantProviders): void {
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
        reply.hijack();
        // Hooks do not run for a hijacked reply, so the service header is set here.
        reply.raw.setHeader(serviceHeader, 'oidc');
        await provider.callback()(raw, reply.raw);
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
