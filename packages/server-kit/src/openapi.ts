import type { RouteOptions } from 'fastify';
import type { App } from './create-service.ts';

export type RegisteredRoute = { method: string; url: string; schema?: RouteOptions['schema'] };

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route as the router registered it (HEAD twins excluded), for generated documents. */
    registeredRoutes: RegisteredRoute[];
  }
}

/** Starts recording routes; must run before any route is added. */
export function recordRoutes(app: App): void {
  const routes: RegisteredRoute[] = [];
  app.decorate('registeredRoutes', routes);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      routes.push({ method, url: route.url, schema: route.schema });
    }
  });
}

// TypeBox schemas are JSON Schema with symbol-keyed metadata; a JSON round trip leaves the schema.
const plain = (schema: unknown) => (schema === undefined ? undefined : (JSON.parse(JSON.stringify(schema)) as Record<string, unknown>));

const toOpenApiPath = (url: string) => url.replace(/:([A-Za-z_]\w*)/g, '{$1}');

function parameters(location: 'path' | 'query', schema: unknown) {
  const object = plain(schema) as { properties?: Record<string, unknown>; required?: string[] } | undefined;
  return Object.entries(object?.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || (object?.required ?? []).includes(name),
    schema: property,
  }));
}

/**
 * An OpenAPI 3.0 document of the routes under `prefix`, built from the same TypeBox schemas that
 * validate requests and serialise responses, so the document cannot drift from the code.
 */
export function buildOpenApiDocument(
  routes: readonly RegisteredRoute[],
  options: { title: string; version: string; prefix: string; isPublic: (url: string) => boolean },
) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    if (!route.url.startsWith(options.prefix)) continue;
    const schema = (route.schema ?? {}) as { params?: unknown; querystring?: unknown; body?: unknown; response?: Record<string, unknown> };
    const responses = Object.fromEntries(
      Object.entries(schema.response ?? {}).map(([status, body]) => [
        status,
        { description: `Status ${status}`, content: { 'application/json': { schema: plain(body) } } },
      ]),
    );
    const operation = {
      operationId: `${route.method.toLowerCase()}${toOpenApiPath(route.url).replace(/[^A-Za-z0-9]+(.)?/g, (_match, next: string | undefined) => (next ?? '').toUpperCase())}`,
      parameters: [...parameters('path', schema.params), ...parameters('query', schema.querystring)],
      ...(schema.body ? { requestBody: { required: true, content: { 'application/json': { schema: plain(schema.body) } } } } : {}),
      responses: Object.keys(responses).length > 0 ? responses : { default: { description: 'See the status code.' } },
      ...(options.isPublic(route.url) ? { security: [] } : {}),
    };
    const path = toOpenApiPath(route.url);
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.0.1',
    info: { title: options.title, version: options.version },
    paths,
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    security: [{ bearer: [] }],
  };
}
