import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import fresh from 'fresh';
import { RequestError } from '@idp/errors';
import { serviceHeader, type App } from '@idp/server-kit';
import { errors, type default as Provider } from 'oidc-provider';
import type { TenantProviders } from '../provider/tenant-providers.ts';

const mountPath = '/oidc';
const allMethods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** Routes whose answer depends on nothing but the provider instance and the public host. */
const storedAnswerPaths = new Set(['/.well-known/openid-configuration', '/jwks']);

// Discovery and the JWKS are the same for every request to one provider instance through one public
// host (a rebuilt provider, after a key rotation, is another instance): the provider's first answer
// is kept, headers and body, and replayed without running the provider again. Requests that could
// get another answer (an Origin for CORS, a query string, HEAD) always reach the provider.
type StoredAnswer = { headers: OutgoingHttpHeaders; body: Buffer };
const maxStoredPerProvider = 64;

function captureAnswer(response: ServerResponse): () => StoredAnswer | undefined {
  const chunks: Buffer[] = [];
  const keep = (chunk: unknown) => {
    if (typeof chunk === 'string' || chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
  };
  const { write, end } = response;
  response.write = function capturedWrite(this: ServerResponse, chunk: unknown, ...rest: unknown[]) {
    keep(chunk);
    return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  } as ServerResponse['write'];
  response.end = function capturedEnd(this: ServerResponse, chunk?: unknown, ...rest: unknown[]) {
    if (typeof chunk !== 'function') keep(chunk);
    return (end as (...args: unknown[]) => ServerResponse).call(this, chunk, ...rest);
  } as ServerResponse['end'];
  return () => {
    const headers = response.getHeaders();
    return response.statusCode === 200 && headers['set-cookie'] === undefined ? { headers, body: Buffer.concat(chunks) } : undefined;
  };
}

// Hands every /oidc request to the tenant's oidc-provider. The scope has no body parsers: the
// provider reads the raw request itself (form posts, JSON), and Fastify must not consume it first.
export function registerProviderRoutes(app: App, { providers }: { providers: TenantProviders }): void {
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
  const answers = new WeakMap<Provider, Map<string, StoredAnswer>>();
  const answersOf = (provider: Provider) => {
    let stored = answers.get(provider);
    if (!stored) {
      stored = new Map();
      answers.set(provider, stored);
    }
    return stored;
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
        const path = raw.url?.slice(mountPath.length) || '/';
        raw.url = path;
        reply.hijack();
        const response = reply.raw;
        // Hooks do not run for a hijacked reply, so the service header is set here.
        response.setHeader(serviceHeader, 'oidc');

        if (storedAnswerPaths.has(path)) {
          if (request.method !== 'GET' || raw.headers.origin !== undefined) {
            await handlerOf(provider)(raw, response);
            return;
          }
          const { host, 'x-forwarded-host': forwardedHost, 'x-forwarded-proto': forwardedProto } = raw.headers;
          const key = `${path} ${String(forwardedHost ?? '')} ${String(forwardedProto ?? '')} ${host ?? ''}`;
          const stored = answersOf(provider);
          const answer = stored.get(key);
          if (answer) {
            // The stored ETag (see logto-wire.ts) answers a revalidation with 304, as the provider would
            // (and, as there, not a request that asks for no cached answer): `fresh` is the check Koa uses.
            const { etag, 'cache-control': cacheControl } = answer.headers;
            if (typeof etag === 'string' && fresh(raw.headers, { etag })) {
              response.writeHead(304, { etag, ...(cacheControl === undefined ? {} : { 'cache-control': cacheControl }) });
              response.end();
              return;
            }
            response.writeHead(200, answer.headers);
            response.end(answer.body);
            return;
          }
          const captured = captureAnswer(response);
          await handlerOf(provider)(raw, response);
          const kept = captured();
          if (kept && stored.size < maxStoredPerProvider) stored.set(key, kept);
          return;
        }
        await handlerOf(provider)(raw, response);
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
