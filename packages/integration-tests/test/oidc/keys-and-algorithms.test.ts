import { adminTenantId, defaultTenantId } from '@idp/db';
import { logtoConfigs } from '@idp/schemas';
import { and, eq } from 'drizzle-orm';
import * as jose from 'jose';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rotateKeys, type StoredKey } from '../../../oidc-keys/src/index.ts';
import {
  assignApplicationRole,
  authorize,
  BrowserSession,
  callbackUrl,
  discoverRp,
  insertApplication,
  insertResource,
  insertRole,
  insertUser,
  signInAndRedeem,
  registerSpa,
  startTestStack,
  type TestStack,
} from '../../src/index.ts';

const api = 'https://keys.example.com';
const signedOut = 'http://127.0.0.1:9/signed-out';
let stack: TestStack;
let issuer: string;
let adminIssuer: string;
let user: { id: string };
let spa: { id: string };
let m2m: { id: string; secret: string };
let rp: client.Configuration;

type PublicJwk = jose.JWK & { kid: string; alg: string };

beforeAll(async () => {
  stack = await startTestStack();
  issuer = `${stack.userUrl}/oidc`;
  adminIssuer = `${stack.adminUrl}/oidc`;
  const { db } = stack.database;
  user = await insertUser(db, defaultTenantId);
  ({ app: spa, rp } = await registerSpa(stack, { postLogoutRedirectUris: [signedOut] }));
  const { scopes } = await insertResource(db, defaultTenantId, api, ['read']);
  const role = await insertRole(db, defaultTenantId, { type: 'MachineToMachine', scopeIds: [scopes.read!] });
  m2m = await insertApplication(db, defaultTenantId, { type: 'MachineToMachine' });
  await assignApplicationRole(db, defaultTenantId, m2m.id, role.id);
});
afterAll(async () => stack?.stop());

/** A fresh remote key set each time, so nothing from an earlier fetch is cached. */
const remoteJwks = (tenantIssuer = issuer) => jose.createRemoteJWKSet(new URL(`${tenantIssuer}/jwks`));

async function publishedKeys(tenantIssuer = issuer): Promise<PublicJwk[]> {
  const response = await fetch(`${tenantIssuer}/jwks`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { keys: PublicJwk[] }).keys;
}

async function m2mAccessToken(): Promise<string> {
  const m2mRp = await discoverRp(issuer, m2m.id, { secret: m2m.secret });
  const tokens = await client.clientCredentialsGrant(m2mRp, { resource: api, scope: 'read' });
  expect(tokens.access_token.split('.')).toHaveLength(3);
  return tokens.access_token;
}

const keysWhere = (tenantId: string) => and(eq(logtoConfigs.tenantId, tenantId), eq(logtoConfigs.key, 'oidc.privateKeys'));

describe('signing key rotation', () => {
  it('publishes the new keys first, keeps the old ones verifying, signs with the new one, and honours an old id_token_hint', async () => {
    const { db } = stack.database;
    const before = await signInAndRedeem(stack, rp, user.id, { scope: 'openid profile' });
    const oldIdToken = before.tokens.id_token!;
    const oldAccessToken = await m2mAccessToken();
    const oldKid = jose.decodeProtectedHeader(oldIdToken).kid!;
    expect(jose.decodeProtectedHeader(oldAccessToken).kid).toBe(oldKid);
    expect((await publishedKeys())[0]!.kid).toBe(oldKid);

    // Rotate as the Management API will: rewrite the stored key list; the oidc service hears the
    // change notification and rebuilds the tenant's provider.
    const [row] = await db.select().from(logtoConfigs).where(keysWhere(defaultTenantId));
    const current = row!.value as StoredKey[];
    const rotated = rotateKeys(current);
    const newKid = rotated[0]!.id;
    expect(newKid).not.toBe(oldKid);
    await db.update(logtoConfigs).set({ value: rotated }).where(keysWhere(defaultTenantId));

    await expect.poll(async () => (await publishedKeys())[0]?.kid, { timeout: 5000, interval: 50 }).toBe(newKid);
    const keys = await publishedKeys();
    expect(keys.map((key) => key.kid)).toContain(oldKid);
    // Every key of the old set is still published, behind the new one of each family.
    expect(keys.map((key) => key.kid)).toEqual(expect.arrayContaining(current.map((key) => key.id)));
    expect(keys).toHaveLength(current.length * 2);
    for (const key of keys) expect(key).not.toHaveProperty('d');

    // What the old key signed still verifies against the published set.
    const oldId = await jose.jwtVerify(oldIdToken, remoteJwks(), { issuer, audience: spa.id, currentDate: new Date() });
    expect(oldId.protectedHeader.kid).toBe(oldKid);
    const oldAccess = await jose.jwtVerify(oldAccessToken, remoteJwks(), { issuer, audience: api });
    expect(oldAccess.payload).toMatchObject({ sub: m2m.id, scope: 'read' });

    // New tokens are signed with the new default key.
    const after = await signInAndRedeem(stack, rp, user.id, { scope: 'openid profile' });
    const newId = await jose.jwtVerify(after.tokens.id_token!, remoteJwks(), { issuer, audience: spa.id });
    expect(newId.protectedHeader).toMatchObject({ alg: 'ES256', kid: newKid });
    const newAccess = await jose.jwtVerify(await m2mAccessToken(), remoteJwks(), { issuer, audience: api });
    expect(newAccess.protectedHeader.kid).toBe(newKid);

    // RP-initiated logout with the ID token signed by the rotated key is accepted.
    const endSession = new URL(`${issuer}/session/end`);
    endSession.search = new URLSearchParams({ id_token_hint: oldIdToken, post_logout_redirect_uri: signedOut }).toString();
    const page = await before.session.fetch(endSession);
    const html = await page.text();
    expect(page.status, html).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(html).toContain('op.logoutForm');
    // And the form it renders ends the session and returns to the app.
    const action = /action="([^"]+)"/.exec(html)![1]!;
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)![1]!;
    const done = await before.session.fetch(new URL(action.replaceAll('&amp;', '&'), issuer), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ xsrf, logout: 'yes' }),
    });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(signedOut);

    // A token signed with a key the tenant never had is refused as id_token_hint.
    const stranger = await jose.generateKeyPair('ES256');
    const forged = await new jose.SignJWT({ sub: user.id })
      .setProtectedHeader({ alg: 'ES256', kid: oldKid })
      .setIssuer(issuer)
      .setAudience(spa.id)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(stranger.privateKey);
    endSession.search = new URLSearchParams({ id_token_hint: forged, post_logout_redirect_uri: signedOut }).toString();
    const refused = await fetch(endSession, { redirect: 'manual' });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: 'invalid_request' });
  });
});

describe('per-app ID token algorithm', () => {
  it('lists every algorithm in discovery', async () => {
    const metadata = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(metadata.id_token_signing_alg_values_supported).toEqual(expect.arrayContaining(['ES256', 'RS256', 'ES384', 'EdDSA']));
  });

  for (const alg of ['RS256', 'ES384', 'EdDSA', undefined] as const) {
    it(`signs the ID token of an app that chose ${alg ?? 'nothing'} with ${alg ?? 'ES256'}`, async () => {
      const app = await insertApplication(stack.database.db, defaultTenantId, {
        type: 'SPA',
        oidcClientMetadata: { redirectUris: [callbackUrl], postLogoutRedirectUris: [] },
        customClientMetadata: alg ? { idTokenSignedResponseAlg: alg } : {},
      });
      const expected = alg ?? 'ES256';
      // The RP registers the algorithm too, so openid-client itself refuses any other.
      const appRp = await client.discovery(new URL(issuer), app.id, { id_token_signed_response_alg: expected }, client.None(), {
        execute: [client.allowInsecureRequests],
      });
      const { tokens } = await signInAndRedeem(stack, appRp, user.id, { scope: 'openid' });
      const { protectedHeader, payload } = await jose.jwtVerify(tokens.id_token!, remoteJwks(), {
        issuer,
        audience: app.id,
        algorithms: [expected],
      });
      expect(protectedHeader.alg).toBe(expected);
      expect(payload.sub).toBe(user.id);
      const key = (await publishedKeys()).find((candidate) => candidate.kid === protectedHeader.kid);
      expect(key?.alg).toBe(expected);
      // It is the first (active) key of that algorithm that signs.
      expect((await publishedKeys()).find((candidate) => candidate.alg === expected)?.kid).toBe(protectedHeader.kid);
    });
  }
});

describe('keys per tenant', () => {
  it("gives the admin tenant keys of its own: its tokens do not verify with the default tenant's JWKS", async () => {
    const { db } = stack.database;
    const defaultKids = (await publishedKeys(issuer)).map((key) => key.kid);
    const adminKids = (await publishedKeys(adminIssuer)).map((key) => key.kid);
    expect(adminKids.length).toBeGreaterThan(0);
    expect(adminKids.filter((kid) => defaultKids.includes(kid))).toEqual([]);

    const [adminRow] = await db.select().from(logtoConfigs).where(keysWhere(adminTenantId));
    const [defaultRow] = await db.select().from(logtoConfigs).where(keysWhere(defaultTenantId));
    const pems = (value: unknown) => (value as StoredKey[]).map((key) => key.value);
    expect(pems(adminRow!.value).filter((pem) => pems(defaultRow!.value).includes(pem))).toEqual([]);

    const adminUser = await insertUser(db, adminTenantId);
    const adminApp = await insertApplication(db, adminTenantId, {
      type: 'SPA',
      oidcClientMetadata: { redirectUris: [callbackUrl], postLogoutRedirectUris: [] },
    });
    const adminRp = await discoverRp(adminIssuer, adminApp.id);
    const flow = await authorize(stack, adminRp, adminUser.id, { scope: 'openid' }, new BrowserSession(stack, adminTenantId));
    const tokens = await client.authorizationCodeGrant(adminRp, flow.callback, {
      pkceCodeVerifier: flow.codeVerifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
    });
    const idToken = tokens.id_token!;
    const verified = await jose.jwtVerify(idToken, remoteJwks(adminIssuer), { issuer: adminIssuer, audience: adminApp.id });
    expect(adminKids).toContain(verified.protectedHeader.kid);
    expect(defaultKids).not.toContain(verified.protectedHeader.kid);
    await expect(jose.jwtVerify(idToken, remoteJwks(issuer))).rejects.toBeInstanceOf(jose.errors.JWKSNoMatchingKey);

    // Even with the kid stripped from the lookup, no default key verifies the admin signature.
    const defaultKeys = await publishedKeys(issuer);
    for (const jwk of defaultKeys.filter((key) => key.alg === verified.protectedHeader.alg)) {
      await expect(jose.jwtVerify(idToken, await jose.importJWK(jwk, jwk.alg))).rejects.toBeInstanceOf(
        jose.errors.JWSSignatureVerificationFailed,
      );
    }
  });
});
