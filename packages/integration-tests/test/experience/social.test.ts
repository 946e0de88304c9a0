import { adminTenantId, defaultTenantId, generateId } from '@idp/db';
import { hashPassword } from '@idp/password';
import { connectors, users } from '@idp/schemas';
import { and, eq } from 'drizzle-orm';
import type * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExperienceFlow, insertApplication, insertUser, startTestStack, type TestStack, registerSpa } from '../../src/index.ts';

// "Sign in with <provider>" against a real OpenID Provider: the admin tenant of our own OIDC
// service plays the upstream, with its own app, user and sign-in.
let stack: TestStack;
let rp: client.Configuration;
const connectorId = 'upstream-oidc';
let socialCallback: string;
const upstreamPassword = 'Upstream-password-1';

beforeAll(async () => {
  stack = await startTestStack();
  const { db } = stack.database;
  ({ rp } = await registerSpa(stack));

  socialCallback = `${stack.userUrl}/callback/${connectorId}`;
  const upstreamApp = await insertApplication(db, adminTenantId, {
    type: 'Traditional',
    oidcClientMetadata: { redirectUris: [socialCallback], postLogoutRedirectUris: [] },
  });
  await insertUser(db, adminTenantId, {
    username: 'upstream_user',
    primaryEmail: 'upstream@example.com',
    name: 'Up Stream',
    ...(await hashPassword(upstreamPassword)),
  });
  await db.insert(connectors).values({
    tenantId: defaultTenantId,
    id: connectorId,
    connectorId: 'oidc',
    config: { issuer: `${stack.adminUrl}/oidc`, clientId: upstreamApp.id, clientSecret: upstreamApp.secret, target: 'upstream' },
  });
});
afterAll(async () => stack?.stop());

/** Starts a sign-in at the app, goes to the upstream, signs in there, and comes back with its code. */
async function throughUpstream() {
  const flow = new ExperienceFlow(stack);
  await flow.start(rp);
  await flow.api('PUT', '', { interactionEvent: 'SignIn' });
  const started = await flow.api('POST', `/verification/social/${connectorId}/authorization-uri`, {
    state: 'state-123',
    redirectUri: socialCallback,
  });
  expect(started.status, JSON.stringify(started.body)).toBe(200);

  const upstream = new ExperienceFlow(stack, stack.adminUrl, flow.session);
  expect((await upstream.startAt(new URL(String(started.body.authorizationUri)))).pathname).toBe('/sign-in');
  await upstream.signInWithPassword('upstream_user', upstreamPassword);
  const back = await upstream.submitAndReturn(socialCallback);
  return { flow, verificationId: String(started.body.verificationId), back };
}

describe('social sign-in with a generic OIDC connector', () => {
  it('registers a new user from the upstream identity, then signs the same user in again', async () => {
    const { flow, verificationId, back } = await throughUpstream();
    expect(back.searchParams.get('state')).toBe('state-123');
    const verified = await flow.api('POST', `/verification/social/${connectorId}/verify`, {
      connectorData: Object.fromEntries(back.searchParams),
      verificationId,
    });
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    expect(await flow.api('POST', '/identification', { verificationId })).toMatchObject({
      status: 404,
      body: { code: 'user.identity_not_exist' },
    });
    expect((await flow.api('PUT', '/interaction-event', { interactionEvent: 'Register' })).status).toBe(204);
    expect((await flow.api('POST', '/identification', { verificationId })).status).toBe(201);
    const tokens = await flow.redeem(rp, await flow.submitAndReturn());
    const sub = tokens.claims()!.sub;
    const [user] = await stack.database.db
      .select()
      .from(users)
      .where(and(eq(users.tenantId, defaultTenantId), eq(users.id, sub)));
    expect(user).toMatchObject({ name: 'Up Stream', primaryEmail: 'upstream@example.com' });
    expect(Object.keys(user!.identities)).toEqual(['upstream']);

    const second = await throughUpstream();
    await second.flow.api('POST', `/verification/social/${connectorId}/verify`, {
      connectorData: Object.fromEntries(second.back.searchParams),
      verificationId: second.verificationId,
    });
    expect((await second.flow.api('POST', '/identification', { verificationId: second.verificationId })).status).toBe(204);
    expect((await second.flow.redeem(rp, await second.flow.submitAndReturn())).claims()!.sub).toBe(sub);
  });

  it('refuses an answer whose state does not match, and a replayed code', async () => {
    const { flow, verificationId, back } = await throughUpstream();
    const connectorData = Object.fromEntries(back.searchParams);
    expect(
      await flow.api('POST', `/verification/social/${connectorId}/verify`, {
        connectorData: { ...connectorData, state: 'forged' },
        verificationId,
      }),
    ).toMatchObject({ status: 400, body: { code: 'session.verification_failed' } });
    expect((await flow.api('POST', `/verification/social/${connectorId}/verify`, { connectorData, verificationId })).status).toBe(200);
    expect(await flow.api('POST', `/verification/social/${connectorId}/verify`, { connectorData, verificationId })).toMatchObject({
      status: 400,
      body: { code: 'session.verification_failed' },
    });
  });

  it('answers 404 for an unknown connector', async () => {
    const flow = new ExperienceFlow(stack);
    await flow.start(rp);
    await flow.api('PUT', '', { interactionEvent: 'SignIn' });
    expect(
      await flow.api('POST', `/verification/social/${generateId()}/authorization-uri`, { state: 's', redirectUri: socialCallback }),
    ).toMatchObject({ status: 404, body: { code: 'connector.not_found' } });
  });
});
