import { randomFillSync } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TypeBoxValidatorCompiler, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type RawServerDefault } from 'fastify';
import { RequestError } from '@idp/errors';
import { answerFrameworkError, registerErrorHandling } from './error-handler.ts';
import { drainingHeader, healthPrefix, readinessPath, registerHealthRoutes, type ReadinessCheck } from './health.ts';
import { lazySerializerFactory } from './lazy-serializers.ts';
import { internalSecretHeader, registerTenantResolution, serviceHeader } from './tenant.ts';

/** The response header naming the request, for support and logs: Logto's name for it. */
export const requestIdResponseHeader = 'logto-core-request-id';

// Random bytes for request ids, drawn 256 ids at a time: one call into the random generator per
// request was 3 % of a userinfo request's CPU (as node's own randomUUID, it pays off in batches).
const requestIdBytes = 12;
const requestIdPool = Buffer.alloc(requestIdBytes * 256);
let requestIdOffset = requestIdPool.length;

/** 16 random characters, as Logto's ids. */
function newRequestId(): string {
  if (requestIdOffset === requestIdPool.length) {
    randomFillSync(requestIdPool);
    requestIdOffset = 0;
  }
  const id = requestIdPool.toString('base64url', requestIdOffset, requestIdOffset + requestIdBytes);
  requestIdOffset += requestIdBytes;
  return id;
}

/** Largest request body any service accepts unless told otherwise: 1 MiB. */
export const defaultBodyLimit = 1024 * 1024;

export type App = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxTypeProvider>;

export type ServiceOptions = {
  /** Shown in logs. */
  name: string;
  /** pino level; `silent` in tests. */
  logLevel?: string;
  /** When set, every route but the health routes needs the gateway's tenant and secret headers. */
  internalSecret?: string;
  readiness?: ReadinessCheck[];
  /** Largest accepted request body in bytes. */
  bodyLimit?: number;
  /**
   * Which peers may tell the client's address, scheme and host (X-Forwarded-*): a hop count or a
   * list of addresses/CIDRs, as Fastify's `trustProxy`. Unset: nobody; the socket decides.
   */
  trustProxy?: number | string[];
};

declare module 'fastify' {
  interface FastifyInstance {
    /** Makes readiness fail, so load balancers stop sending traffic before the service closes. */
    startDraining(): void;
  }
}

const trustHops = (hops: number) => (_address: string, hop: number) => hop < hops;

/**
 * A JSON content type with an empty body (what `fetch` sends for a POST with the header and no
 * body) is the empty object, as in Logto; any other body goes to Fastify's own parser, which keeps
 * its protection against `__proto__` and `constructor` keys.
 */
function acceptEmptyJsonBodies(app: App): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = String(body);
    if (text.trim() === '') {
      done(null, {});
      return;
    }
    parseJson(request, text, done);
  });
}

// The common skeleton of every service: typebox validation without type coercion of bodies, the one
// error handler, request ids, health routes, secrets kept out of logs. Each service's `buildApp`
// starts from here and adds its own routes.
export function createService(options: ServiceOptions): App {
  const app = Fastify({
    logger: {
      name: options.name,
      level: options.logLevel ?? 'info',
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', `req.headers["${internalSecretHeader}"]`],
        censor: '[redacted]',
      },
    },
    bodyLimit: options.bodyLimit ?? defaultBodyLimit,
    // Fastify's types lack the hop count its runtime takes; the same rule, as a function.
    trustProxy: typeof options.trustProxy === 'number' ? trustHops(options.trustProxy) : (options.trustProxy ?? false),
    // The gateway names each request (16 random characters, as Logto's ids) and tells the service
    // behind it; a client's own X-Request-Id is not believed. Answers carry it as Logto's do.
    requestIdHeader: options.internalSecret === undefined ? false : 'x-request-id',
    genReqId: newRequestId,
    // Refusing work while shutting down is done by the draining hook below, from the moment
    // draining starts rather than only once the server closes, and with a header that tells the
    // gateway the request was not processed, so it may safely try another instance.
    return503OnClosing: false,
    // Path parameters longer than Fastify's 100 characters exist (a 256-character secret name,
    // percent-encoded); the route's schema still bounds each one.
    routerOptions: { maxParamLength: 1024 },
    frameworkErrors: answerFrameworkError,
    schemaController: { compilersFactory: { buildSerializer: lazySerializerFactory } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(TypeBoxValidatorCompiler);
  registerErrorHandling(app);
  // The gateway parses no bodies: its proxies pass them on as they came, for the service to parse.
  if (options.internalSecret !== undefined) acceptEmptyJsonBodies(app);

  let draining = false;
  app.decorate('startDraining', () => {
    draining = true;
  });
  // A draining service finishes what it accepted but takes nothing new: any request arriving now
  // (on a kept-alive connection or a new one) is refused before a handler sees it. Readiness still
  // answers, with its own 503.
  app.addHook('onRequest', (request, reply, done) => {
    if (!draining || request.url === readinessPath) {
      done();
      return;
    }
    const refused = new RequestError('request.service_unavailable');
    void reply.header(drainingHeader, 'refused').header('connection', 'close').status(refused.status).send(refused.toBody());
  });
  // Fastify closes connections that are idle when shutdown starts; one busy then would stay open
  // (keep-alive) after its last response and hold the exit up until it times out. Answers sent while
  // draining therefore close their connection.
  app.addHook('onSend', async (_request, reply) => {
    if (draining) void reply.header('connection', 'close');
  });
  app.addHook('onSend', async (request, reply) => {
    void reply.header(requestIdResponseHeader, request.id);
  });
  registerHealthRoutes(app, options.readiness ?? [], () => draining);

  if (options.internalSecret !== undefined) {
    registerTenantResolution(app, options.internalSecret, [healthPrefix]);
    // Names the service that answered, for operators tracing a request through the gateway.
    app.addHook('onSend', async (_request, reply) => {
      void reply.header(serviceHeader, options.name);
    });
  }
  return app;
}
