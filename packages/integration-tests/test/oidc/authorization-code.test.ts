import { defaultTenantId } from '@idp/db';
import { oidcModelInstances } from '@idp/schemas';
import { and, eq } from 'drizzle-orm';
import * as jose from 'jose';
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
import { lockModelRow, waitUntil, watchServer } from './race-barrier.ts';

let stack: TestStack;
let issuer: string;
let spa: { id: string };
let user: { id: string };
let rp: client.Configuration;

beforeAll(async () => {
  stack = await startTestStack();
  issuer = `${stack.userUrl}/oidc`;
  ({ app: spa, rp } = await registerSpa(stack, { postLogoutRedirectUris: ['http://127.0.0.1:9/signed-out'] }));
  user = await insertUser(stack.database.db, defaultTenantId, {
    name: 'Ada Lovelace',
    primaryEmail: 'ada@example.com',
    customData: { team: 'engines' },
  });
});
afterAll(async () => stack?.stop());

describe('authorization code flow with PKCE', () => {
  it('signs a user in: the callback carries code, state and iss; the ID token verifies against the JWKS', async () => {
    const { callback, tokens, state } = await signInAndRedeem(stack, rp, user.id, { scope: 'openid profile email offline_access' });
    expect(callback.searchParams.get('state')).toBe(state);
    expect(callback.searchParams.get('iss')).toBe(issuer);
    expect(tokens.access_token).toBeTruthy();
    expect(tokens.refresh_token).toBeTruthy();
    const claims = tokens.claims()!;
    expect(claims).toMatchObject({ sub: user.id, iss: issuer, aud: spa.id, name: 'Ada Lovelace', email: 'ada@example.com' });

    const jwks = jose.createRemoteJWKSet(new URL(`${issuer}/jwks`));
    const { protectedHeader } = await jose.jwtVerify(tokens.id_token!, jwks, { issuer, audience: spa.id });
    expect(protectedHeader.alg).toBe('ES256');
  });

  it('serves userinfo at /oidc/me with an opaque access token, claims by scope', async () => {
    const { tokens } = await signInAndRedeem(stack, rp, user.id, { scope: 'openid profile email custom_data' });
    expect(tokens.access_token.split('.')).toHaveLength(1);
    const userinfo = await client.fetchUserInfo(rp, tokens.access_token, user.id);
    expect(userinfo).toMatchObject({ sub: user.id, name: 'Ada Lovelace', email: 'ada@example.com', custom_data: { team: 'engines' } });
    // custom_data is released at userinfo only, never in the ID token.
    expect(tokens.claims()).not.toHaveProperty('custom_data');
    const withoutEmail = await signInAndRedeem(stack, rp, user.id, { scope: 'openid' });
    const narrow = await client.fetchUserInfo(rp, withoutEmail.tokens.access_token, user.id);
    expect(narrow).not.toHaveProperty('email');
  });

  it('rotates refresh tokens, and reuse of a rotated one revokes the grant', async () => {
    const { tokens } = await signInAndRedeem(stack, rp, user.id);
    const first = tokens.refresh_token!;
    const rotated = await client.refreshTokenGrant(rp, first);
    expect(rotated.refresh_token).toBeTruthy();
    expect(rotated.refresh_token).not.toBe(first);

    await expect(client.refreshTokenGrant(rp, first)).rejects.toMatchObject({ error: 'invalid_grant' });
    // The whole grant is gone: the token from the rotation no longer works either.
    await expect(client.refreshTokenGrant(rp, rotated.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    await expect(client.fetchUserInfo(rp, rotated.access_token, user.id)).rejects.toBeDefined();
  });

  it('refuses a second redemption of a code and revokes what the first one issued', async () => {
    const flow = await authorize(stack, rp, user.id);
    const checks = { pkceCodeVerifier: flow.codeVerifier, expectedState: flow.state, expectedNonce: flow.nonce };
    const tokens = await client.authorizationCodeGrant(rp, flow.callback, checks);
    await expect(client.authorizationCodeGrant(rp, flow.callback, checks)).rejects.toMatchObject({ error: 'invalid_grant' });
    await expect(client.fetchUserInfo(rp, tokens.access_token, user.id)).rejects.toBeDefined();
    await expect(client.refreshTokenGrant(rp, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('issues exactly one token set for ten parallel redemptions of one code', async () => {
    const flow = await authorize(stack, rp, user.id);
    const code = flow.callback.searchParams.get('code')!;
    const redeem = () =>
      fetch(`${issuer}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          redirect_uri: callbackUrl,
          client_id: spa.id,
          code_verifier: flow.codeVerifier,
        }),
      });
    // The barrier (see race-barrier.ts): with the code's row locked, every redemption reads the
    // code unused, passes every check and waits at the update that consumes it. The oidc service
    // sends the redemptions that finish together as one statement (see write-batch.ts), so how many
    // statements wait depends on how the ten arrived; the lock goes once all ten reached the oidc
    // service, none was answered, and the set of waiting statements stopped growing for 300 ms
    // (every redemption is then at the update, queued behind the lock or for a connection): so the
    // update alone decides.
    const lock = await lockModelRow(stack.database.url, defaultTenantId, 'AuthorizationCode', code);
    // In one process the requests reach the oidc service on the gateway's own connections.
    const oidc = watchServer(Number(new URL(stack.mode === 'one-process' ? stack.userUrl : stack.serviceUrls.oidc).port), '/oidc/token');
    const pending = Array.from({ length: 10 }, redeem);
    let waiting = 0;
    let stableSince = Date.now();
    try {
      await waitUntil(
        async () => {
          const now = await lock.waiting();
          if (now !== waiting) stableSince = Date.now();
          waiting = now;
          return oidc.counts.started === 10 && waiting > 0 && Date.now() - stableSince >= 300;
        },
        async () => `${oidc.counts.started} of 10 requests at the oidc service, ${waiting} statements waiting to consume the code`,
      );
      expect(oidc.counts.finished).toBe(0);
    } finally {
      await lock.release();
      oidc.stop();
    }
    const responses = await Promise.all(pending);

    const bodies = (await Promise.all(responses.map((response) => response.json()))) as Array<{ access_token?: string; error?: string }>;
    expect(responses.filter((response) => response.status === 200)).toHaveLength(1);
    expect(bodies.filter((body) => body.access_token)).toHaveLength(1);
    const refused = responses.flatMap((response, index) =>
      response.status === 200 ? [] : [{ status: response.status, error: bodies[index]!.error }],
    );
    expect(refused).toEqual(Array.from({ length: 9 }, () => ({ status: 400, error: 'invalid_grant' })));
  });

  it('requires PKCE from public clients and refuses a wrong verifier or a verifier without a challenge', async () => {
    const noPkce = client.buildAuthorizationUrl(rp, { redirect_uri: callbackUrl, scope: 'openid', state: 's' });
    const refused = await fetch(noPkce, { redirect: 'manual' });
    const location = new URL(refused.headers.get('location')!);
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('error_description')).toMatch(/PKCE/);

    const flow = await authorize(stack, rp, user.id);
    await expect(
      client.authorizationCodeGrant(rp, flow.callback, {
        pkceCodeVerifier: client.randomPKCECodeVerifier(),
        expectedState: flow.state,
        expectedNonce: flow.nonce,
      }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses PKCE plain', async () => {
    const url = client.buildAuthorizationUrl(rp, {
      redirect_uri: callbackUrl,
      scope: 'openid',
      code_challenge: 'a'.repeat(43),
      code_challenge_method: 'plain',
    });
    const response = await fetch(url, { redirect: 'manual' });
    expect(new URL(response.headers.get('location')!).searchParams.get('error')).toBe('invalid_request');
  });

  it('refuses an unregistered redirect URI without redirecting to it', async () => {
    const url = client.buildAuthorizationUrl(rp, {
      redirect_uri: 'http://127.0.0.1:9/callback/evil',
      scope: 'openid',
      code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
    });
    const response = await fetch(url, { redirect: 'manual' });
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.json()).toMatchObject({ error: 'invalid_redirect_uri' });
  });

  it('refuses an expired code', async () => {
    const flow = await authorize(stack, rp, user.id);
    const code = flow.callback.searchParams.get('code')!;
    await stack.database.db
      .update(oidcModelInstances)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(
        and(
          eq(oidcModelInstances.tenantId, defaultTenantId),
          eq(oidcModelInstances.modelName, 'AuthorizationCode'),
          eq(oidcModelInstances.id, code),
        ),
      );
    await expect(
      client.authorizationCodeGrant(rp, flow.callback, {
        pkceCodeVerifier: flow.codeVerifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
      }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('signs in again without a sign-in page while the session lasts, even with prompt=consent', async () => {
    const first = await authorize(stack, rp, user.id);
    const again = await authorize(stack, rp, user.id, {}, first.session);
    expect(again.callback.searchParams.get('code')).toBeTruthy();
  });

  it("accepts Logto's extra parameters and sends first_screen=register to the register page", async () => {
    const url = client.buildAuthorizationUrl(rp, {
      redirect_uri: callbackUrl,
      scope: 'openid',
      code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
      first_screen: 'register',
      login_hint: 'ada@example.com',
      direct_sign_in: 'social:google',
      ui_locales: 'ko',
      identifier: 'email',
      organization_id: 'org1',
    });
    const response = await fetch(url, { redirect: 'manual' });
    expect(response.status).toBe(303);
    expect(new URL(response.headers.get('location')!, stack.userUrl).pathname).toBe('/register');
    expect(response.headers.getSetCookie().some((cookie) => cookie.startsWith('_interaction='))).toBe(true);
  });

  it('consents for a first-party app itself and sends the user of a third-party app to the consent page', async () => {
    const thirdParty = await insertApplication(stack.database.db, defaultTenantId, {
      type: 'Traditional',
      isThirdParty: true,
      oidcClientMetadata: { redirectUris: [callbackUrl], postLogoutRedirectUris: [] },
    });
    const thirdPartyRp = await discoverRp(issuer, thirdParty.id, { secret: thirdParty.secret });
    const landing = async (config: client.Configuration) => {
      const session = new BrowserSession(stack);
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: callbackUrl,
        scope: 'openid profile',
        code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
        code_challenge_method: 'S256',
        prompt: 'consent',
      });
      const signIn = await session.follow(
        url,
        (current) => current.origin !== new URL(issuer).origin || !current.pathname.startsWith('/oidc'),
      );
      expect(signIn.url.pathname).toBe('/sign-in');
      const finished = await session.finishInteraction({ login: { accountId: user.id } });
      expect(finished.status).toBe(200);
      const { redirectTo } = (await finished.json()) as { redirectTo: string };
      // `/consent` itself is followed: for a first-party app it redirects straight back (Logto's path).
      const stop = (current: URL) => current.href.startsWith(callbackUrl) || !/^\/(oidc|consent$)/.test(current.pathname);
      return (await session.follow(redirectTo, stop)).url;
    };
    expect((await landing(thirdPartyRp)).pathname).toBe('/consent');
    expect((await landing(rp)).href.startsWith(callbackUrl)).toBe(true);
  });
});
