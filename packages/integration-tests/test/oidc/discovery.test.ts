import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../../src/index.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => stack?.stop());

describe('discovery and keys', () => {
  it('publishes the provider metadata an RP needs, with the tenant endpoint as issuer', async () => {
    const config = await client.discovery(new URL(`${stack.userUrl}/oidc`), 'demo-app', undefined, client.None(), {
      execute: [client.allowInsecureRequests],
    });
    const metadata = config.serverMetadata();
    expect(metadata.issuer).toBe(`${stack.userUrl}/oidc`);
    expect(metadata).toMatchObject({
      authorization_endpoint: `${stack.userUrl}/oidc/auth`,
      token_endpoint: `${stack.userUrl}/oidc/token`,
      userinfo_endpoint: `${stack.userUrl}/oidc/me`,
      jwks_uri: `${stack.userUrl}/oidc/jwks`,
      end_session_endpoint: `${stack.userUrl}/oidc/session/end`,
      introspection_endpoint: `${stack.userUrl}/oidc/token/introspection`,
      revocation_endpoint: `${stack.userUrl}/oidc/token/revocation`,
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
      authorization_response_iss_parameter_supported: true,
      backchannel_logout_supported: true,
    });
    expect(metadata.grant_types_supported).toEqual(expect.arrayContaining(['authorization_code', 'refresh_token', 'client_credentials']));
    expect(metadata.grant_types_supported).not.toContain('implicit');
    expect(metadata.grant_types_supported).not.toContain('password');
    expect(metadata.scopes_supported).toEqual(
      expect.arrayContaining([
        'openid',
        'offline_access',
        'profile',
        'email',
        'phone',
        'address',
        'custom_data',
        'identities',
        'roles',
        'urn:logto:scope:organizations',
        'urn:logto:scope:organization_roles',
      ]),
    );
    expect(metadata.claims_supported).toEqual(expect.arrayContaining(['sub', 'username', 'email', 'roles', 'custom_data']));
    expect(metadata.id_token_signing_alg_values_supported).toEqual(expect.arrayContaining(['ES256', 'ES384', 'RS256', 'EdDSA']));
  });

  it('lets clients cache discovery and keys', async () => {
    for (const path of ['/oidc/.well-known/openid-configuration', '/oidc/jwks']) {
      const response = await fetch(`${stack.userUrl}${path}`);
      expect(response.headers.get('cache-control'), path).toBe('public, max-age=300');
    }
  });

  it('gives each tenant its own issuer', async () => {
    const response = await fetch(`${stack.adminUrl}/oidc/.well-known/openid-configuration`);
    expect(((await response.json()) as { issuer: string }).issuer).toBe(`${stack.adminUrl}/oidc`);
  });

  it('publishes public keys only: ES256 first, RS256 for RPs that expect it', async () => {
    const response = await fetch(`${stack.userUrl}/oidc/jwks`);
    expect(response.status).toBe(200);
    const { keys } = (await response.json()) as { keys: Array<Record<string, unknown>> };
    expect(keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(keys.map((key) => key.alg)).toEqual(expect.arrayContaining(['ES256', 'RS256', 'ES384', 'EdDSA']));
    for (const key of keys) {
      for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(key).not.toHaveProperty(secret);
    }
  });

  it('answers unknown /oidc paths with a JSON invalid_request, not HTML', async () => {
    const response = await fetch(`${stack.userUrl}/oidc/no-such-endpoint`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    expect(await response.json()).toMatchObject({ error: 'invalid_request' });
  });
});
