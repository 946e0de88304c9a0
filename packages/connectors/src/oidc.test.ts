// The oidc connector against a real (minimal) OpenID Provider over HTTP on loopback: authorization
// request, the provider's redirect with a code, code exchange, ID token verification and userinfo.
import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';

import { generateKeyPair } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { startMinimalOp, type MinimalOp } from '../test/minimal-op.ts';
import { createConnector } from '../test/loopback-connectors.ts';
import { ConnectorError, type SocialConnector } from './index.ts';

const clientId = 'idp-client';
const clientSecret = 'cl1ent-s3cret-value';
const redirectUri = 'https://idp.test/callback/oidc';

let op: MinimalOp;

beforeAll(async () => {
  op = await startMinimalOp({ clientId, clientSecret });
});

afterAll(async () => {
  await op.close();
});

beforeEach(() => {
  op.idTokenClaims = {
    sub: 'user-42',
    email: 'Alice@Example.com',
    email_verified: true,
    name: 'Alice Liddell',
  };
  op.userinfoClaims = { phone_number: '+15555550142', picture: 'https://img.example.com/alice.png' };
});

const connectorFor = (config: Record<string, unknown> = {}): SocialConnector =>
  createConnector('oidc', { issuer: op.issuer, clientId, clientSecret, ...config });

/** Plays the browser: follows the authorization URI to the provider and reads the redirect back. */
async function authorize(authorizationUri: string): Promise<{ code: string; state: string | null }> {
  const response = await fetch(authorizationUri, { redirect: 'manual' });
  expect(response.status).toBe(302);
  const location = new URL(response.headers.get('location') ?? '');
  expect(`${location.origin}${location.pathname}`).toBe(redirectUri);
  const code = location.searchParams.get('code');
  if (!code) throw new Error(`no code in ${location.toString()}`);
  return { code, state: location.searchParams.get('state') };
}

const random = () => randomBytes(32).toString('base64url');

/** Runs the whole flow and returns the connector's error, failing the test when there is none. */
async function flowError(connector: SocialConnector, options: { nonceForUserInfo?: string } = {}): Promise<ConnectorError> {
  const nonce = random();
  const { code } = await authorize(await connector.getAuthorizationUri({ state: random(), redirectUri, nonce }));
  const outcome: unknown = await connector.getUserInfo({ code, redirectUri, nonce: options.nonceForUserInfo ?? nonce }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(outcome).toBeInstanceOf(ConnectorError);
  return outcome as ConnectorError;
}

describe('oidc connector', () => {
  it('builds the authorization URI, exchanges the code with PKCE and maps the claims', async () => {
    const connector = connectorFor({ target: 'acme-sso' });
    expect(connector).toMatchObject({ factoryId: 'oidc', type: 'Social', target: 'acme-sso' });
    const state = random();
    const nonce = random();
    const codeVerifier = random();

    const uri = new URL(await connector.getAuthorizationUri({ state, redirectUri, nonce, codeVerifier }));
    expect(`${uri.origin}${uri.pathname}`).toBe(`${op.issuer}/auth`);
    expect(Object.fromEntries(uri.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: redirectUri,
      scope: 'openid profile email',
      state,
      nonce,
      code_challenge_method: 'S256',
    });
    expect(uri.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(uri.toString()).not.toContain(codeVerifier);

    const redirect = await authorize(uri.toString());
    expect(redirect.state).toBe(state);

    const info = await connector.getUserInfo({ code: redirect.code, redirectUri, nonce, codeVerifier });
    expect(info).toEqual({
      id: 'user-42',
      email: 'Alice@Example.com',
      emailVerified: true,
      phone: '+15555550142',
      name: 'Alice Liddell',
      avatar: 'https://img.example.com/alice.png',
      rawData: expect.objectContaining({
        sub: 'user-42',
        iss: op.issuer,
        aud: clientId,
        nonce,
        phone_number: '+15555550142',
        picture: 'https://img.example.com/alice.png',
      }),
    });
    // The OAuth default: the secret travelled in the Authorization header.
    expect(op.authMethodsUsed.at(-1)).toBe('client_secret_basic');
    // No token ends up in the returned profile.
    expect(JSON.stringify(info)).not.toMatch(/access_token|id_token|eyJ/);
  });

  it('fetches discovery once and shares it, and the key set, across connector instances', async () => {
    const discoveries = op.hits.discovery;
    const jwksFetches = op.hits.jwks;
    for (let i = 0; i < 3; i += 1) {
      const connector = connectorFor();
      const nonce = random();
      const { code } = await authorize(await connector.getAuthorizationUri({ state: random(), redirectUri, nonce }));
      expect((await connector.getUserInfo({ code, redirectUri, nonce })).id).toBe('user-42');
    }
    // The first test already loaded both; nothing was fetched again.
    expect(op.hits.discovery - discoveries).toBe(0);
    expect(op.hits.jwks - jwksFetches).toBe(0);
    expect(op.hits.discovery).toBe(1);
  });

  it('uses client_secret_post when configured, and accepts "true" as email_verified', async () => {
    op.idTokenClaims = { sub: 'user-43', email: 'bob@example.com', email_verified: 'true' };
    op.userinfoClaims = {};
    const connector = connectorFor({ tokenEndpointAuthMethod: 'client_secret_post', scope: 'email' });
    const uri = await connector.getAuthorizationUri({ state: random(), redirectUri });
    expect(new URL(uri).searchParams.get('scope')).toBe('openid email');
    expect(new URL(uri).searchParams.has('nonce')).toBe(false);
    const { code } = await authorize(uri);
    const info = await connector.getUserInfo({ code, redirectUri });
    expect(op.authMethodsUsed.at(-1)).toBe('client_secret_post');
    expect(info).toMatchObject({ id: 'user-43', email: 'bob@example.com', emailVerified: true });
    expect(info).not.toHaveProperty('phone');
  });

  it('works from explicit endpoints without discovery', async () => {
    const other = await startMinimalOp({ clientId, clientSecret });
    try {
      other.idTokenClaims = { sub: 'user-44' };
      const connector = createConnector('oidc', {
        issuer: other.issuer,
        authorizationEndpoint: `${other.issuer}/auth`,
        tokenEndpoint: `${other.issuer}/token`,
        jwksUri: `${other.issuer}/jwks`,
        clientId,
        clientSecret,
      });
      const nonce = random();
      const { code } = await authorize(await connector.getAuthorizationUri({ state: random(), redirectUri, nonce }));
      expect(await connector.getUserInfo({ code, redirectUri, nonce })).toEqual({ id: 'user-44', rawData: expect.any(Object) });
      expect(other.hits.discovery).toBe(0);
      expect(other.hits.userinfo).toBe(0);
    } finally {
      await other.close();
    }
  });

  it('rejects an ID token signed by another key', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    op.tamperNextIdToken({ signingKey: privateKey });
    const error = await flowError(connectorFor());
    expect(error.code).toBe('connector.social_invalid_id_token');
    expect(error.message).toMatch(/signature verification failed/i);
  });

  it('rejects an ID token whose nonce is not this sign-in’s', async () => {
    const error = await flowError(connectorFor(), { nonceForUserInfo: random() });
    expect(error).toMatchObject({ code: 'connector.social_invalid_id_token', message: expect.stringMatching(/nonce/) });
  });

  it('rejects an ID token for another audience', async () => {
    op.tamperNextIdToken({ claims: { aud: 'someone-else' } });
    const error = await flowError(connectorFor());
    expect(error).toMatchObject({ code: 'connector.social_invalid_id_token', message: expect.stringMatching(/aud/) });
  });

  it('rejects an ID token from another issuer, an expired one, and one authorised for another party', async () => {
    op.tamperNextIdToken({ claims: { iss: 'https://evil.example.com' } });
    expect(await flowError(connectorFor())).toMatchObject({
      code: 'connector.social_invalid_id_token',
      message: expect.stringMatching(/iss/),
    });

    const past = Math.floor(Date.now() / 1000) - 3600;
    op.tamperNextIdToken({ claims: { iat: past - 300, exp: past } });
    expect(await flowError(connectorFor())).toMatchObject({
      code: 'connector.social_invalid_id_token',
      message: expect.stringMatching(/exp/),
    });

    op.tamperNextIdToken({ claims: { aud: [clientId, 'other-client'], azp: 'other-client' } });
    expect(await flowError(connectorFor())).toMatchObject({
      code: 'connector.social_invalid_id_token',
      message: expect.stringMatching(/azp/),
    });
  });

  it('maps a used code to social_auth_code_invalid', async () => {
    const connector = connectorFor();
    const nonce = random();
    const { code } = await authorize(await connector.getAuthorizationUri({ state: random(), redirectUri, nonce }));
    await connector.getUserInfo({ code, redirectUri, nonce });
    await expect(connector.getUserInfo({ code, redirectUri, nonce })).rejects.toMatchObject({
      code: 'connector.social_auth_code_invalid',
      data: { status: 400, error: 'invalid_grant' },
    });
  });

  it('maps a PKCE mismatch to social_auth_code_invalid', async () => {
    const connector = connectorFor();
    const { code } = await authorize(await connector.getAuthorizationUri({ state: random(), redirectUri, codeVerifier: random() }));
    await expect(connector.getUserInfo({ code, redirectUri, codeVerifier: random() })).rejects.toMatchObject({
      code: 'connector.social_auth_code_invalid',
    });
  });

  it('reports a rejected client secret as authorization_failed without revealing the secret', async () => {
    const wrongSecret = 'wr0ng-cl1ent-s3cret';
    for (const method of ['client_secret_basic', 'client_secret_post']) {
      const error = await flowError(connectorFor({ clientSecret: wrongSecret, tokenEndpointAuthMethod: method }));
      expect(error).toMatchObject({ code: 'connector.authorization_failed', data: { status: 401, error: 'invalid_client' } });
      const everything = `${error.message} ${JSON.stringify(error)} ${inspect(error, { depth: 5 })}`;
      expect(everything).not.toContain(wrongSecret);
      expect(everything).not.toContain(Buffer.from(`${clientId}:${wrongSecret}`).toString('base64'));
    }
  });

  it('refuses userinfo about another subject', async () => {
    op.userinfoClaims = { sub: 'someone-else' };
    const error = await flowError(connectorFor());
    expect(error).toMatchObject({ code: 'connector.invalid_response', message: expect.stringMatching(/another subject/) });
  });

  it('refuses a discovery document that names another issuer', async () => {
    const liar = await startMinimalOp({ clientId, clientSecret, advertisedIssuer: () => 'https://evil.example.com' });
    try {
      const connector = createConnector('oidc', { issuer: liar.issuer, clientId, clientSecret });
      await expect(connector.getAuthorizationUri({ state: 's', redirectUri })).rejects.toMatchObject({
        code: 'connector.invalid_response',
        message: expect.stringMatching(/issuer/),
      });
    } finally {
      await liar.close();
    }
  });

  it('validates its inputs and config, and never shows the client secret', () => {
    const attempt = () => createConnector('oidc', { issuer: 'not a url', clientSecret, scope: 42 });
    expect(attempt).toThrow(ConnectorError);
    try {
      attempt();
    } catch (error: unknown) {
      expect(error).toMatchObject({ code: 'connector.invalid_config' });
      const { message } = error as ConnectorError;
      expect(message).toContain('issuer must be an absolute http(s) URL');
      expect(message).toContain('clientId is required');
      expect(message).toContain('scope must be a string');
      expect(message).not.toContain(clientSecret);
    }
    expect(() => createConnector('oidc', { issuer: op.issuer, clientId })).toThrowError(/clientSecret is required/);

    const connector = connectorFor();
    expect(JSON.stringify(connector)).not.toContain(clientSecret);
    expect(inspect(connector, { depth: 10, showHidden: true })).not.toContain(clientSecret);
  });

  it('refuses bad request parameters before contacting the provider', async () => {
    const connector = connectorFor();
    await expect(connector.getAuthorizationUri({ state: '', redirectUri })).rejects.toMatchObject({
      code: 'connector.invalid_request_parameters',
    });
    await expect(connector.getAuthorizationUri({ state: 's', redirectUri, codeVerifier: 'too-short' })).rejects.toMatchObject({
      code: 'connector.invalid_request_parameters',
    });
    await expect(connector.getUserInfo({ code: '', redirectUri })).rejects.toMatchObject({
      code: 'connector.invalid_request_parameters',
    });
  });
});
