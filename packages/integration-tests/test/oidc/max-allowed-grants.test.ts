// `customClientMetadata.maxAllowedGrants`, as Logto honours it: after a successful authorization,
// a user holding more live grants for the app than the limit loses the oldest, with their tokens,
// and the browsers that held them sign in to the app afresh. Real code flows, one browser each, and
// the device flow, which ends in the same authorization.
import { defaultTenantId } from '@idp/db';
import { hashPassword } from '@idp/password';
import { oidcModelInstances } from '@idp/schemas';
import { and, eq, sql } from 'drizzle-orm';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authorize,
  BrowserSession,
  callbackUrl,
  ExperienceFlow,
  discoverRp,
  insertApplication,
  insertUser,
  signInAndRedeem,
  startTestStack,
  type TestStack,
} from '../../src/index.ts';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => stack?.stop());

async function app(customClientMetadata: Record<string, unknown>) {
  const row = await insertApplication(stack.database.db, defaultTenantId, {
    type: 'SPA',
    oidcClientMetadata: { redirectUris: [callbackUrl], postLogoutRedirectUris: [] },
    customClientMetadata,
  });
  return { id: row.id, rp: await discoverRp(`${stack.userUrl}/oidc`, row.id) };
}

const grantsOf = async (accountId: string, clientId: string) =>
  (
    await stack.database.db
      .select({ id: oidcModelInstances.id })
      .from(oidcModelInstances)
      .where(
        and(
          eq(oidcModelInstances.tenantId, defaultTenantId),
          eq(oidcModelInstances.modelName, 'Grant'),
          sql`${oidcModelInstances.payload} ->> 'accountId' = ${accountId}`,
          sql`${oidcModelInstances.payload} ->> 'clientId' = ${clientId}`,
        ),
      )
  ).map(({ id }) => id);

/** Moves a grant's issue time back, so the order of grants made in the same second is known. */
const backdate = (grantId: string, seconds: number) =>
  stack.database.db
    .update(oidcModelInstances)
    .set({
      payload: sql`jsonb_set(${oidcModelInstances.payload}, '{iat}', to_jsonb((${oidcModelInstances.payload} ->> 'iat')::bigint - ${seconds}))`,
    })
    .where(
      and(eq(oidcModelInstances.tenantId, defaultTenantId), eq(oidcModelInstances.modelName, 'Grant'), eq(oidcModelInstances.id, grantId)),
    );

/** Signs the user in on a new browser; the tokens and the grant it made. */
async function signInOnNewBrowser(rp: client.Configuration, accountId: string, clientId: string) {
  const before = new Set(await grantsOf(accountId, clientId));
  const flow = await signInAndRedeem(stack, rp, accountId);
  const grantId = (await grantsOf(accountId, clientId)).find((id) => !before.has(id));
  return { ...flow, grantId };
}

const refreshes = async (rp: client.Configuration, refreshToken: string) => {
  try {
    await client.refreshTokenGrant(rp, refreshToken);
    return true;
  } catch (error) {
    expect(error).toMatchObject({ error: 'invalid_grant' });
    return false;
  }
};

describe('customClientMetadata.maxAllowedGrants', () => {
  it('revokes the oldest grants beyond the limit, keeping the one just made', async () => {
    const limited = await app({ maxAllowedGrants: 2 });
    const user = await insertUser(stack.database.db, defaultTenantId, { name: 'Many Devices' });

    const first = await signInOnNewBrowser(limited.rp, user.id, limited.id);
    await backdate(first.grantId!, 120);
    const second = await signInOnNewBrowser(limited.rp, user.id, limited.id);
    await backdate(second.grantId!, 60);
    // Two grants: within the limit, both work.
    expect(await refreshes(limited.rp, first.tokens.refresh_token!)).toBe(true);

    const third = await signInOnNewBrowser(limited.rp, user.id, limited.id);
    expect(new Set(await grantsOf(user.id, limited.id))).toEqual(new Set([second.grantId, third.grantId]));
    // The first browser's tokens are gone with its grant.
    expect(await refreshes(limited.rp, first.tokens.refresh_token!)).toBe(false);
    await expect(client.fetchUserInfo(limited.rp, first.tokens.access_token, user.id)).rejects.toBeDefined();
    expect(await refreshes(limited.rp, second.tokens.refresh_token!)).toBe(true);
    expect(await refreshes(limited.rp, third.tokens.refresh_token!)).toBe(true);

    // The first browser's session no longer holds the app: signing in to it again makes a new
    // grant, and now the second browser's grant is the oldest beyond the limit.
    const again = await authorize(stack, limited.rp, user.id, {}, first.session);
    const tokens = await client.authorizationCodeGrant(limited.rp, again.callback, {
      pkceCodeVerifier: again.codeVerifier,
      expectedState: again.state,
      expectedNonce: again.nonce,
    });
    expect(tokens.refresh_token).toBeTruthy();
    const grants = await grantsOf(user.id, limited.id);
    expect(grants).toHaveLength(2);
    expect(grants).toContain(third.grantId);
    expect(grants).not.toContain(first.grantId);
    expect(grants).not.toContain(second.grantId);
    expect(await refreshes(limited.rp, second.tokens.refresh_token!)).toBe(false);
    expect(await refreshes(limited.rp, tokens.refresh_token!)).toBe(true);
  });

  it('with a limit of one, a new sign-in ends the other device', async () => {
    const single = await app({ maxAllowedGrants: 1 });
    const user = await insertUser(stack.database.db, defaultTenantId, { name: 'One Device' });
    const phone = await signInOnNewBrowser(single.rp, user.id, single.id);
    const laptop = await signInOnNewBrowser(single.rp, user.id, single.id);
    expect(await grantsOf(user.id, single.id)).toEqual([laptop.grantId]);
    expect(await refreshes(single.rp, phone.tokens.refresh_token!)).toBe(false);
    expect(await refreshes(single.rp, laptop.tokens.refresh_token!)).toBe(true);
  });

  it("leaves apps without a limit, and the user's grants for other apps, alone", async () => {
    const limited = await app({ maxAllowedGrants: 1 });
    const open = await app({});
    const user = await insertUser(stack.database.db, defaultTenantId, { name: 'Two Apps' });
    const others = [
      await signInOnNewBrowser(open.rp, user.id, open.id),
      await signInOnNewBrowser(open.rp, user.id, open.id),
      await signInOnNewBrowser(open.rp, user.id, open.id),
    ];
    await signInOnNewBrowser(limited.rp, user.id, limited.id);
    await signInOnNewBrowser(limited.rp, user.id, limited.id);
    expect(await grantsOf(user.id, open.id)).toHaveLength(3);
    for (const other of others) expect(await refreshes(open.rp, other.tokens.refresh_token!)).toBe(true);
  });

  it('applies to device-flow apps: a newly connected device ends the oldest', async () => {
    const deviceApp = await insertApplication(stack.database.db, defaultTenantId, {
      type: 'Native',
      oidcClientMetadata: { redirectUris: [], postLogoutRedirectUris: [] },
      customClientMetadata: { isDeviceFlow: true, maxAllowedGrants: 1 },
    });
    const username = `devices_${Math.random().toString(36).slice(2, 10)}`;
    const password = 'Device-limit-password-1';
    const user = await insertUser(stack.database.db, defaultTenantId, { username, ...(await hashPassword(password)) });
    const issuer = `${stack.userUrl}/oidc`;
    const form = (fields: Record<string, string>) => ({
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields),
    });

    /** A device asks for a code, the person connects it in a new browser, the device gets its tokens. */
    async function connectDevice() {
      const started = await fetch(`${issuer}/device/auth`, form({ client_id: deviceApp.id, scope: 'openid offline_access' }));
      const device = (await started.json()) as { device_code: string; user_code: string };
      const session = new BrowserSession(stack);
      await session.fetch(`${issuer}/device`);
      const xsrf = session
        .cookieHeader()
        .split('; ')
        .find((pair) => pair.startsWith('_logto_device_flow_xsrf='))
        ?.split('=')[1];
      await session.fetch(`${issuer}/device`, form({ xsrf: xsrf!, user_code: device.user_code, confirm: 'yes' }));
      const flow = new ExperienceFlow(stack, stack.userUrl, session);
      await flow.signInWithPassword(username, password);
      const submit = await flow.api('POST', '/submit');
      await session.follow(String(submit.body.redirectTo), (url) => url.pathname === '/device/success');
      const tokens = await fetch(
        `${issuer}/token`,
        form({ grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: device.device_code, client_id: deviceApp.id }),
      );
      expect(tokens.status).toBe(200);
      return (await tokens.json()) as { refresh_token: string };
    }
    const refreshDevice = async (refreshToken: string) =>
      (await fetch(`${issuer}/token`, form({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: deviceApp.id }))).status;

    const first = await connectDevice();
    const second = await connectDevice();
    expect(await grantsOf(user.id, deviceApp.id)).toHaveLength(1);
    expect(await refreshDevice(first.refresh_token)).toBe(400);
    expect(await refreshDevice(second.refresh_token)).toBe(200);
  });
});
