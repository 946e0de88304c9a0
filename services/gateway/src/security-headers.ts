import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyHelmetOptions } from '@fastify/helmet';
import type { App } from '@idp/server-kit';
import type { GatewayConfig } from './config.ts';

// Browser-facing pages must not be framed by strangers (clickjacking the sign-in form), must not be
// sniffed into another type, and must not leak their URLs (which carry interaction ids) to other
// origins. JSON APIs need none of this: browsers neither render nor frame them.

/** Who may frame our pages: the page's own origin, the admin endpoint (the console shows a preview of the sign-in pages) and FRAME_ANCESTORS. */
export function frameAncestors(config: Pick<GatewayConfig, 'ADMIN_ENDPOINT' | 'FRAME_ANCESTORS'>): string[] {
  const extra = config.FRAME_ANCESTORS?.split(',').map((origin: string) => new URL(origin.trim()).origin) ?? [];
  return [...new Set(["'self'", new URL(config.ADMIN_ENDPOINT).origin, ...extra])];
}

// The built apps load only their own hashed files (no inline script or style tag, checked in each
// dist/index.html) and call only their own origin, plus the origins their descriptor names
// (`connects`: the console calls the user endpoint's Management API). Images may come from anywhere
// over https: the tenant's logo and the connectors' logos are URLs the admin configured; the TOTP QR
// code is a data: URL. No `upgrade-insecure-requests`: plain-http deployments (local, tests) must
// keep working.
//
// One exception for styles: a modal dialog's scroll lock (react-remove-scroll, under Radix's
// dialogs) injects a <style> element whose rules are computed at run time, so no hash can allow it.
// An app that has such dialogs (`styleNonce`) gets a fresh nonce per page for style elements only;
// scripts never get one.
const builtAppDirectives = (policy: PagePolicy) => ({
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: [
    "'self'",
    ...(policy.styleNonce ? [(_request: IncomingMessage, response: ServerResponse) => `'nonce-${styleNonceOf(response)}'`] : []),
  ],
  imgSrc: ["'self'", 'data:', 'https:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'", ...policy.connects],
  objectSrc: ["'none'"],
  formAction: ["'self'"],
  frameSrc: ["'self'", ...policy.frames],
  frameAncestors: policy.ancestors,
});

/**
 * What a frontend's pages may do beyond their own origin: who may frame them (`ancestors`), which
 * origins they frame (the console's preview of the sign-in pages), which they call (`connects`),
 * and whether they may add <style> elements carrying the page's nonce (`styleNonce`).
 */
export type PagePolicy = { ancestors: string[]; frames: string[]; connects: string[]; styleNonce: boolean };

const styleNonces = new WeakMap<ServerResponse, string>();

/** The nonce this response's CSP allows <style> elements with; made on first use, 128 random bits. */
export function styleNonceOf(response: ServerResponse): string {
  let nonce = styleNonces.get(response);
  if (!nonce) {
    nonce = randomBytes(16).toString('base64');
    styleNonces.set(response, nonce);
  }
  return nonce;
}

/**
 * What a built app's index.html writes where the style nonce goes, as the value of
 * `<meta property="csp-nonce" nonce="…">` (the place Vite's `html.cspNonce` also uses; the browser
 * hides the attribute from CSS selectors, and the app reads the element's `nonce` property).
 */
export const styleNoncePlaceholder = 'CSP_STYLE_NONCE';

/**
 * Helmet's options for a frontend. A Vite dev server injects inline scripts and talks to its own
 * websocket, so in development only framing is restricted.
 */
export const frontendHelmetOptions = (policy: PagePolicy, dev: boolean): FastifyHelmetOptions => ({
  contentSecurityPolicy: { useDefaults: false, directives: dev ? { frameAncestors: policy.ancestors } : builtAppDirectives(policy) },
  referrerPolicy: { policy: 'no-referrer' },
  // Sent over https only (browsers ignore it on http); subdomains are the operator's business.
  strictTransportSecurity: { maxAge: 15_552_000, includeSubDomains: false },
});

const has = (reply: { hasHeader(name: string): boolean; raw: { hasHeader(name: string): boolean } }, name: string) =>
  reply.hasHeader(name) || reply.raw.hasHeader(name);

/** The headers that fallback fills in on HTML lacking them (also on answers of services mounted in process). */
export const htmlFallbackHeaders = (ancestors: string[]): Array<[name: string, value: string]> => [
  ['x-content-type-options', 'nosniff'],
  ['referrer-policy', 'no-referrer'],
  ['content-security-policy', `frame-ancestors ${ancestors.join(' ')}; object-src 'none'; base-uri 'self'`],
  ['x-frame-options', 'SAMEORIGIN'],
];

/**
 * HTML the gateway only proxies (the oidc service's logout pages and oidc-provider's form_post
 * page) is protected where it is made: the oidc service sets its own CSP with nonces or hashes for
 * its inline scripts, which only it knows. The gateway then fills in whatever such a page lacks,
 * without overriding it; the fallback CSP restricts no scripts, since the gateway cannot know the
 * page's, only framing, plugins and the base URL. A string check per answer; JSON passes untouched.
 */
export function registerHtmlHeaderFallback(app: App, ancestors: string[]): void {
  const fallback = htmlFallbackHeaders(ancestors);
  // A callback hook, not an async one: no promise per proxied request.
  app.addHook('onSend', (_request, reply, payload, done) => {
    const type = reply.getHeader('content-type');
    if (typeof type === 'string' && type.startsWith('text/html')) {
      for (const [name, value] of fallback) if (!has(reply, name)) void reply.header(name, value);
    }
    done(null, payload);
  });
}
