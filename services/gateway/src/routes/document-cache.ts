import fresh from 'fresh';
import type { App } from '@idp/server-kit';
import type { FastifyRequest } from 'fastify';
import { createOidcFetch } from './oidc-calls.ts';
import { forwardedHeaders } from './service-proxies.ts';

// Discovery and the JWKS are public, the same for every client of one public host, and asked for far
// more often than they change (a key rotation). Proxying each request costs the gateway more CPU than
// the oidc service spends answering it, so the gateway keeps each answer for a second and replays it:
// at most one upstream request per document, host and second, however many clients ask. A rotation
// reaches clients at most that second later than it reaches the oidc service.
//
// A client revalidating with the ETag the oidc service gave (If-None-Match) gets 304 and no body,
// as it would from the oidc service itself.
//
// Only plain GETs are answered here: a request with an Origin (CORS headers depend on it) or a query
// string goes through the proxy as before, and so does everything when the upstream does not answer
// 200 (the proxy then reports the failure in its usual shape).
export const cachedDocumentPaths = ['/oidc/.well-known/openid-configuration', '/oidc/jwks'] as const;
export const documentTtlMs = 1000;
// Hosts come from clients; the table stays small whatever they send.
const maxEntries = 64;

// Per-connection and per-message headers of the upstream answer, which the gateway sets itself.
const notReplayed = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'date']);

// Headers a 304 repeats from the full answer (RFC 9110 section 15.4.5).
const revalidationHeaders = ['etag', 'cache-control', 'expires', 'vary', 'content-location'];

type Document = { headers: Record<string, string>; body: Buffer; expiresAt: number };

export type DocumentCacheOptions = {
  upstream: string;
  tenantId: string;
  internalSecret: string;
  /** The oidc service's Unix socket on this host, when it has one. */
  socketPath?: string;
};

export function registerDocumentCache(app: App, options: DocumentCacheOptions): void {
  const oidc = createOidcFetch(options.socketPath);
  app.addHook('onClose', () => oidc.close());
  const now = Date.now;
  const documents = new Map<string, Document>();
  const inFlight = new Map<string, Promise<Document | undefined>>();
  const paths = new Set<string>(cachedDocumentPaths);

  const fetchDocument = async (request: FastifyRequest, key: string): Promise<Document | undefined> => {
    const headers = forwardedHeaders(request, { accept: 'application/json' }, options.tenantId, options.internalSecret);
    let response: Awaited<ReturnType<typeof oidc.fetch>>;
    try {
      response = await oidc.fetch(new URL(request.url, options.upstream), {
        headers: headers as Record<string, string>,
        signal: AbortSignal.timeout(5000),
      });
    } catch {
      return undefined;
    }
    if (response.status !== 200) {
      await response.body?.cancel();
      return undefined;
    }
    const kept: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      if (!notReplayed.has(name)) kept[name] = value;
    });
    const document = { headers: kept, body: Buffer.from(await response.arrayBuffer()), expiresAt: now() + documentTtlMs };
    if (documents.size >= maxEntries && !documents.has(key)) {
      for (const [stale, entry] of documents) if (entry.expiresAt <= now()) documents.delete(stale);
    }
    if (documents.size < maxEntries || documents.has(key)) documents.set(key, document);
    return document;
  };

  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'GET' || !paths.has(request.url) || request.headers.origin !== undefined) return;
    // What the upstream builds its URLs from (see forwardedHeaders).
    const key = `${request.url} ${request.protocol} ${request.headers.host ?? ''}`;
    let document = documents.get(key);
    if (!document || document.expiresAt <= now()) {
      // Concurrent misses share one upstream request.
      let pending = inFlight.get(key);
      if (!pending) {
        pending = fetchDocument(request, key).finally(() => inFlight.delete(key));
        inFlight.set(key, pending);
      }
      document = await pending;
      if (!document) return;
    }
    // `fresh` is the revalidation check of Express and Koa: weak comparison, `*`, Cache-Control: no-cache.
    if (document.headers.etag && fresh(request.headers, { etag: document.headers.etag })) {
      const repeated = Object.fromEntries(
        revalidationHeaders.flatMap((name) => (document.headers[name] ? [[name, document.headers[name]]] : [])),
      );
      return reply.status(304).headers(repeated).send();
    }
    return reply.headers(document.headers).send(document.body);
  });
}
