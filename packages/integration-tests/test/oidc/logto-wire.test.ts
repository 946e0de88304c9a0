// The OIDC endpoints as Logto's answer them, from a plain HTTP client: form posts to the
// authorization endpoint, JSON bodies, client_secret in the body, and the fields Logto adds to
// OAuth error bodies (`code`, `message`, `error_uri`; none with `?parse_error=false`).
import http from 'node:http';
import { defaultTenantId } from '@idp/db';
import { internalSecretHeader, tenantHeader } from '@idp/server-kit';
import * as jose from 'jose';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authorize,
  BrowserSession,
  callbackUrl,
  discoverRp,
  insertApplication,
  insertResource,
  insertUser,
  signInAndRedeem,
  registerSpa,
  startTestStack,
  type TestStack,
} from '../../src/index.ts';

let stack: TestStack;
let issuer: string;
let spa: { id: string };
let spaRp: client.Configuration;
let m2m: { id: string; secret: string };
let web: { id: string; secret: string };
let user: { id: string };

beforeAll(async () => {
  stack = await startTestStack();
  issuer = `${stack.userUrl}/oidc`;
  const { db } = stack.database;
  ({ app: spa, rp: spaRp } = await registerSpa(stack));
  m2m = await insertApplication(db, defaultTenantId, { type: 'MachineToMachine' });
  web = await insertApplication(db, defaultTenantId, {
    type: 'Traditional',
    oidcClientMetadata: { redirectUris: [callbackUrl], postLogoutRedirectUris: [] },
  });
  user = await insertUser(db, defaultTenantId);
});
afterAll(async () => stack?.stop());

const post = (path: string, body: URLSearchParams | Record<string, unknown>, headers: Record<string, string> = {}) =>
  fetch(`${issuer}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': body instanceof URLSearchParams ? 'application/x-www-form-urlencoded' : 'application/json',
      ...headers,
    },
    body: body instanceof URLSearchParams ? body : JSON.stringify(body),
  });

const authorizationParameters = async () => ({
  client_id: spa.id,
  response_type: 'code',
  redirect_uri: callbackUrl,
  scope: 'openid',
  code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
  code_challenge_method: 'S256',
  state: 'form-post',
});

/** Signs the user in to a web app and redeems the code with client_secret in the form body. */
const redeemWithSecretInBody = async (app: { id: string; secret: string }, scope = 'openid offline_access') => {
  const appRp = await discoverRp(issuer, app.id, { secret: app.secret });
  const flow = await authorize(stack, appRp, user.id, { scope });
  const response = await post(
    '/token',
    new URLSearchParams({
      grant_type: 'authorization_code',
      code: flow.callback.searchParams.get('code')!,
      redirect_uri: callbackUrl,
      code_verifier: flow.codeVerifier,
      client_id: app.id,
      client_secret: app.secret,
    }),
  );
  expect(response.status).toBe(200);
  return (await response.json()) as { id_token: string; refresh_token?: string };
};

describe('request bodies Logto accepts', () => {
  it('answers a form POST to /oidc/auth as the GET with the same parameters', async () => {
    const response = await post('/auth', new URLSearchParams(await authorizationParameters()));
    expect(response.status).toBe(303);
    expect(new URL(response.headers.get('location')!, stack.userUrl).pathname).toBe('/sign-in');
    expect(response.headers.getSetCookie().some((cookie) => cookie.startsWith('_interaction'))).toBe(true);

    // A refusal there redirects to the app just as the GET's would.
    const refused = await post('/auth', new URLSearchParams({ ...(await authorizationParameters()), code_challenge_method: 'plain' }));
    expect(refused.status).toBe(303);
    const location = new URL(refused.headers.get('location')!);
    expect(location.href.startsWith(callbackUrl)).toBe(true);
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('state')).toBe('form-post');
  });

  it('answers a form POST to /oidc/session/end as the GET', async () => {
    const viaGet = await fetch(`${issuer}/session/end?client_id=${spa.id}`);
    const viaPost = await post('/session/end', new URLSearchParams({ client_id: spa.id }));
    expect(viaPost.status).toBe(viaGet.status);
    expect(viaPost.headers.get('content-type')).toBe(viaGet.headers.get('content-type'));
    const [getPage, postPage] = [await viaGet.text(), await viaPost.text()];
    const action = (page: string) => /action="([^"]+)"/.exec(page)?.[1];
    expect(action(postPage)).toBeTruthy();
    expect(action(postPage)).toBe(action(getPage));
  });

  it('takes a JSON body at the token endpoint, client_secret included', async () => {
    const response = await post('/token', { grant_type: 'client_credentials', client_id: m2m.id, client_secret: m2m.secret });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ token_type: 'Bearer', access_token: expect.any(String) });

    const wrong = await post('/token', { grant_type: 'client_credentials', client_id: m2m.id, client_secret: 'not-it' });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ code: 'oidc.invalid_client', error: 'invalid_client' });
  });

  it('redeems a code with client_secret in the form body beside the other parameters', async () => {
    const tokens = await redeemWithSecretInBody(web, 'openid profile offline_access');
    expect(tokens.id_token).toBeTruthy();

    // The refresh token, as JSON, with the secret in the body too.
    const refreshed = await post('/token', {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
      client_id: web.id,
      client_secret: web.secret,
    });
    expect(refreshed.status).toBe(200);
  });

  it('answers a body that is not JSON with guard.invalid_input', async () => {
    const response = await fetch(`${issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"grant_type":',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'guard.invalid_input', message: expect.any(String) });
  });

  it('reads resource=a,b in an authorization request as two resources', async () => {
    const first = 'https://wire-a.example.com';
    const second = 'https://wire-b.example.com';
    await insertResource(stack.database.db, defaultTenantId, first, ['read']);
    await insertResource(stack.database.db, defaultTenantId, second, ['read']);
    const session = new BrowserSession(stack);
    const query = new URLSearchParams({ ...(await authorizationParameters()), resource: `${first},${second}` });
    const landing = await session.follow(`${issuer}/auth?${query}`, (url) => !url.pathname.startsWith('/oidc'));
    expect(landing.url.pathname).toBe('/sign-in');
    const details = (await (await session.interactionDetails()).json()) as { params: { resource?: unknown } };
    expect(details.params.resource).toEqual([first, second]);
    // The rewritten query keeps the provider's own URLs under /oidc.
    const finished = await session.finishInteraction({ login: { accountId: user.id } });
    const { redirectTo } = (await finished.json()) as { redirectTo: string };
    expect(redirectTo.startsWith(`${issuer}/auth/`)).toBe(true);
  });
});

// A revalidating GET as a browser cache sends it (fetch itself adds Cache-Control: no-cache to a
// request with If-None-Match, which asks for a full answer).
function conditionalGet(url: string, headers: Record<string, string>): Promise<{ status: number; etag?: string; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          body += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, etag: response.headers.etag, body }));
      })
      .on('error', reject);
  });
}

describe('entity tags on GET answers', () => {
  it('tags discovery and keys and answers a matching If-None-Match with 304', async () => {
    // At the oidc service itself (the gateway keeps its own copy of these two for a second) …
    const internal = { [tenantHeader]: defaultTenantId, [internalSecretHeader]: stack.config.INTERNAL_SECRET };
    const direct = (path: string, headers: Record<string, string> = {}) =>
      conditionalGet(`${stack.serviceUrls.oidc}/oidc${path}`, { ...internal, ...headers });
    for (const path of ['/.well-known/openid-configuration', '/jwks']) {
      const { etag } = await direct(path);
      expect(etag, path).toMatch(/^"[0-9a-f]+-[\w+/]{27}"$/);
      // Twice: the second answer comes from the service's stored copy of the first.
      for (let round = 0; round < 2; round += 1) {
        expect(await direct(path, { 'if-none-match': etag! }), path).toMatchObject({ status: 304, body: '' });
      }
      expect((await direct(path, { 'if-none-match': '"other"' })).status, path).toBe(200);
      expect((await direct(path, { 'if-none-match': etag!, 'cache-control': 'no-cache' })).status, path).toBe(200);
      // … and through the gateway, which passes the tag on.
      expect((await fetch(`${issuer}${path}`)).headers.get('etag'), path).toMatch(/^"[0-9a-f]+-[\w+/]{27}"$/);
    }
  });

  it('tags userinfo', async () => {
    const { tokens } = await signInAndRedeem(stack, spaRp, user.id, { scope: 'openid profile' });
    const authorization = `Bearer ${tokens.access_token}`;
    const { etag } = await conditionalGet(`${issuer}/me`, { authorization });
    expect(etag).toBeTruthy();
    expect((await conditionalGet(`${issuer}/me`, { authorization, 'if-none-match': etag! })).status).toBe(304);
  });
});

describe("Logto's fields on OAuth errors", () => {
  const badGrant = () =>
    new URLSearchParams({
      grant_type: 'authorization_code',
      code: 'no-such-code',
      redirect_uri: callbackUrl,
      code_verifier: 'x'.repeat(43),
      client_id: spa.id,
    });

  it('adds code, message and error_uri to invalid_grant', async () => {
    const response = await post('/token', badGrant());
    expect(response.status).toBe(400);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      code: 'oidc.invalid_grant',
      message: expect.any(String),
      error_uri: 'https://openid.sh/debug/invalid_grant',
      error: 'invalid_grant',
      error_description: expect.any(String),
    });
    expect(Object.keys(body).slice(0, 3)).toEqual(['code', 'message', 'error_uri']);
  });

  it('returns the bare OAuth body with ?parse_error=false', async () => {
    const response = await post('/token?parse_error=false', badGrant());
    expect(response.status).toBe(400);
    expect(await response.json()).toStrictEqual({ error: 'invalid_grant', error_description: expect.any(String) });
  });

  it('gives other errors a code and message but no error_uri', async () => {
    const response = await fetch(`${issuer}/me`, { headers: { authorization: 'Bearer not-a-token' } });
    expect(response.status).toBe(401);
    const body = await response.json();
    expect(body).toMatchObject({ code: 'oidc.invalid_token', message: expect.any(String), error: 'invalid_token' });
    expect(body).not.toHaveProperty('error_uri');
  });

  it('answers an unknown OIDC route with a JSON 404 naming method and path', async () => {
    const response = await fetch(`${issuer}/nope`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      code: 'oidc.invalid_request',
      message: expect.any(String),
      error: 'invalid_request',
      error_description: 'unrecognized route or not allowed method (GET on /nope)',
    });
    const bare = await fetch(`${issuer}/nope?parse_error=false`, { method: 'DELETE' });
    expect(bare.status).toBe(404);
    expect(await bare.json()).toStrictEqual({
      error: 'invalid_request',
      error_description: 'unrecognized route or not allowed method (DELETE on /nope)',
    });
  });

  it('says session.not_found when the browser lost its authorization request', async () => {
    const response = await fetch(`${issuer}/auth/no-such-interaction`, { redirect: 'manual' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'session.not_found', message: expect.any(String), error: 'invalid_request' });
  });
});

describe("an app's token settings (customClientMetadata), as Logto honours them", () => {
  const webApp = (custom: Record<string, unknown>) =>
    insertApplication(stack.database.db, defaultTenantId, {
      type: 'Traditional',
      oidcClientMetadata: { redirectUris: [callbackUrl], postLogoutRedirectUris: [] },
      customClientMetadata: custom,
    });
  const refresh = async (app: { id: string; secret: string }, refreshToken: string) => {
    const response = await post(
      '/token',
      new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: app.id, client_secret: app.secret }),
    );
    expect(response.status).toBe(200);
    return (await response.json()) as { refresh_token?: string };
  };
  const lifetime = async (app: { id: string; secret: string }, token: string) => {
    const response = await post('/token/introspection', new URLSearchParams({ token, client_id: app.id, client_secret: app.secret }));
    const { exp, iat } = (await response.json()) as { exp: number; iat: number };
    return exp - iat;
  };

  it('gives ID tokens and refresh tokens the lifetimes the app sets', async () => {
    const app = await webApp({ idTokenTtl: 120, refreshTokenTtlInDays: 3 });
    const tokens = await redeemWithSecretInBody(app);
    const claims = jose.decodeJwt(tokens.id_token);
    expect(claims.exp! - claims.iat!).toBe(120);
    expect(await lifetime(app, tokens.refresh_token!)).toBe(3 * 24 * 3600);

    const defaults = await redeemWithSecretInBody(await webApp({}));
    const defaultClaims = jose.decodeJwt(defaults.id_token);
    expect(defaultClaims.exp! - defaultClaims.iat!).toBe(3600);
  });

  it('issues refresh tokens without offline_access to a web app with alwaysIssueRefreshToken', async () => {
    expect((await redeemWithSecretInBody(await webApp({ alwaysIssueRefreshToken: true }), 'openid')).refresh_token).toBeTruthy();
    expect((await redeemWithSecretInBody(await webApp({}), 'openid')).refresh_token).toBeUndefined();
  });

  it("rotates a confidential client's refresh token only late in its life, and never with rotateRefreshToken false", async () => {
    const app = await webApp({});
    const { refresh_token: first } = await redeemWithSecretInBody(app);
    const kept = await refresh(app, first!);
    expect(kept.refresh_token ?? first).toBe(first);

    const never = await webApp({ rotateRefreshToken: false });
    const { refresh_token: token } = await redeemWithSecretInBody(never);
    expect((await refresh(never, token!)).refresh_token ?? token).toBe(token);
  });

  it('lets browsers call the token endpoint from the origins the app lists in corsAllowedOrigins', async () => {
    const listed = 'https://listed.example.com';
    const app = await webApp({ corsAllowedOrigins: [listed] });
    const { refresh_token: token } = await redeemWithSecretInBody(app);
    const call = (origin: string) =>
      post(
        '/token',
        new URLSearchParams({ grant_type: 'refresh_token', refresh_token: token!, client_id: app.id, client_secret: app.secret }),
        {
          origin,
        },
      );
    const allowed = await call(listed);
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(listed);
    const other = await call('https://other.example.com');
    expect(other.status).toBe(400);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});
