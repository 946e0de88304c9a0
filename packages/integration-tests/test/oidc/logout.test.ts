import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defaultTenantId } from '@idp/db';
import * as jose from 'jose';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authorize,
  callbackUrl,
  discoverRp,
  insertApplication,
  insertUser,
  signInAndRedeem,
  startTestStack,
  type TestStack,
} from '../../src/index.ts';

const signedOut = 'http://127.0.0.1:9/signed-out';
let stack: TestStack;
let issuer: string;
let receiver: Server;
let receiverUrl: string;
const logoutTokens: string[] = [];

beforeAll(async () => {
  stack = await startTestStack();
  issuer = `${stack.userUrl}/oidc`;
  // A real HTTP endpoint the OP posts back-channel logout tokens to.
  receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on('end', () => {
      const token = new URLSearchParams(body).get('logout_token');
      if (token) logoutTokens.push(token);
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/backchannel`;
});
afterAll(async () => {
  await stack?.stop();
  await new Promise((resolve) => receiver?.close(resolve));
});

/** Ends the session the way the SDKs do: client_id + post_logout_redirect_uri, no id_token_hint. */
async function endSession(session: Awaited<ReturnType<typeof authorize>>['session'], clientId: string, postLogoutRedirectUri: string) {
  const url = new URL(`${issuer}/session/end`);
  url.search = new URLSearchParams({ client_id: clientId, post_logout_redirect_uri: postLogoutRedirectUri }).toString();
  const page = await session.fetch(url);
  return { page, html: await page.text() };
}

// The page submits its form by script; a test submits it the same way a browser would.
const submitLogoutForm = (session: Awaited<ReturnType<typeof authorize>>['session'], html: string) =>
  session.submitLogoutForm(html, `${issuer}/session/end`);

describe('RP-initiated logout', () => {
  it('ends the session with client_id and post_logout_redirect_uri, then signs in again only through the sign-in page', async () => {
    const { db } = stack.database;
    const app = await insertApplication(db, defaultTenantId, {
      type: 'SPA',
      oidcClientMetadata: { redirectUris: [callbackUrl], postLogoutRedirectUris: [signedOut] },
    });
    const user = await insertUser(db, defaultTenantId);
    const rp = await discoverRp(issuer, app.id);
    const flow = await authorize(stack, rp, user.id);

    const { page, html } = await endSession(flow.session, app.id, signedOut);
    expect(page.status).toBe(200);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const done = await submitLogoutForm(flow.session, html);
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(signedOut);

    // The session is gone: the next authorization asks for sign-in again.
    const url = client.buildAuthorizationUrl(rp, {
      redirect_uri: callbackUrl,
      scope: 'openid',
      code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
    });
    const next = await flow.session.follow(url, (target) => target.href.startsWith(callbackUrl));
    expect(next.url.pathname).toBe('/sign-in');
  });

  it('refuses a post_logout_redirect_uri the app did not register', async () => {
    const app = await insertApplication(stack.database.db, defaultTenantId, {
      type: 'SPA',
      oidcClientMetadata: { redirectUris: [callbackUrl], postLogoutRedirectUris: [signedOut] },
    });
    const user = await insertUser(stack.database.db, defaultTenantId);
    const flow = await authorize(stack, await discoverRp(issuer, app.id), user.id);
    const { page, html } = await endSession(flow.session, app.id, 'http://127.0.0.1:9/elsewhere');
    expect(page.status).toBe(400);
    expect(JSON.parse(html)).toMatchObject({ error: 'invalid_request' });
  });
});

describe('back-channel logout', () => {
  it('posts a signed logout token to every app of the session', async () => {
    const { db } = stack.database;
    const app = await insertApplication(db, defaultTenantId, {
      type: 'Traditional',
      oidcClientMetadata: {
        redirectUris: [callbackUrl],
        postLogoutRedirectUris: [signedOut],
        backchannelLogoutUri: receiverUrl,
        backchannelLogoutSessionRequired: true,
      },
    });
    const user = await insertUser(db, defaultTenantId);
    const rp = await discoverRp(issuer, app.id, { secret: app.secret });
    const { tokens, session } = await signInAndRedeem(stack, rp, user.id);
    const sid = tokens.claims()!.sid;
    expect(sid).toBeTruthy();

    logoutTokens.length = 0;
    const { html } = await endSession(session, app.id, signedOut);
    await submitLogoutForm(session, html);
    await expect.poll(() => logoutTokens.length, { timeout: 5000 }).toBe(1);

    const { payload } = await jose.jwtVerify(logoutTokens[0]!, jose.createRemoteJWKSet(new URL(`${issuer}/jwks`)), {
      issuer,
      audience: app.id,
    });
    expect(payload).toMatchObject({ sub: user.id, sid, events: { 'http://schemas.openid.net/event/backchannel-logout': {} } });
    expect(payload).not.toHaveProperty('nonce');
  });
});
