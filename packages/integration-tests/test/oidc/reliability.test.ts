import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defaultTenantId } from '@idp/db';
import { findFreePort, startEmbeddedPostgres, type EmbeddedServer } from '@idp/db/setup';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSession, callbackUrl, discoverRp, insertApplication, insertUser, startTestStack, type TestStack } from '../../src/index.ts';

// A PostgreSQL of this file's own, so it can be restarted without disturbing other test files.
let dataDir: string;
let port: number;
let server: EmbeddedServer;
let stack: TestStack;
let rp: client.Configuration;
let user: { id: string };

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'idp-restart-pg-'));
  port = await findFreePort();
  server = await startEmbeddedPostgres({ dataDir, port });
  stack = await startTestStack({ adminDatabaseUrl: server.url });
  const app = await insertApplication(stack.database.db, defaultTenantId, {
    type: 'SPA',
    oidcClientMetadata: { redirectUris: [callbackUrl], postLogoutRedirectUris: [] },
  });
  user = await insertUser(stack.database.db, defaultTenantId);
  rp = await discoverRp(`${stack.userUrl}/oidc`, app.id);
});
afterAll(async () => {
  await stack?.stop();
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

/** Starts an authorization and stops at the sign-in page, as a user who has not typed yet. */
async function startLogin() {
  const session = new BrowserSession(stack);
  const codeVerifier = client.randomPKCECodeVerifier();
  const url = client.buildAuthorizationUrl(rp, {
    redirect_uri: callbackUrl,
    scope: 'openid offline_access',
    prompt: 'consent',
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state: 'state-1',
  });
  const page = await session.follow(url, () => false);
  expect(page.url.pathname).toBe('/sign-in');
  return { session, codeVerifier };
}

async function finishLogin({ session, codeVerifier }: Awaited<ReturnType<typeof startLogin>>) {
  const finished = await session.finishInteraction({ login: { accountId: user.id } });
  expect(finished.status).toBe(200);
  const { redirectTo } = (await finished.json()) as { redirectTo: string };
  const callback = await session.follow(redirectTo, (target) => target.href.startsWith(callbackUrl));
  return client.authorizationCodeGrant(rp, callback.url, { pkceCodeVerifier: codeVerifier, expectedState: 'state-1' });
}

describe('reliability', () => {
  it('completes a login begun before PostgreSQL restarted', async () => {
    const login = await startLogin();
    await server.stop();
    // While the database is down, what needs it fails cleanly with 503 and the process stays up.
    const down = await login.session.interactionDetails();
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ code: 'request.service_unavailable' });
    expect((await fetch(`${stack.serviceUrls.oidc}/health/ready`)).status).toBe(503);
    server = await startEmbeddedPostgres({ dataDir, port });

    const tokens = await finishLogin(login);
    expect(tokens.claims()?.sub).toBe(user.id);
    const ready = await fetch(`${stack.serviceUrls.oidc}/health/ready`);
    expect(ready.status).toBe(200);
  });

  it('completes a login begun before the oidc service restarted', async () => {
    const login = await startLogin();
    await stack.restartService('oidc');
    const tokens = await finishLogin(login);
    expect(tokens.claims()?.sub).toBe(user.id);
    expect(tokens.refresh_token).toBeTruthy();
  });
});
