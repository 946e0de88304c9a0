import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import helmet from '@fastify/helmet';
import httpProxy from '@fastify/http-proxy';
import fastifyStatic from '@fastify/static';
import { RequestError } from '@idp/errors';
import type { App } from '@idp/server-kit';
import type { FastifyReply } from 'fastify';
import { frontendHelmetOptions, type PagePolicy, styleNonceOf, styleNoncePlaceholder } from '../security-headers.ts';

export type Frontend = {
  name: string;
  /** Where the app is mounted, with a trailing slash; `/` for the sign-in UI, the fallback route. */
  base: string;
  /** Built files, served in production. */
  dist: string;
  /** A Vite dev server to proxy to instead, in development. */
  devUrl?: string;
  /** Origins the app shows in frames of its own (the console previews the sign-in pages). */
  frames?: string[];
  /** Origins the app calls besides its own (the console calls the user endpoint's Management API). */
  connects?: string[];
  /**
   * The app adds <style> elements at run time (a dialog's scroll lock): its index.html is given a
   * per-page nonce in place of `CSP_STYLE_NONCE`, which its CSP allows for style elements.
   */
  styleNonce?: boolean;
};

// Hashed asset names never change content, so browsers may keep them forever; the HTML that names
// them must be revalidated so a deploy takes effect at once.
function setCacheHeaders(reply: FastifyReply, filePath: string): void {
  const immutable = filePath.includes(`${path.sep}assets${path.sep}`);
  void reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
}

const looksLikeFile = (url: string) => path.posix.extname(url.split('?')[0] ?? '') !== '';

/**
 * Whether a path names a file the app does not have: one with an extension, or one under a
 * top-level entry of the build (`/assets/…`). Such paths are 404, as in Logto, never the app's
 * page: a missing script or style answered with HTML fails in the browser in confusing ways.
 */
const missingFileCheck = (frontend: Frontend) => {
  const entries = new Set(readdirSync(frontend.dist).filter((entry) => entry !== 'index.html'));
  return (url: string) => {
    const relative = (url.split('?')[0] ?? '').slice(frontend.base.length);
    const first = relative.split('/')[0] ?? '';
    return looksLikeFile(url) || (first !== '' && entries.has(decodeURIComponentSafe(first)));
  };
};

const decodeURIComponentSafe = (segment: string) => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

function registerBuiltFrontend(app: App, frontend: Frontend, policy: PagePolicy): void {
  if (!existsSync(path.join(frontend.dist, 'index.html'))) {
    app.log.warn({ frontend: frontend.name, dist: frontend.dist }, 'frontend is not built; run `pnpm build`');
    app.get(`${frontend.base}*`, async () => {
      throw new RequestError('request.service_unavailable', { message: `The ${frontend.name} app is not built.` });
    });
    return;
  }
  const isMissingFile = missingFileCheck(frontend);
  const indexFile = path.join(frontend.dist, 'index.html');
  // Each app in its own scope, so every @fastify/static instance may decorate its own reply.
  app.register(async (scope) => {
    await scope.register(helmet, frontendHelmetOptions(policy, false));
    await scope.register(fastifyStatic, {
      root: frontend.dist,
      prefix: frontend.base,
      wildcard: false,
      index: false,
      setHeaders: setCacheHeaders,
    });
    // Client-side routes: any path in the app that is not a file gets the app's index.html.
    scope.get(`${frontend.base}*`, async (request, reply) => {
      if (isMissingFile(request.url)) {
        throw new RequestError('request.not_found', { message: `No file at ${request.url.split('?')[0]}.` });
      }
      if (!frontend.styleNonce) return reply.header('cache-control', 'no-cache').sendFile('index.html');
      // Read per page, not once: a rebuild takes effect at once. Never stored: the nonce is per page.
      const html = await readFile(indexFile, 'utf8');
      return reply
        .header('cache-control', 'no-store')
        .type('text/html; charset=utf-8')
        .send(html.replaceAll(styleNoncePlaceholder, styleNonceOf(reply.raw)));
    });
  });
}

/** `frameAncestors`: the origins that may show the apps in a frame (see security-headers.ts). */
export function registerFrontends(app: App, { frontends, frameAncestors }: { frontends: Frontend[]; frameAncestors: string[] }): void {
  for (const frontend of frontends) {
    const policy: PagePolicy = {
      ancestors: frameAncestors,
      frames: frontend.frames ?? [],
      connects: frontend.connects ?? [],
      styleNonce: frontend.styleNonce ?? false,
    };
    if (frontend.base !== '/') {
      const bare = frontend.base.slice(0, -1);
      app.get(bare, async (request, reply) => reply.redirect(`${frontend.base}${request.url.slice(bare.length)}`));
    }
    if (frontend.devUrl) {
      const { devUrl } = frontend;
      app.register(async (scope) => {
        await scope.register(helmet, frontendHelmetOptions(policy, true));
        await scope.register(httpProxy, { upstream: devUrl, prefix: frontend.base, rewritePrefix: frontend.base });
      });
    } else {
      registerBuiltFrontend(app, frontend, policy);
    }
  }
}
