import { createHash } from 'node:crypto';
import { defaultTenantId } from '@idp/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertApplication, startTestStack, type TestStack } from '../src/index.ts';

// Every page a browser renders must refuse to be framed by strangers (clickjacking the sign-in
// form) while the console (the admin endpoint) may still preview the sign-in pages.

let stack: TestStack;
let logoutPath: string;
beforeAll(async () => {
  stack = await startTestStack();
  const app = await insertApplication(stack.database.db, defaultTenantId, {
    type: 'SPA',
    oidcClientMetadata: { redirectUris: ['http://127.0.0.1:9/callback'], postLogoutRedirectUris: ['http://127.0.0.1:9/signed-out'] },
  });
  logoutPath = `/oidc/session/end?${new URLSearchParams({ client_id: app.id, post_logout_redirect_uri: 'http://127.0.0.1:9/signed-out' })}`;
});
afterAll(async () => stack?.stop());

const directive = (policy: string, name: string) =>
  policy
    .split(';')
    .map((part) => part.trim().split(/\s+/))
    .find(([key]) => key === name)
    ?.slice(1);

function expectProtectedPage(response: Response, adminOrigin: string) {
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/html/);
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(response.headers.get('referrer-policy')).toBeTruthy();
  const policy = response.headers.get('content-security-policy');
  expect(policy).toBeTruthy();
  const ancestors = directive(policy!, 'frame-ancestors');
  expect(ancestors?.length).toBeGreaterThan(0);
  for (const source of ancestors!) expect(["'self'", "'none'", adminOrigin]).toContain(source);
  const frameOptions = response.headers.get('x-frame-options');
  if (frameOptions !== null) expect(['DENY', 'SAMEORIGIN']).toContain(frameOptions);
}

describe('security headers on every HTML page', () => {
  const pages: Array<[string, 'userUrl' | 'adminUrl', () => string]> = [
    ['the sign-in UI root', 'userUrl', () => '/'],
    ['the sign-in page', 'userUrl', () => '/sign-in'],
    ['the registration page', 'userUrl', () => '/register'],
    ['the demo app', 'userUrl', () => '/demo-app/'],
    ['the console', 'adminUrl', () => '/console/'],
    ['the admin sign-in page', 'adminUrl', () => '/sign-in'],
    ["the oidc service's logout confirmation", 'userUrl', () => logoutPath],
  ];

  it.each(pages)('%s may be framed only by its own origin or the admin endpoint', async (_name, endpoint, path) => {
    const response = await fetch(new URL(path(), stack[endpoint]), { redirect: 'manual' });
    expectProtectedPage(response, new URL(stack.adminUrl).origin);
  });

  it('the built sign-in UI gets a CSP that allows only its own scripts and styles', async () => {
    const policy = (await fetch(new URL('/sign-in', stack.userUrl))).headers.get('content-security-policy')!;
    expect(directive(policy, 'script-src')).toEqual(["'self'"]);
    expect(directive(policy, 'style-src')).toEqual(["'self'"]);
    expect(directive(policy, 'object-src')).toEqual(["'none'"]);
    expect(directive(policy, 'frame-ancestors')).toEqual(["'self'", new URL(stack.adminUrl).origin]);
  });

  it('the console may frame the user endpoint, for its preview of the sign-in pages', async () => {
    const policy = (await fetch(new URL('/console/', stack.adminUrl))).headers.get('content-security-policy')!;
    expect(directive(policy, 'frame-src')).toEqual(["'self'", new URL(stack.userUrl).origin]);
  });

  it("allows the logout page's self-submitting script by its hash, and no other inline script", async () => {
    // Without a session, oidc-provider renders its own form_post page, which submits by script.
    const response = await fetch(new URL(logoutPath, stack.userUrl));
    const script = /<script>([\s\S]*?)<\/script>/.exec(await response.text())?.[1];
    expect(script).toBeTruthy();
    const digest = createHash('sha256').update(script!).digest('base64');
    expect(directive(response.headers.get('content-security-policy')!, 'script-src')).toEqual(["'self'", `'sha256-${digest}'`]);
  });

  it('hashed assets are sniff-proof too', async () => {
    // The stack's stand-in build (see @idp/test-stack's fixture frontends).
    const response = await fetch(new URL('/assets/ui-abc123.js', stack.userUrl));
    expect(response.status).toBe(200);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
