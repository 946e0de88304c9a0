// What Logto adds around oidc-provider, so clients written for Logto see the same wire:
// - OAuth error bodies also carry `code` (`oidc.<error>`, or `session.not_found` when the browser's
//   session or interaction is gone), an English `message`, and `error_uri` for the errors Logto
//   documents one for; `?parse_error=false` keeps the bare `{ error, error_description }`.
// - JSON request bodies are read as if they were forms (oidc-provider takes forms only).
// - `POST /auth` and `POST /session/end` with a form body answer as the GET with those parameters.
// - `resource=a,b` in a query string means two resources.
// - GET answers carry an ETag of their body, and a matching If-None-Match gets 304.
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { errorCatalogue } from '@idp/errors';
import type Provider from 'oidc-provider';

/** The Koa context the provider's own middleware gets (before any route sets `ctx.oidc`). */
type Ctx = Parameters<Parameters<Provider['use']>[0]>[0];

/** oidc-provider reads at most this much of a body; a JSON or form body here is held to the same. */
const bodyLimit = 56 * 1024;

/** The only OAuth error Logto links to a page explaining it. */
const errorUris: Record<string, string> = { invalid_grant: 'https://openid.sh/debug/invalid_grant' };

const messages: Record<string, string> = {
  'oidc.invalid_request': 'The request is invalid.',
  'oidc.invalid_client': 'The client is unknown or its authentication failed.',
  'oidc.invalid_grant': 'The grant is invalid, expired, or was already used.',
  'oidc.invalid_scope': 'A requested scope is invalid.',
  'oidc.invalid_token': 'The token is invalid or expired.',
  'oidc.invalid_target': 'The resource indicator is invalid.',
  'oidc.invalid_redirect_uri': "The redirect_uri is not one of the client's registered redirect URIs.",
  'oidc.invalid_client_metadata': 'The client metadata is invalid.',
  'oidc.insufficient_scope': 'The token lacks a scope this request needs.',
  'oidc.access_denied': 'Access was denied.',
  'oidc.unauthorized_client': 'The client may not use this grant or response type.',
  'oidc.unsupported_grant_type': 'This grant_type is not supported.',
  'oidc.unsupported_response_type': 'This response_type is not supported.',
  'oidc.unsupported_response_mode': 'This response_mode is not supported.',
  'oidc.authorization_pending': 'The user has not finished the authorization yet.',
  'oidc.slow_down': 'Polling too fast; wait longer between requests.',
  'oidc.expired_token': 'The device code has expired.',
  'oidc.server_error': 'The OpenID provider failed unexpectedly. Please try again later.',
  'oidc.temporarily_unavailable': 'The OpenID provider is not available right now. Please try again shortly.',
};

const isSessionLost = (description: unknown) =>
  typeof description === 'string' &&
  ((description.includes('session') && description.includes('not found')) || description.includes('authorization request has expired'));

type OAuthErrorBody = { error: string; error_description?: string };

const isOAuthErrorBody = (body: unknown): body is OAuthErrorBody =>
  typeof body === 'object' &&
  body !== null &&
  !Array.isArray(body) &&
  !Buffer.isBuffer(body) &&
  typeof (body as { error?: unknown }).error === 'string' &&
  ['string', 'undefined'].includes(typeof (body as { error_description?: unknown }).error_description);

/** An OAuth error body with what Logto adds to it. */
export function withLogtoErrorFields(body: OAuthErrorBody): Record<string, unknown> {
  const code = isSessionLost(body.error_description) ? 'session.not_found' : `oidc.${body.error}`;
  const message =
    code === 'session.not_found'
      ? errorCatalogue['session.not_found'].message
      : (messages[code] ?? `The OpenID provider refused the request (${code}).`);
  return { code, message, error_uri: errorUris[body.error], ...body };
}

const wantsBareErrors = (querystring: string) => new URLSearchParams(querystring).get('parse_error') === 'false';

async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of request) {
    received += (chunk as Buffer).length;
    if (received > bodyLimit) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const badBody = (ctx: Ctx) => {
  ctx.status = 400;
  ctx.body = { error: 'invalid_request', error_description: 'failed to parse the request body' };
};

// The form a JSON body stands for: what oidc-provider makes of an already parsed body (strings,
// numbers and booleans as text, lists as repeated parameters).
async function jsonAsForm(ctx: Ctx, next: () => Promise<void>): Promise<void> {
  const text = await readBody(ctx.req);
  if (text === undefined) return badBody(ctx);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    // Logto answers a body that is not JSON with its own input error, not an OAuth one.
    ctx.status = 400;
    ctx.body = { code: 'guard.invalid_input', message: 'The request body is not a valid JSON object.' };
    return;
  }
  (ctx.req as IncomingMessage & { body?: unknown }).body = parsed;
  ctx.req.headers['content-type'] = 'application/x-www-form-urlencoded';
  await next();
}

/** Paths whose GET handler Logto also serves for a form POST. */
const postAsGetPaths = new Set(['/auth', '/session/end']);

/**
 * Changes the request's query string. oidc-provider finds its mount path (`/oidc`) by looking for
 * the request's URL in the original one, so that is changed alike; the original is returned.
 */
function setQuerystring(ctx: Ctx, querystring: string): { querystring: string; originalUrl: string | undefined } {
  const request = ctx.req as IncomingMessage & { originalUrl?: string };
  const before = { querystring: ctx.querystring, originalUrl: request.originalUrl };
  const at = request.originalUrl?.indexOf(ctx.url) ?? -1;
  const mountPath = at > 0 ? request.originalUrl!.slice(0, at) : '';
  ctx.querystring = querystring;
  if (request.originalUrl !== undefined) request.originalUrl = `${mountPath}${ctx.url}`;
  return before;
}

function restoreQuerystring(ctx: Ctx, before: { querystring: string; originalUrl: string | undefined }): void {
  ctx.querystring = before.querystring;
  (ctx.req as IncomingMessage & { originalUrl?: string }).originalUrl = before.originalUrl;
}

async function formPostAsGet(ctx: Ctx, next: () => Promise<void>): Promise<void> {
  const text = await readBody(ctx.req);
  if (text === undefined) return badBody(ctx);
  ctx.method = 'GET';
  const before = setQuerystring(ctx, text);
  try {
    await next();
  } finally {
    // Upstream sees the request as it came; the parameters (an id_token_hint, say) stay out of its URL.
    ctx.method = 'POST';
    restoreQuerystring(ctx, before);
  }
}

/** `resource=a,b` as `resource=a&resource=b`, as Logto reads it. */
function splitResources(ctx: Ctx): void {
  const query = new URLSearchParams(ctx.querystring);
  const resources = query.getAll('resource');
  if (!resources.some((value) => value.includes(','))) return;
  query.delete('resource');
  for (const value of resources.flatMap((resource) => resource.split(','))) query.append('resource', value);
  setQuerystring(ctx, query.toString());
}

/** The entity tag of a body: its length and digest, in the form the `etag` package (Logto's) gives. */
export function bodyEtag(body: string | Buffer): string {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  return `"${bytes.length.toString(16)}-${createHash('sha1').update(bytes).digest('base64').slice(0, 27)}"`;
}

async function etagOfGetAnswers(ctx: Ctx, next: () => Promise<void>): Promise<void> {
  await next();
  if (ctx.method !== 'GET' || ctx.status !== 200 || ctx.body === undefined || ctx.body === null) return;
  const { body } = ctx;
  if (
    typeof body !== 'string' &&
    !Buffer.isBuffer(body) &&
    (typeof body !== 'object' || typeof (body as { pipe?: unknown }).pipe === 'function')
  )
    return;
  ctx.etag = bodyEtag(typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body));
  if (ctx.fresh) {
    ctx.status = 304;
    ctx.body = null;
  }
}

export function useLogtoWire(provider: Provider): void {
  provider.use(etagOfGetAnswers);
  provider.use(async (ctx, next) => {
    const bare = wantsBareErrors(ctx.querystring);
    await next();
    if (!bare && ctx.status >= 400 && isOAuthErrorBody(ctx.body)) ctx.body = withLogtoErrorFields(ctx.body);
  });
  provider.use(async (ctx, next) => {
    if (ctx.querystring.includes('resource=')) splitResources(ctx);
    if (ctx.method === 'POST' && ctx.is('json')) return jsonAsForm(ctx, next);
    if (ctx.method === 'POST' && postAsGetPaths.has(ctx.path) && ctx.is('application/x-www-form-urlencoded'))
      return formPostAsGet(ctx, next);
    return next();
  });
}
