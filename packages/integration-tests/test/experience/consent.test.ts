import { defaultTenantId } from '@idp/db';
import { hashPassword } from '@idp/password';
import { applicationUserConsentResourceScopes, users } from '@idp/schemas';
import { and, eq } from 'drizzle-orm';
import * as jose from 'jose';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assignUserRole,
  callbackUrl,
  discoverRp,
  insertApplication,
  insertResource,
  insertRole,
  insertUser,
  registerSpa,
  startTestStack,
  type TestStack,
} from '../../src/index.ts';
import { consentBrowser, PathJar, resumePath } from './consent-harness.ts';

// Consent after `submit`, hop by hop as Logto answers: `/oidc/auth/:uid` → 303 `/consent?app_id=`;
// for a first-party app `/consent` consents on the server and answers 302 back to `/oidc/auth/:uid`,
// for a third-party app the consent page reads and grants through `/api/interaction/consent`.

let stack: TestStack;
let issuer: string;
const api = 'https://consent-api.example.com';
const password = 'Plenty-of-entropy-42';
let person: { id: string; username: string | null };
let firstParty: { id: string; rp: client.Configuration };
let otherFirstParty: { id: string; rp: client.Configuration };
let thirdParty: { id: string; name: string; rp: client.Configuration };
let scopeIds: Record<string, string>;

beforeAll(async () => {
  stack = await startTestStack();
  issuer = `${stack.userUrl}/oidc`;
  const { db } = stack.database;
  const resource = await insertResource(db, defaultTenantId, api, ['read', 'write', 'delete']);
  scopeIds = resource.scopes;
  const role = await insertRole(db, defaultTenantId, { type: 'User', scopeIds: [scopeIds.read!, scopeIds.write!] });
  person = await insertUser(db, defaultTenantId, { username: 'consenting_person', name: 'Ada', ...(await hashPassword(password)) });
  await assignUserRole(db, defaultTenantId, person.id, role.id);
  const spa = async () => {
    const { app, rp } = await registerSpa(stack);
    return { id: app.id, rp };
  };
  firstParty = await spa();
  otherFirstParty = await spa();
  const app = await insertApplication(db, defaultTenantId, {
    type: 'Traditional',
    name: 'Partner app',
    isThirdParty: true,
    oidcClientMetadata: { redirectUris: [callbackUrl], postLogoutRedirectUris: [] },
  });
  // The partner may ask for `read` only, whatever the user's roles allow.
  await db
    .insert(applicationUserConsentResourceScopes)
    .values({ tenantId: defaultTenantId, applicationId: app.id, scopeId: scopeIds.read! });
  thirdParty = { id: app.id, name: app.name, rp: await discoverRp(issuer, app.id, { secret: app.secret }) };
});
afterAll(async () => stack?.stop());

const { startAuthorization, experience, hop, followToCallback, redeem, ...browser } = consentBrowser(() => stack);
const signInAndSubmit = (jar: PathJar) => browser.signInAndSubmit(jar, person, password);

describe('after submit, a first-party app', () => {
  // Logto sends a first-party app's browser through `/consent?app_id=` (303), which consents and
  // sends it back (302) to a second interaction; here the consent comes with the login, and the
  // browser goes from the sign-in straight to the callback. The `/consent` hop itself is still there
  // for what a login does not settle (signing in again with new scopes, below and in
  // authorization-code.test.ts).
  it('goes /oidc/auth/:uid → 303 callback, consented with the login, no page shown', async () => {
    const started = await startAuthorization(firstParty.rp);
    // As Logto's: the sign-in page's address names the app.
    expect(`${started.landing.pathname}${started.landing.search}`).toBe(`/sign-in?app_id=${firstParty.id}`);
    // Logto's `_logto` cookie tells the sign-in UI which app it is for.
    expect(started.jar.named('_logto').map(({ value, path }) => [JSON.parse(value), path])).toEqual([[{ appId: firstParty.id }, '/']]);
    const redirectTo = await signInAndSubmit(started.jar);
    expect(redirectTo).toBe(`${stack.userUrl}/oidc/auth/${started.uid}`);

    const done = await hop(started.jar, redirectTo);
    expect(done.status).toBe(303);
    expect(done.location!.startsWith(`${callbackUrl}?code=`)).toBe(true);
    expect(started.jar.named('_session')).toHaveLength(1);
    const tokens = await redeem(firstParty.rp, started, done.next!);
    expect(tokens.claims()!.sub).toBe(person.id);
    // Granted what was asked: the ID token has the profile scope's claims.
    expect(tokens.claims()!.username).toBe(person.username);
    // Logto remembers the first app a user consented to.
    const [row] = await stack.database.db
      .select({ applicationId: users.applicationId })
      .from(users)
      .where(and(eq(users.tenantId, defaultTenantId), eq(users.id, person.id)));
    expect(row!.applicationId).not.toBeNull();
  });

  it('is granted exactly the API scopes the user has', async () => {
    const started = await startAuthorization(firstParty.rp, new PathJar(), {
      scope: 'openid offline_access read write delete',
      resource: api,
    });
    const callback = await followToCallback(started.jar, await signInAndSubmit(started.jar));
    const tokens = await redeem(firstParty.rp, started, callback);
    const forApi = await client.refreshTokenGrant(firstParty.rp, tokens.refresh_token!, { resource: api });
    const { payload } = await jose.jwtVerify(forApi.access_token, jose.createRemoteJWKSet(new URL(`${issuer}/jwks`)), { audience: api });
    expect(String(payload.scope).split(' ').sort()).toEqual(['read', 'write']);
  });
});

describe('after submit, a third-party app', () => {
  async function atConsentPage(extra: Record<string, string> = {}) {
    const started = await startAuthorization(thirdParty.rp, new PathJar(), {
      scope: 'openid profile email offline_access read write',
      resource: api,
      ...extra,
    });
    const resumed = await hop(started.jar, await signInAndSubmit(started.jar));
    expect(resumed.status).toBe(303);
    expect(resumed.location).toBe(`/consent?app_id=${thirdParty.id}`);
    // The sign-in UI answers: its consent page.
    const page = await started.jar.fetch(resumed.next!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('data-app="ui"');
    return started;
  }

  it('shows the consent page, which reads what is asked through GET /api/interaction/consent', async () => {
    const started = await atConsentPage();
    const info = await experience(started.jar, 'GET', 'interaction/consent');
    expect(info.status).toBe(200);
    expect(info.body).toEqual({
      application: { id: thirdParty.id, name: 'Partner app' },
      user: { id: person.id, name: 'Ada', avatar: null, username: 'consenting_person', primaryEmail: null, primaryPhone: null },
      organizations: [],
      missingOIDCScope: ['profile', 'email'],
      // `write` is the user's too, but the app may not ask for it.
      missingResourceScopes: [
        {
          resource: { id: expect.any(String), name: api, indicator: api },
          scopes: [{ id: scopeIds.read, name: 'read', description: null }],
        },
      ],
      redirectUri: callbackUrl,
    });
  });

  it('grants with POST /api/interaction/consent, answering {redirectTo}, and the app gets what was shown', async () => {
    const started = await atConsentPage();
    const granted = await experience(started.jar, 'POST', 'interaction/consent', {});
    expect(granted.status).toBe(200);
    expect(Object.keys(granted.body)).toEqual(['redirectTo']);
    expect(String(granted.body.redirectTo)).toMatch(new RegExp(`^${stack.userUrl}/oidc/auth/[\\w-]+$`));
    expect(resumePath.test(new URL(String(granted.body.redirectTo)).pathname)).toBe(true);

    const done = await hop(started.jar, String(granted.body.redirectTo));
    expect(done.status).toBe(303);
    const tokens = await redeem(thirdParty.rp, started, done.next!);
    expect(tokens.claims()!.sub).toBe(person.id);
    const forApi = await client.refreshTokenGrant(thirdParty.rp, tokens.refresh_token!, { resource: api });
    const { payload } = await jose.jwtVerify(forApi.access_token, jose.createRemoteJWKSet(new URL(`${issuer}/jwks`)), { audience: api });
    expect(payload.scope).toBe('read');
  });

  it('does not ask again once consented: the next sign-in goes straight back to the app', async () => {
    const started = await atConsentPage();
    const granted = await experience(started.jar, 'POST', 'interaction/consent');
    await followToCallback(started.jar, String(granted.body.redirectTo));
    const again = await startAuthorization(thirdParty.rp, started.jar, {
      scope: 'openid profile email offline_access read',
      resource: api,
      prompt: '',
    });
    expect(again.landing.href.startsWith(callbackUrl)).toBe(true);
  });

  it('refuses organizations the user is not a member of: 422 organization.require_membership', async () => {
    const started = await atConsentPage();
    const refused = await experience(started.jar, 'POST', 'interaction/consent', { organizationIds: ['org1'] });
    expect(refused).toMatchObject({ status: 422, body: { code: 'organization.require_membership' } });
    expect((await experience(started.jar, 'POST', 'interaction/consent', { unknown: true })).body).toMatchObject({
      code: 'guard.invalid_input',
    });
  });
});

describe('the consent API without a signed-in interaction', () => {
  it('answers session.not_found with no interaction cookie at all', async () => {
    const jar = new PathJar();
    for (const method of ['GET', 'POST']) {
      const answer = await experience(jar, method, 'interaction/consent', method === 'POST' ? {} : undefined);
      expect(answer).toMatchObject({ status: 400, body: { code: 'session.not_found' } });
    }
  });

  it('answers session.not_found while nobody has signed in yet, and /consent then shows the page', async () => {
    const started = await startAuthorization(firstParty.rp);
    expect((await experience(started.jar, 'GET', 'interaction/consent')).body).toMatchObject({ code: 'session.not_found' });
    expect((await experience(started.jar, 'POST', 'interaction/consent', {})).body).toMatchObject({ code: 'session.not_found' });
    // Not waiting for consent: nothing is granted, the UI answers.
    const page = await hop(started.jar, `${stack.userUrl}/consent?app_id=${firstParty.id}`);
    expect(page.status).toBe(200);
  });
});

describe('two apps signing in at once in one browser', () => {
  it('each gets its own callback and code; finishing one leaves the other to finish as its own', async () => {
    const jar = new PathJar();
    const a = await startAuthorization(firstParty.rp, jar);
    const b = await startAuthorization(otherFirstParty.rp, jar);
    expect(a.uid).not.toBe(b.uid);
    // Each interaction keeps its own resume cookie, at its own path.
    expect(
      jar
        .named('_interaction_resume')
        .map(({ path }) => path)
        .sort(),
    ).toEqual([`/oidc/auth/${a.uid}`, `/oidc/auth/${b.uid}`].sort());

    // The sign-in page acts on the browser's latest interaction: B's.
    const redirectToB = await signInAndSubmit(jar);
    expect(redirectToB).toBe(`${stack.userUrl}/oidc/auth/${b.uid}`);
    const callbackB = await followToCallback(jar, redirectToB);
    expect(callbackB.searchParams.get('state')).toBe(b.state);
    expect((await redeem(otherFirstParty.rp, b, callbackB)).claims()!.aud).toBe(otherFirstParty.id);
    // A's code could not be B's: B's callback code does not redeem for A.
    await expect(redeem(firstParty.rp, { ...a, state: b.state }, callbackB)).rejects.toBeDefined();

    // A's resume cookie was left alone; A's stale page cannot finish B's interaction, which is over.
    expect(jar.named('_interaction_resume').map(({ path }) => path)).toContain(`/oidc/auth/${a.uid}`);
    expect((await experience(jar, 'POST', 'experience/submit')).body).toMatchObject({ code: 'session.not_found' });
    // A asks again (as Logto's SDK does on the error): the browser is signed in, so A gets its own callback.
    const retried = await startAuthorization(firstParty.rp, jar);
    expect(retried.landing.pathname).toBe('/consent');
    const callbackA = await followToCallback(jar, retried.landing);
    expect(callbackA.searchParams.get('state')).toBe(retried.state);
    expect((await redeem(firstParty.rp, retried, callbackA)).claims()).toMatchObject({ aud: firstParty.id, sub: person.id });
  });

  it('one app resuming after the other started still returns to its own callback', async () => {
    const jar = new PathJar();
    const a = await startAuthorization(firstParty.rp, jar);
    const redirectToA = await signInAndSubmit(jar);
    // B starts before A's browser follows submit's redirect.
    const b = await startAuthorization(otherFirstParty.rp, jar);
    expect(b.landing.pathname).toBe('/sign-in');
    const callbackA = await followToCallback(jar, redirectToA);
    expect(callbackA.searchParams.get('state')).toBe(a.state);
    expect((await redeem(firstParty.rp, a, callbackA)).claims()!.aud).toBe(firstParty.id);
    // B's sign-in never finished; asked again, the signed-in browser goes straight to B's callback.
    const retried = await startAuthorization(otherFirstParty.rp, jar);
    const callbackB = await followToCallback(jar, retried.landing);
    expect(callbackB.searchParams.get('state')).toBe(retried.state);
    expect((await redeem(otherFirstParty.rp, retried, callbackB)).claims()!.aud).toBe(otherFirstParty.id);
  });
});
