import { defaultTenantId } from '@idp/db';
import { applications, users } from '@idp/schemas';
import { and, eq } from 'drizzle-orm';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authorize,
  BrowserSession,
  callbackUrl,
  discoverRp,
  insertApplication,
  insertUser,
  signInAndRedeem,
  registerSpa,
  startTestStack,
  type TestStack,
} from '../../src/index.ts';

let stack: TestStack;
let issuer: string;
let user: { id: string };

beforeAll(async () => {
  stack = await startTestStack();
  issuer = `${stack.userUrl}/oidc`;
  user = await insertUser(stack.database.db, defaultTenantId);
});
afterAll(async () => stack?.stop());

const appWhere = (id: string) => and(eq(applications.tenantId, defaultTenantId), eq(applications.id, id));

/** An authorization request with PKCE for `redirectUri`, as a browser sends it (redirects not followed). */
async function authorizationRequest(rp: client.Configuration, redirectUri: string, extra: Record<string, string> = {}) {
  const url = client.buildAuthorizationUrl(rp, {
    redirect_uri: redirectUri,
    scope: 'openid',
    state: client.randomState(),
    code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
    code_challenge_method: 'S256',
    ...extra,
  });
  const response = await fetch(url, { redirect: 'manual' });
  const location = response.headers.get('location');
  const body = response.status === 400 ? ((await response.json()) as { error?: string }) : undefined;
  return {
    status: response.status,
    location: location ? new URL(location, stack.userUrl) : undefined,
    error: body?.error,
  };
}

/** Where the authorization request lands: the sign-in page, or the refusal. */
async function outcome(rp: client.Configuration, redirectUri: string) {
  const result = await authorizationRequest(rp, redirectUri);
  if (result.status === 303 && result.location?.origin === stack.userUrl) return result.location.pathname;
  return `${result.status} ${result.error ?? result.location?.href}`;
}

const redeem = (rp: client.Configuration, flow: Awaited<ReturnType<typeof authorize>>, extra: { maxAge?: number } = {}) =>
  client.authorizationCodeGrant(rp, flow.callback, {
    pkceCodeVerifier: flow.codeVerifier,
    expectedState: flow.state,
    expectedNonce: flow.nonce,
    idTokenExpected: true,
    ...extra,
  });

describe('client cache', () => {
  it("follows changes to an app's redirect URIs and its deletion", async () => {
    const { db } = stack.database;
    const original = 'http://127.0.0.1:9/original';
    const added = 'http://127.0.0.1:9/added';
    const { app, rp } = await registerSpa(stack, { redirectUris: [original] });
    // Both requests load the client into the cache as it is now.
    expect(await outcome(rp, original)).toBe('/sign-in');
    expect(await outcome(rp, added)).toBe('400 invalid_redirect_uri');

    await db
      .update(applications)
      .set({ oidcClientMetadata: { redirectUris: [original, added], postLogoutRedirectUris: [] } })
      .where(appWhere(app.id));
    await expect.poll(() => outcome(rp, added), { timeout: 3000, interval: 50 }).toBe('/sign-in');
    expect(await outcome(rp, original)).toBe('/sign-in');

    await db
      .update(applications)
      .set({ oidcClientMetadata: { redirectUris: [added], postLogoutRedirectUris: [] } })
      .where(appWhere(app.id));
    await expect.poll(() => outcome(rp, original), { timeout: 3000, interval: 50 }).toBe('400 invalid_redirect_uri');
    expect(await outcome(rp, added)).toBe('/sign-in');
    // A full sign-in through the new URI works.
    const flow = await authorize(stack, rp, user.id, { redirectUri: added });
    expect(flow.callback.origin + flow.callback.pathname).toBe(added);

    await db.delete(applications).where(appWhere(app.id));
    await expect.poll(() => outcome(rp, added), { timeout: 3000, interval: 50 }).toBe('400 invalid_client');
    // An unknown client gets the JSON error, never a redirect to the (unverifiable) redirect URI.
    const refused = await authorizationRequest(rp, added);
    expect(refused.location).toBeUndefined();
  });
});

describe('native apps', () => {
  const loopback = 'http://127.0.0.1/callback';
  const customScheme = 'io.example.app://callback';
  let native: { id: string };
  let rp: client.Configuration;

  beforeAll(async () => {
    native = await insertApplication(stack.database.db, defaultTenantId, {
      type: 'Native',
      oidcClientMetadata: { redirectUris: [loopback, customScheme], postLogoutRedirectUris: [] },
    });
    rp = await discoverRp(issuer, native.id);
  });

  it('completes the code flow on the registered custom scheme URI', async () => {
    const flow = await authorize(stack, rp, user.id, { redirectUri: customScheme });
    expect(flow.callback.protocol).toBe('io.example.app:');
    expect(flow.callback.href.split('?')[0]).toBe(customScheme);
    const tokens = await redeem(rp, flow);
    expect(tokens.claims()).toMatchObject({ sub: user.id, aud: native.id });
  });

  it('accepts the registered loopback URI on any port (RFC 8252, section 7.3)', async () => {
    const withPort = 'http://127.0.0.1:51234/callback';
    const flow = await authorize(stack, rp, user.id, { redirectUri: withPort });
    expect(flow.callback.host).toBe('127.0.0.1:51234');
    expect(flow.callback.pathname).toBe('/callback');
    // The code is bound to the URI with the port: it is redeemed with that one.
    const tokens = await redeem(rp, flow);
    expect(tokens.claims()?.sub).toBe(user.id);
    expect(await outcome(rp, loopback)).toBe('/sign-in');
  });

  it('refuses any other path, host, or custom scheme URI', async () => {
    for (const uri of [
      'http://127.0.0.1:51234/other',
      'http://127.0.0.1/callback/more',
      'http://localhost/callback',
      'http://localhost:51234/callback',
      'http://127.0.0.2/callback',
      'https://127.0.0.1/callback',
      'io.example.app://callback/other',
      'io.example.app://other',
      'io.example.evil://callback',
    ]) {
      expect(await outcome(rp, uri), uri).toBe('400 invalid_redirect_uri');
    }
  });

  it('does not extend the port exception to web apps', async () => {
    const { rp: spaRp } = await registerSpa(stack, { redirectUris: [loopback] });
    expect(await outcome(spaRp, loopback)).toBe('/sign-in');
    expect(await outcome(spaRp, 'http://127.0.0.1:51234/callback')).toBe('400 invalid_redirect_uri');
  });
});

describe('traditional (confidential) apps', () => {
  let app: { id: string; secret: string };

  beforeAll(async () => {
    app = await insertApplication(stack.database.db, defaultTenantId, {
      type: 'Traditional',
      oidcClientMetadata: { redirectUris: [callbackUrl], postLogoutRedirectUris: [] },
    });
  });

  it('redeems the code with client_secret_basic', async () => {
    const rp = await discoverRp(issuer, app.id, { secret: app.secret });
    const { tokens } = await signInAndRedeem(stack, rp, user.id);
    expect(tokens.claims()).toMatchObject({ sub: user.id, aud: app.id });
    expect(tokens.refresh_token).toBeTruthy();
  });

  it('refuses the code with a wrong secret (invalid_client), without consuming it', async () => {
    const good = await discoverRp(issuer, app.id, { secret: app.secret });
    const bad = await discoverRp(issuer, app.id, { secret: `${app.secret}x` });
    const flow = await authorize(stack, good, user.id);
    const error = (await redeem(bad, flow).catch((caught: unknown) => caught)) as client.WWWAuthenticateChallengeError;
    expect(error).toBeInstanceOf(client.WWWAuthenticateChallengeError);
    expect(error.status).toBe(401);
    expect(error.cause[0]?.parameters.error).toBe('invalid_client');
    // Without any client authentication the code is refused as well.
    const none = await discoverRp(issuer, app.id);
    await expect(redeem(none, flow)).rejects.toMatchObject({ error: 'invalid_client' });
    // The failed attempts did not burn the code.
    const tokens = await redeem(good, flow);
    expect(tokens.claims()?.sub).toBe(user.id);
  });

  it('does not require PKCE: a code flow without it succeeds', async () => {
    const rp = await discoverRp(issuer, app.id, { secret: app.secret });
    const state = client.randomState();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(rp, { redirect_uri: callbackUrl, scope: 'openid', state, nonce });
    const callback = await new BrowserSession(stack).authorize(url, user.id, callbackUrl);
    expect(callback.searchParams.get('code')).toBeTruthy();
    const tokens = await client.authorizationCodeGrant(rp, callback, { expectedState: state, expectedNonce: nonce, idTokenExpected: true });
    expect(tokens.claims()).toMatchObject({ sub: user.id, nonce });
  });

  it('cannot be redeemed by another app', async () => {
    const other = await insertApplication(stack.database.db, defaultTenantId, {
      type: 'Traditional',
      oidcClientMetadata: { redirectUris: [callbackUrl], postLogoutRedirectUris: [] },
    });
    const flow = await authorize(stack, await discoverRp(issuer, app.id, { secret: app.secret }), user.id);
    const otherRp = await discoverRp(issuer, other.id, { secret: other.secret });
    await expect(redeem(otherRp, flow)).rejects.toMatchObject({ error: 'invalid_grant' });
  });
});

describe('re-authentication', () => {
  let rp: client.Configuration;

  beforeAll(async () => {
    const spa = await insertApplication(stack.database.db, defaultTenantId, {
      type: 'SPA',
      oidcClientMetadata: { redirectUris: [callbackUrl], postLogoutRedirectUris: [] },
    });
    rp = await discoverRp(issuer, spa.id);
  });

  // A generous max_age makes the OP put auth_time into the ID token without forcing a sign-in.
  const withAuthTime = { extra: { max_age: '3600' } };

  for (const [label, parameters] of [
    ['max_age=0', { max_age: '0' }],
    ['prompt=login', { prompt: 'login', max_age: '3600' }],
  ] as const) {
    it(`${label} sends a signed-in browser to the sign-in page again, and auth_time moves on`, async () => {
      const first = await authorize(stack, rp, user.id, withAuthTime);
      const firstClaims = (await redeem(rp, first)).claims()!;
      expect(firstClaims.auth_time).toEqual(expect.any(Number));

      // Without either, the session signs the user in silently and keeps the original auth_time.
      const silent = await authorize(stack, rp, user.id, withAuthTime, first.session);
      expect((await redeem(rp, silent)).claims()!.auth_time).toBe(firstClaims.auth_time);

      await new Promise((resolve) => setTimeout(resolve, 1100));
      const codeVerifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const nonce = client.randomNonce();
      const url = client.buildAuthorizationUrl(rp, {
        redirect_uri: callbackUrl,
        scope: 'openid',
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
        ...parameters,
      });
      const landed = await first.session.follow(url, (target) => target.href.startsWith(callbackUrl));
      expect(landed.url.origin).toBe(stack.userUrl);
      expect(landed.url.pathname).toBe('/sign-in');

      const finished = await first.session.finishInteraction({ login: { accountId: user.id } });
      expect(finished.status).toBe(200);
      const { redirectTo } = (await finished.json()) as { redirectTo: string };
      const back = await first.session.follow(redirectTo, (target) => target.href.startsWith(callbackUrl));
      expect(back.url.href.startsWith(callbackUrl)).toBe(true);
      const tokens = await client.authorizationCodeGrant(rp, back.url, {
        pkceCodeVerifier: codeVerifier,
        expectedState: state,
        expectedNonce: nonce,
        idTokenExpected: true,
        maxAge: Number(parameters.max_age),
      });
      const claims = tokens.claims()!;
      expect(claims.sub).toBe(user.id);
      expect(claims.auth_time).toBeGreaterThan(firstClaims.auth_time!);
    });
  }
});

describe('nonce and state', () => {
  it('returns state unchanged and puts the nonce sent into the ID token', async () => {
    const spa = await insertApplication(stack.database.db, defaultTenantId, {
      type: 'SPA',
      oidcClientMetadata: { redirectUris: [callbackUrl], postLogoutRedirectUris: [] },
    });
    const rp = await discoverRp(issuer, spa.id);
    const state = 'state with spaces & symbols/=?';
    const nonce = `n-${client.randomNonce()}`;
    const flow = await authorize(stack, rp, user.id, { extra: { state, nonce } });
    expect(flow.callback.searchParams.get('state')).toBe(state);
    const tokens = await client.authorizationCodeGrant(rp, flow.callback, {
      pkceCodeVerifier: flow.codeVerifier,
      expectedState: state,
      expectedNonce: nonce,
      idTokenExpected: true,
    });
    expect(tokens.claims()?.nonce).toBe(nonce);
    const refreshed = await client.refreshTokenGrant(rp, tokens.refresh_token!);
    // A refreshed ID token is about the same authentication: same subject, no other nonce.
    expect(refreshed.claims()?.sub).toBe(user.id);
    expect([undefined, nonce]).toContain(refreshed.claims()?.nonce);
  });
});

describe('grant types by app type', () => {
  it('keeps a machine-to-machine app away from the authorization endpoint', async () => {
    const m2m = await insertApplication(stack.database.db, defaultTenantId, { type: 'MachineToMachine' });
    const rp = await discoverRp(issuer, m2m.id, { secret: m2m.secret });
    // It has no redirect URI to send a code to …
    const withRedirect = await authorizationRequest(rp, callbackUrl);
    expect(withRedirect).toMatchObject({ status: 400, location: undefined, error: 'invalid_redirect_uri' });
    // … and, without one, response_type=code is not allowed for it.
    const url = client.buildAuthorizationUrl(rp, {
      scope: 'openid',
      code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
    });
    const response = await fetch(url, { redirect: 'manual' });
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.json()).toMatchObject({
      error: 'invalid_request',
      error_description: expect.stringMatching(/response_type/),
    });
  });

  it('refuses client_credentials to an SPA', async () => {
    const spa = await insertApplication(stack.database.db, defaultTenantId, {
      type: 'SPA',
      oidcClientMetadata: { redirectUris: [callbackUrl], postLogoutRedirectUris: [] },
    });
    const rp = await discoverRp(issuer, spa.id);
    // oidc-provider (and so Logto) answers invalid_request here, where RFC 6749 §5.2 names
    // unauthorized_client; either way there is no token.
    await expect(client.clientCredentialsGrant(rp, { scope: '' })).rejects.toMatchObject({
      error: 'invalid_request',
      error_description: 'requested grant type is not allowed for this client',
    });
  });
});

describe('suspended users', () => {
  let rp: client.Configuration;

  beforeAll(async () => {
    const spa = await insertApplication(stack.database.db, defaultTenantId, {
      type: 'SPA',
      oidcClientMetadata: { redirectUris: [callbackUrl], postLogoutRedirectUris: [] },
    });
    rp = await discoverRp(issuer, spa.id);
  });

  const suspend = (id: string) =>
    stack.database.db
      .update(users)
      .set({ isSuspended: true })
      .where(and(eq(users.tenantId, defaultTenantId), eq(users.id, id)));

  /**
   * Follows an authorization request (signing in as `accountId` when the sign-in page comes up)
   * and records every answer, so a test can see where the flow stops and that nothing fails with a
   * server error.
   */
  async function walk(session: BrowserSession, accountId: string) {
    const codeVerifier = client.randomPKCECodeVerifier();
    const url = client.buildAuthorizationUrl(rp, {
      redirect_uri: callbackUrl,
      scope: 'openid offline_access',
      prompt: 'consent',
      state: 'st',
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    });
    const statuses: string[] = [];
    let current: URL | undefined = url;
    let signedIn = false;
    for (let hop = 0; current && hop < 12; hop += 1) {
      if (current.href.startsWith(callbackUrl)) break;
      if (current.origin === stack.userUrl && current.pathname === '/sign-in') {
        if (signedIn) break; // sent back to the sign-in page: the flow stops here
        signedIn = true;
        const finished = await session.finishInteraction({ login: { accountId } });
        statuses.push(`finish ${finished.status}`);
        if (!finished.ok) return { statuses, callback: undefined, codeVerifier };
        current = new URL(((await finished.json()) as { redirectTo: string }).redirectTo);
        continue;
      }
      const response = await session.fetch(current);
      statuses.push(`${current.pathname} ${response.status}`);
      const location = response.headers.get('location');
      current = location ? new URL(location, current) : undefined;
    }
    const callback = current?.href.startsWith(callbackUrl) ? current : undefined;
    return { statuses, callback, codeVerifier };
  }

  it('gets no code and no tokens when signing in while suspended, and no server error either', async () => {
    const suspended = await insertUser(stack.database.db, defaultTenantId, { isSuspended: true });
    const { statuses, callback, codeVerifier } = await walk(new BrowserSession(stack), suspended.id);
    const code = callback?.searchParams.get('code');
    if (code) {
      // Were a code issued, it must not be redeemable.
      const response = await fetch(`${issuer}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          redirect_uri: callbackUrl,
          client_id: rp.clientMetadata().client_id,
          code_verifier: codeVerifier,
        }),
      });
      expect(response.status).toBe(400);
    }
    expect(code ?? null).toBeNull();
    // Actual today: the interaction API accepts the login (200) and oidc-provider then answers
    // /oidc/auth/:uid with 500 server_error. Expected: a refusal, never a 5xx.
    expect(
      statuses.filter((status) => / 5\d\d$/.test(status)),
      statuses.join(', '),
    ).toEqual([]);
  });

  it('loses userinfo, refresh and silent sign-in once suspended', async () => {
    const victim = await insertUser(stack.database.db, defaultTenantId);
    const { tokens, session } = await signInAndRedeem(stack, rp, victim.id);
    expect((await client.fetchUserInfo(rp, tokens.access_token, victim.id)).sub).toBe(victim.id);

    await suspend(victim.id);
    await expect(client.fetchUserInfo(rp, tokens.access_token, victim.id)).rejects.toBeInstanceOf(client.WWWAuthenticateChallengeError);
    await expect(client.refreshTokenGrant(rp, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });

    // The browser's session still names the suspended user: a new authorization must not yield a
    // code for them, and must not fail with a server error (today: 500 from /oidc/auth).
    const { statuses, callback } = await walk(session, victim.id);
    expect(callback?.searchParams.get('code') ?? null).toBeNull();
    expect(
      statuses.filter((status) => / 5\d\d$/.test(status)),
      statuses.join(', '),
    ).toEqual([]);
  });
});

describe('CORS for browser apps', () => {
  it("lets the app's own origin and the OP's origin call the token endpoint, and no one else", async () => {
    const spa = await insertApplication(stack.database.db, defaultTenantId, {
      type: 'SPA',
      oidcClientMetadata: { redirectUris: ['http://spa.example.com:8080/callback'], postLogoutRedirectUris: [] },
    });
    const allowed = async (origin: string) => {
      const response = await fetch(`${issuer}/token`, {
        method: 'POST',
        headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'unknown', client_id: spa.id }),
      });
      return response.headers.get('access-control-allow-origin');
    };
    expect(await allowed('http://spa.example.com:8080')).toBe('http://spa.example.com:8080');
    expect(await allowed(stack.userUrl)).toBe(stack.userUrl);
    expect(await allowed('https://evil.example.com')).toBeNull();
  });
});
