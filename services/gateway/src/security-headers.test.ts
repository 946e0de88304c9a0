import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { adminListener, buildApp, defaultListener } from './app.ts';
import { loadGatewayConfig, trustedProxies } from './config.ts';
import { frameAncestors } from './security-headers.ts';

const required = {
  INTERNAL_SECRET: 'a-secret-of-enough-length',
  OIDC_URL: 'http://127.0.0.1:1',
  MANAGEMENT_API_URL: 'http://127.0.0.1:1',
  EXPERIENCE_API_URL: 'http://127.0.0.1:1',
  ACCOUNT_API_URL: 'http://127.0.0.1:1',
};

describe('frameAncestors', () => {
  it('allows the page itself and the admin endpoint, plus FRAME_ANCESTORS origins', () => {
    expect(frameAncestors({ ADMIN_ENDPOINT: 'https://admin.example.com/' })).toEqual(["'self'", 'https://admin.example.com']);
    expect(
      frameAncestors({
        ADMIN_ENDPOINT: 'https://admin.example.com',
        FRAME_ANCESTORS: 'https://a.example.com/x, http://b.example.com:8080',
      }),
    ).toEqual(["'self'", 'https://admin.example.com', 'https://a.example.com', 'http://b.example.com:8080']);
  });

  it('refuses a FRAME_ANCESTORS that is not a list of URLs at start-up', () => {
    expect(() => loadGatewayConfig({ ...required, FRAME_ANCESTORS: "*; script-src 'unsafe-inline'" })).toThrow();
  });
});

describe('TRUST_PROXY', () => {
  it('is a hop count or a list of addresses and ranges; unset trusts nobody', () => {
    expect(trustedProxies(undefined)).toBeUndefined();
    expect(trustedProxies('')).toBeUndefined();
    expect(trustedProxies('2')).toBe(2);
    expect(trustedProxies('10.0.0.0/8, 192.168.1.7,::1')).toEqual(['10.0.0.0/8', '192.168.1.7', '::1']);
    expect(loadGatewayConfig({ ...required, TRUST_PROXY: '10.0.0.0/8,loopback' }).TRUST_PROXY).toBe('10.0.0.0/8,loopback');
    expect(() => loadGatewayConfig({ ...required, TRUST_PROXY: 'true; rm' })).toThrow();
  });
});

describe("built apps' Content-Security-Policy", () => {
  // A built app of our own making: an index.html with the nonce placeholder and one hashed asset.
  const dist = mkdtempSync(path.join(tmpdir(), 'gateway-csp-'));
  mkdirSync(path.join(dist, 'assets'));
  writeFileSync(path.join(dist, 'assets', 'index-abc.js'), 'export {};');
  writeFileSync(
    path.join(dist, 'index.html'),
    '<!doctype html><html><head><meta property="csp-nonce" nonce="CSP_STYLE_NONCE" /></head><body></body></html>',
  );
  afterAll(() => rmSync(dist, { recursive: true, force: true }));
  const config = loadGatewayConfig({
    ...required,
    ENDPOINT: 'http://users.example.test:3001',
    ADMIN_ENDPOINT: 'http://admin.example.test:3002',
    UI_DIST: dist,
    CONSOLE_DIST: dist,
    DEMO_APP_DIST: dist,
    LOG_LEVEL: 'warn',
  });
  const directive = (policy: string, name: string) =>
    policy
      .split(';')
      .map((part) => part.trim())
      .find((part) => part.startsWith(`${name} `));

  it("lets the console connect to the user endpoint's origin, and no other app", async () => {
    const admin = buildApp(config, adminListener);
    const users = buildApp(config, defaultListener);
    try {
      const consolePolicy = String((await admin.inject('/console/applications')).headers['content-security-policy']);
      expect(directive(consolePolicy, 'connect-src')).toBe("connect-src 'self' http://users.example.test:3001");
      for (const [gateway, url] of [
        [admin, '/sign-in'],
        [users, '/demo-app/'],
        [users, '/sign-in'],
      ] as const) {
        const policy = String((await gateway.inject(url)).headers['content-security-policy']);
        expect(directive(policy, 'connect-src'), url).toBe("connect-src 'self'");
        expect(directive(policy, 'style-src'), url).toBe("style-src 'self'");
      }
    } finally {
      await admin.close();
      await users.close();
    }
  });

  it('allows style elements carrying a fresh per-page nonce, which the page is given, and no inline script', async () => {
    const admin = buildApp(config, adminListener);
    try {
      const pages = await Promise.all([admin.inject('/console/'), admin.inject('/console/roles')]);
      const nonces = pages.map((page) => {
        const policy = String(page.headers['content-security-policy']);
        const nonce = /style-src 'self' 'nonce-([A-Za-z0-9+/=]+)'(;|$)/.exec(policy)?.[1];
        expect(nonce).toBeDefined();
        expect(directive(policy, 'script-src')).toBe("script-src 'self'");
        expect(page.body).toContain(`<meta property="csp-nonce" nonce="${nonce}" />`);
        expect(page.headers['cache-control']).toBe('no-store');
        return nonce;
      });
      expect(new Set(nonces).size).toBe(2);
      expect(String(await admin.inject('/console/').then(({ body }) => body))).not.toContain('CSP_STYLE_NONCE');
      // Hashed assets stay cacheable.
      expect((await admin.inject('/console/assets/index-abc.js')).headers['cache-control']).toContain('immutable');
    } finally {
      await admin.close();
    }
  });
});
