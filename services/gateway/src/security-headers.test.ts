import { describe, expect, it } from 'vitest';
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
