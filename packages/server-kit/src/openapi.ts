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
  if (app.hasDecorator('registeredRoutes')) return;
  const routes: RegisteredRoute[] = [];
  app.decorate('registeredRoutes', routes);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      routes.push({ method, url: route.url, schema: route.schema });
    }
  });
}

type Schema = Record<string, unknown>;

const isRecord = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);

// Keywords an OpenAPI 3.0 Schema Object shares with JSON Schema and that carry over as they are.
const copied = [
  'title',
  'description',
  'format',
  'default',
  'multipleOf',
  'maximum',
  'minimum',
  'maxLength',
  'minLength',
  'pattern',
  'maxItems',
  'minItems',
  'uniqueItems',
  'maxProperties',
  'minProperties',
  'readOnly',
  'writeOnly',
  'deprecated',
] as const;

const isNullOnly = (schema: Schema) =>
  schema.nullable === true && Array.isArray(schema.enum) && schema.enum.length === 1 && schema.enum[0] === null;

/**
 * TypeBox writes JSON Schema 2020-12; OpenAPI 3.0 (the version Logto's documents declare) takes an
 * older subset. This rewrites one into the other: `const` becomes a one-value `enum`, `null` in a
 * type or a union becomes `nullable`, `patternProperties` becomes `additionalProperties`, numeric
 * exclusive bounds become boolean ones, tuples become arrays of a union, and keywords 3.0 does not
 * know are dropped. The result describes the same values, at worst a little more loosely.
 */
export function toOpenApi30Schema(input: unknown): Schema {
  if (input === false) return { not: {} };
  if (!isRecord(input)) return {};
  const output: Schema = {};
  let nullable = false;

  const types = [input.type].flat().filter((type): type is string => typeof type === 'string');
  if (types.includes('null')) nullable = true;
  const valueTypes = types.filter((type) => type !== 'null' && type !== 'undefined');
  if (valueTypes.length === 1) output.type = valueTypes[0];
  else if (valueTypes.length > 1) output.anyOf = valueTypes.map((type) => ({ type }));
  else if (types.includes('null')) output.enum = [null];

  for (const keyword of copied) if (input[keyword] !== undefined) output[keyword] = input[keyword];
  if (typeof input.exclusiveMinimum === 'number') Object.assign(output, { minimum: input.exclusiveMinimum, exclusiveMinimum: true });
  if (typeof input.exclusiveMaximum === 'number') Object.assign(output, { maximum: input.exclusiveMaximum, exclusiveMaximum: true });
  if (Array.isArray(input.examples) && input.examples.length > 0) output.example = input.examples[0];
  if ('const' in input) output.enum = [input.const];
  if (Array.isArray(input.enum) && input.enum.length > 0) output.enum = input.enum;
  if (input.enum !== undefined && Array.isArray(output.enum) && output.enum.includes(null)) nullable = true;

  if (Array.isArray(input.required) && input.required.length > 0) output.required = [...new Set(input.required)];
  if (isRecord(input.properties)) {
    output.properties = Object.fromEntries(Object.entries(input.properties).map(([name, schema]) => [name, toOpenApi30Schema(schema)]));
  }
  // Key patterns have no 3.0 equivalent: the values they allow become `additionalProperties`.
  const patterns = isRecord(input.patternProperties) ? Object.values(input.patternProperties).map(toOpenApi30Schema) : [];
  if (isRecord(input.additionalProperties)) output.additionalProperties = toOpenApi30Schema(input.additionalProperties);
  else if (patterns.length === 1) output.additionalProperties = patterns[0];
  else if (patterns.length > 1) output.additionalProperties = { anyOf: patterns };
  else if (typeof input.additionalProperties === 'boolean') output.additionalProperties = input.additionalProperties;

  const tuple = Array.isArray(input.prefixItems) ? input.prefixItems : Array.isArray(input.items) ? input.items : undefined;
  if (tuple) {
    output.items = tuple.length === 1 ? toOpenApi30Schema(tuple[0]) : { anyOf: tuple.map(toOpenApi30Schema) };
  } else if (input.items !== undefined) {
    output.items = toOpenApi30Schema(input.items);
  }
  if (output.type === 'array' && output.items === undefined) output.items = {};
  if (input.not !== undefined) output.not = toOpenApi30Schema(input.not);
  if (Array.isArray(input.allOf)) output.allOf = input.allOf.map(toOpenApi30Schema);

  for (const keyword of ['anyOf', 'oneOf'] as const) {
    if (!Array.isArray(input[keyword])) continue;
    const members = (input[keyword] as unknown[]).map(toOpenApi30Schema);
    const values = members.filter((member) => !isNullOnly(member));
    if (values.length < members.length || values.some((member) => member.nullable === true)) nullable = true;
    for (const member of values) delete member.nullable;
    const [only] = values;
    if (values.length === 1 && only) {
      Object.assign(output, only, ...copied.filter((key) => output[key] !== undefined).map((key) => ({ [key]: output[key] })));
      continue;
    }
    // A union of constants of one type is that type's enum, as Logto's documents write it.
    const type = values[0]?.type;
    const constants =
      typeof type === 'string' &&
      values.every((member) => member.type === type && Array.isArray(member.enum) && Object.keys(member).length === 2);
    if (constants) Object.assign(output, { type, enum: values.flatMap((member) => member.enum as unknown[]) });
    else if (values.length > 0) output[keyword] = values;
  }
  if (nullable) output.nullable = true;
  return output;
}

const toOpenApiPath = (url: string) => url.replace(/:([A-Za-z_]\w*)/g, '{$1}');

function parameters(location: 'path' | 'query', schema: unknown) {
  const object = toOpenApi30Schema(schema) as { properties?: Record<string, Schema>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || (object.required ?? []).includes(name),
    schema: property,
  }));
}

export type OpenApiDocumentOptions = {
  title: string;
  version: string;
  /** Only routes whose URL starts with one of these are described. */
  prefixes: readonly string[];
  /** Routes left out even under a prefix (e.g. routes Logto leaves out of the same document). */
  exclude?: (url: string) => boolean;
  /** Routes that take no bearer token; every route when the API has no bearer tokens at all. */
  isPublic: (url: string) => boolean;
  /** Whether the API's calls carry a bearer JWT (the Management API) or not (the Experience API). */
  bearer: boolean;
};

/**
 * An OpenAPI 3.0.1 document (the version Logto serves) of the routes under the given prefixes,
 * built from the same TypeBox schemas that validate requests and serialise responses, so the
 * document cannot drift from the code.
 */
export function buildOpenApiDocument(routes: readonly RegisteredRoute[], options: OpenApiDocumentOptions) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    if (!options.prefixes.some((prefix) => route.url.startsWith(prefix)) || options.exclude?.(route.url)) continue;
    const schema = (route.schema ?? {}) as { params?: unknown; querystring?: unknown; body?: unknown; response?: Record<string, unknown> };
    const responses = Object.fromEntries(
      Object.entries(schema.response ?? {}).map(([status, body]) => [
        status,
        { description: `Status ${status}`, content: { 'application/json': { schema: toOpenApi30Schema(body) } } },
      ]),
    );
    const operation = {
      operationId: `${route.method.toLowerCase()}${toOpenApiPath(route.url).replace(/[^A-Za-z0-9]+(.)?/g, (_match, next: string | undefined) => (next ?? '').toUpperCase())}`,
      parameters: [...parameters('path', schema.params), ...parameters('query', schema.querystring)],
      ...(schema.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: toOpenApi30Schema(schema.body) } } } }
        : {}),
      responses: Object.keys(responses).length > 0 ? responses : { default: { description: 'See the status code.' } },
      ...(options.bearer && options.isPublic(route.url) ? { security: [] } : {}),
    };
    const path = toOpenApiPath(route.url);
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.0.1',
    info: { title: options.title, version: options.version },
    paths,
    ...(options.bearer
      ? {
          components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
          security: [{ bearer: [] }],
        }
      : {}),
  };
}

/**
 * Serves the service's own OpenAPI document at `urls`, built once every route is in (on the first
 * request). Call it after the routes it describes are registered, and `recordRoutes` before them.
 */
export function registerOpenApiRoutes(app: App, urls: readonly string[], options: OpenApiDocumentOptions): void {
  let document: ReturnType<typeof buildOpenApiDocument> | undefined;
  const serve = async () => (document ??= buildOpenApiDocument(app.registeredRoutes, options));
  for (const url of urls) app.get(url, serve);
}

// The documents Logto serves for its other APIs, each answered by the service it describes (the
// gateway sends each path there). The Management API serves its own (see its routes/openapi.ts).
const serviceDocuments: Record<string, { url: string; options: OpenApiDocumentOptions }> = {
  'experience-api': {
    url: '/api/.well-known/experience.openapi.json',
    // The interaction cookie authorises these calls, not a bearer token.
    options: { title: 'Logto Experience API', version: '1.0.0', prefixes: ['/api/experience'], isPublic: () => true, bearer: false },
  },
  'account-api': {
    url: '/api/.well-known/user.openapi.json',
    options: {
      title: 'Logto Account API',
      version: '1.0.0',
      prefixes: ['/api/my-account', '/api/verifications'],
      isPublic: () => false,
      bearer: true,
    },
  },
};

/**
 * Records the service's routes and, for a service Logto documents at a well-known path, serves that
 * document. Logto serves these documents to anyone, and they hold nothing of a tenant's: the answer
 * is given in an onRequest hook added here, before the service adds its own authentication hooks
 * (the gateway's secret is still checked first), so a service guarding all of `/api/` needs no
 * exception for it.
 */
export function registerServiceDocument(app: App, serviceName: string): void {
  recordRoutes(app);
  const entry = serviceDocuments[serviceName];
  if (!entry) return;
  let document: ReturnType<typeof buildOpenApiDocument> | undefined;
  const serve = async () => (document ??= buildOpenApiDocument(app.registeredRoutes, entry.options));
  app.addHook('onRequest', async (request, reply) => {
    if (request.method === 'GET' && request.routeOptions.url === entry.url) return reply.send(await serve());
  });
  app.get(entry.url, serve);
}
