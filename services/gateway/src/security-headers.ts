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
// dist/index.html) and call only their own origin. Images may come from anywhere over https: the
// tenant's logo and the connectors' logos are URLs the admin configured; the TOTP QR code is a
// data: URL. No `upgrade-insecure-requests`: plain-http deployments (local, tests) must keep working.
const builtAppDirectives = (framing: Framing) => ({
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:', 'https:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  formAction: ["'self'"],
  frameSrc: ["'self'", ...framing.frames],
  frameAncestors: framing.ancestors,
});

/** Who may frame an app (`ancestors`), and which other origins it frames itself (the console's preview of the sign-in pages). */
export type Framing = { ancestors: string[]; frames: string[] };

/**
 * Helmet's options for a frontend. A Vite dev server injects inline scripts and talks to its own
 * websocket, so in development only framing is restricted.
 */
export const frontendHelmetOptions = (framing: Framing, dev: boolean): FastifyHelmetOptions => ({
  contentSecurityPolicy: { useDefaults: false, directives: dev ? { frameAncestors: framing.ancestors } : builtAppDirectives(framing) },
  referrerPolicy: { policy: 'no-referrer' },
  // Sent over https only (browsers ignore it on http); subdomains are the operator's business.
  strictTransportSecurity: { maxAge: 15_552_000, includeSubDomains: false },
});

const has = (reply: { hasHeader(name: string): boolean; raw: { hasHeader(name: string): boolean } }, name: string) =>
  reply.hasHeader(name) || reply.raw.hasHeader(name);

/**
 * HTML the gateway only proxies (the oidc service's logout pages and oidc-provider's form_post
 * page) is protected where it is made: the oidc service sets its own CSP with nonces or hashes for
 * its inline scripts, which only it knows. The gateway then fills in whatever such a page lacks,
 * without overriding it; the fallback CSP restricts no scripts, since the gateway cannot know the
 * page's, only framing, plugins and the base URL. A string check per answer; JSON passes untouched.
 */
export function registerHtmlHeaderFallback(app: App, ancestors: string[]): void {
  const fallbackPolicy = `frame-ancestors ${ancestors.join(' ')}; object-src 'none'; base-uri 'self'`;
  // A callback hook, not an async one: no promise per proxied request.
  app.addHook('onSend', (_request, reply, payload, done) => {
    const type = reply.getHeader('content-type');
    if (typeof type === 'string' && type.startsWith('text/html')) {
      if (!has(reply, 'x-content-type-options')) void reply.header('x-content-type-options', 'nosniff');
      if (!has(reply, 'referrer-policy')) void reply.header('referrer-policy', 'no-referrer');
      if (!has(reply, 'content-security-policy')) void reply.header('content-security-policy', fallbackPolicy);
      if (!has(reply, 'x-frame-options')) void reply.header('x-frame-options', 'SAMEORIGIN');
    }
    done(null, payload);
  });
}
