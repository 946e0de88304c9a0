// Anyone can act as a public client (its id is in every browser and app bundle), so introspection
// must not turn it into an oracle for other apps' tokens: a public client learns about its own
// tokens only. Confidential callers (resource servers) are covered in client-credentials.test.ts.
import { defaultTenantId } from '@idp/db';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callbackUrl,
  discoverRp,
  insertApplication,
  insertUser,
  signInAndRedeem,
  startTestStack,
  type TestStack,
} from '../../src/index.ts';

type App = { id: string; rp: client.Configuration };

let stack: TestStack;
let issuer: string;
let user: { id: string };
let spa: App;
let otherSpa: App;
let native: App;

async function publicApp(type: 'SPA' | 'Native'): Promise<App> {
  const app = await insertApplication(stack.database.db, defaultTenantId, {
    type,
    oidcClientMetadata: { redirectUris: [callbackUrl], postLogoutRedirectUris: [] },
  });
  return { id: app.id, rp: await discoverRp(issuer, app.id) };
}

beforeAll(async () => {
  stack = await startTestStack();
  issuer = `${stack.userUrl}/oidc`;
  user = await insertUser(stack.database.db, defaultTenantId, { name: 'Grace Hopper' });
  spa = await publicApp('SPA');
  otherSpa = await publicApp('SPA');
  native = await publicApp('Native');
});
afterAll(async () => stack?.stop());

/** Introspection as a public client does it: its client_id in the body, no secret. */
async function introspect(callerId: string, token: string) {
  const response = await fetch(`${issuer}/token/introspection`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token, client_id: callerId }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const tokensOf = async (app: App) => (await signInAndRedeem(stack, app.rp, user.id, { scope: 'openid offline_access' })).tokens;

describe('introspection by public clients', () => {
  it('tells a public client about its own access and refresh tokens', async () => {
    const own = await tokensOf(spa);
    expect(await introspect(spa.id, own.access_token)).toMatchObject({
      status: 200,
      body: { active: true, client_id: spa.id, sub: user.id },
    });
    expect(await introspect(spa.id, own.refresh_token!)).toMatchObject({
      status: 200,
      body: { active: true, client_id: spa.id, sub: user.id },
    });
  });

  it("answers only {active:false} when a SPA or native app introspects another app's live tokens", async () => {
    const foreign = await tokensOf(otherSpa);
    // The tokens are live: their own client is told so.
    expect((await introspect(otherSpa.id, foreign.access_token)).body.active).toBe(true);

    for (const caller of [spa.id, native.id]) {
      for (const token of [foreign.access_token, foreign.refresh_token!]) {
        // Nothing else in the body: no subject, client, scope or expiry of someone else's token.
        expect(await introspect(caller, token)).toStrictEqual({ status: 200, body: { active: false } });
      }
    }
  });

  it("answers only {active:false} for a machine-to-machine app's token", async () => {
    const m2m = await insertApplication(stack.database.db, defaultTenantId, { type: 'MachineToMachine' });
    const m2mRp = await discoverRp(issuer, m2m.id, { secret: m2m.secret });
    const { access_token: token } = await client.clientCredentialsGrant(m2mRp, { scope: '' });
    expect((await client.tokenIntrospection(m2mRp, token)).active).toBe(true);
    expect(await introspect(native.id, token)).toStrictEqual({ status: 200, body: { active: false } });
  });
});
