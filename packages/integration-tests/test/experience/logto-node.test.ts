import { defaultTenantId } from '@idp/db';
import { hashPassword } from '@idp/password';
import * as jose from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assignUserRole,
  callbackUrl,
  createLogtoNodeClient,
  ExperienceFlow,
  insertApplication,
  insertResource,
  insertRole,
  insertUser,
  startTestStack,
  type TestStack,
} from '../../src/index.ts';

// Logto's own Node SDK, unchanged, against the whole stack: the sign-in goes through the Experience
// API as the sign-in UI drives it.
let stack: TestStack;
let app: { id: string; secret: string };
let user: { id: string; username: string | null };
const api = 'https://api.example.com/things';
const afterSignOut = 'http://127.0.0.1:9/signed-out';
const password = 'Sdk-sign-in-password-7';

beforeAll(async () => {
  stack = await startTestStack();
  const { db } = stack.database;
  app = await insertApplication(db, defaultTenantId, {
    type: 'Traditional',
    oidcClientMetadata: { redirectUris: [callbackUrl], postLogoutRedirectUris: [afterSignOut] },
  });
  const { scopes } = await insertResource(db, defaultTenantId, api, ['read:things', 'write:things']);
  const role = await insertRole(db, defaultTenantId, { type: 'User', scopeIds: [scopes['read:things']!] });
  user = await insertUser(db, defaultTenantId, {
    username: 'sdk_user',
    primaryEmail: 'sdk@example.com',
    ...(await hashPassword(password)),
  });
  await assignUserRole(db, defaultTenantId, user.id, role.id);
});
afterAll(async () => stack?.stop());

const createClient = () =>
  createLogtoNodeClient({
    endpoint: stack.userUrl,
    appId: app.id,
    appSecret: app.secret,
    resources: [api],
    scopes: ['email', 'read:things', 'write:things'],
  });

describe('@logto/node end to end', () => {
  it('signs in, gets a resource token and userinfo, and signs out', async () => {
    const { logto, navigations } = createClient();
    await logto.signIn(callbackUrl);
    const flow = new ExperienceFlow(stack);
    expect((await flow.startAt(new URL(navigations.at(-1)!))).pathname).toBe('/sign-in');
    await flow.signInWithPassword('sdk_user', password);
    const callback = await flow.submitAndReturn();

    await logto.handleSignInCallback(callback.href);
    expect(await logto.isAuthenticated()).toBe(true);
    expect((await logto.getIdTokenClaims()).sub).toBe(user.id);
    expect(await logto.fetchUserInfo()).toMatchObject({ sub: user.id, username: 'sdk_user', email: 'sdk@example.com' });

    const token = await logto.getAccessToken(api);
    const { payload } = await jose.jwtVerify(token, jose.createRemoteJWKSet(new URL(`${stack.userUrl}/oidc/jwks`)), {
      issuer: `${stack.userUrl}/oidc`,
      audience: api,
    });
    // Asked for read and write; the user's role grants read only.
    expect(payload).toMatchObject({ sub: user.id, scope: 'read:things' });

    await logto.signOut(afterSignOut);
    expect(await logto.isAuthenticated()).toBe(false);
    expect((await flow.session.signOut(navigations.at(-1)!)).href).toBe(afterSignOut);

    // The browser's session is gone: signing in again asks for the sign-in page.
    await logto.signIn(callbackUrl);
    expect((await flow.startAt(new URL(navigations.at(-1)!))).pathname).toBe('/sign-in');
  });
});
