// A user's social identities through the Management API (read, set by hand, linked through a real
// social sign-in, unlinked), and protected apps' custom domains. The admin tenant of our own OIDC
// service plays the upstream OpenID Provider of an `oidc` social connector, as in social.test.ts.
import { randomBytes } from 'node:crypto';
import { adminTenantId, defaultTenantId, generateId } from '@idp/db';
import { hashPassword } from '@idp/password';
import { applications, connectors, users } from '@idp/schemas';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExperienceFlow, insertApplication, insertUser, startManagementTest, type ManagementTest } from '../../src/index.ts';

let test: ManagementTest;
const connectorId = 'mapi-upstream';
const target = 'mapi-upstream';
let socialCallback: string;
let upstreamUserId: string;
const upstreamPassword = 'Upstream-password-1';

const unique = () => randomBytes(4).toString('hex');
const error = (status: number, code: string) => ({ status, body: { code } });

beforeAll(async () => {
  test = await startManagementTest();
  const { db } = test.stack.database;
  socialCallback = `${test.stack.userUrl}/callback/${connectorId}`;
  const upstreamApp = await insertApplication(db, adminTenantId, {
    type: 'Traditional',
    oidcClientMetadata: { redirectUris: [socialCallback], postLogoutRedirectUris: [] },
  });
  const upstreamUser = await insertUser(db, adminTenantId, {
    username: 'mapi_upstream_user',
    primaryEmail: 'mapi-upstream@example.com',
    name: 'Up Stream',
    ...(await hashPassword(upstreamPassword)),
  });
  upstreamUserId = upstreamUser.id;
  await db.insert(connectors).values({
    tenantId: defaultTenantId,
    id: connectorId,
    connectorId: 'oidc',
    config: { issuer: `${test.stack.adminUrl}/oidc`, clientId: upstreamApp.id, clientSecret: upstreamApp.secret, target },
  });
});
afterAll(async () => test?.stack.stop());

async function createUser() {
  const response = await test.call('POST', '/api/users', { username: `u_${unique()}` });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return (response.body as { id: string }).id;
}

const storedIdentities = async (tenantId: string, id: string) => {
  const [row] = await test.stack.database.db
    .select({ identities: users.identities })
    .from(users)
    .where(and(eq(users.tenantId, tenantId), eq(users.id, id)));
  return row?.identities;
};

describe('GET and PUT /api/users/:userId/identities/:target', () => {
  it('creates an identity with 201, replaces it with 200, reads it back and answers the whole map', async () => {
    const userId = await createUser();
    expect(await test.call('GET', `/api/users/${userId}/identities/google`)).toMatchObject(error(404, 'user.identity_not_exist'));

    const created = await test.call('PUT', `/api/users/${userId}/identities/google`, { userId: 'g-1', details: { email: 'a@gmail.com' } });
    expect(created).toMatchObject({ status: 201, body: { google: { userId: 'g-1', details: { email: 'a@gmail.com' } } } });
    const other = await test.call('PUT', `/api/users/${userId}/identities/github`, { userId: 'gh-1' });
    expect(other.status).toBe(201);
    expect(other.body).toEqual({ google: { userId: 'g-1', details: { email: 'a@gmail.com' } }, github: { userId: 'gh-1' } });

    const replaced = await test.call('PUT', `/api/users/${userId}/identities/google`, { userId: 'g-2' });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toEqual({ google: { userId: 'g-2' }, github: { userId: 'gh-1' } });
    expect(await storedIdentities(defaultTenantId, userId)).toEqual(replaced.body);

    expect(await test.call('GET', `/api/users/${userId}/identities/github`)).toMatchObject({
      status: 200,
      body: { identity: { userId: 'gh-1' } },
    });
    const withSwitch = await test.call('GET', `/api/users/${userId}/identities/google?includeTokenSecret=true`);
    expect(withSwitch).toMatchObject({ status: 200 });
    expect(withSwitch.body).toEqual({ identity: { userId: 'g-2' } });
    expect((await test.call('GET', `/api/users/${userId}`)).body).toMatchObject({ identities: replaced.body });
  });

  it('keeps identities written concurrently under other targets', async () => {
    const userId = await createUser();
    const targets = Array.from({ length: 8 }, (_, index) => `t${index}`);
    const responses = await Promise.all(
      targets.map((name) => test.call('PUT', `/api/users/${userId}/identities/${name}`, { userId: `id-${name}` })),
    );
    expect(responses.map(({ status }) => status)).toEqual(targets.map(() => 201));
    expect(Object.keys((await storedIdentities(defaultTenantId, userId))!).sort()).toEqual(targets);
  });

  it('refuses with 422 user.identity_already_in_use a social identity another user of the tenant has', async () => {
    const first = await createUser();
    const second = await createUser();
    const socialId = `shared-${unique()}`;
    expect((await test.call('PUT', `/api/users/${first}/identities/google`, { userId: socialId })).status).toBe(201);
    expect(await test.call('PUT', `/api/users/${second}/identities/google`, { userId: socialId })).toMatchObject(
      error(422, 'user.identity_already_in_use'),
    );
    expect(await storedIdentities(defaultTenantId, second)).toEqual({});
    // The same id under another target is another identity; the holder may set it again.
    expect((await test.call('PUT', `/api/users/${second}/identities/github`, { userId: socialId })).status).toBe(201);
    expect((await test.call('PUT', `/api/users/${first}/identities/google`, { userId: socialId, details: { again: true } })).status).toBe(
      200,
    );
  });

  it('gives one social identity to exactly one of two users asking at once', async () => {
    const [first, second] = [await createUser(), await createUser()];
    const socialId = `race-${unique()}`;
    const responses = await Promise.all(
      [first, second].map((userId) => test.call('PUT', `/api/users/${userId}/identities/google`, { userId: socialId })),
    );
    expect(responses.map(({ status }) => status).sort()).toEqual([201, 422]);
  });

  it('answers 404 for an unknown user, and refuses unknown fields and over-long strings with 400', async () => {
    const missing = generateId();
    expect(await test.call('GET', `/api/users/${missing}/identities/google`)).toMatchObject(error(404, 'entity.not_exists_with_id'));
    expect(await test.call('PUT', `/api/users/${missing}/identities/google`, { userId: 'g-1' })).toMatchObject(
      error(404, 'entity.not_exists_with_id'),
    );

    const userId = await createUser();
    for (const body of [
      { userId: 'g-1', extra: true },
      { userId: 'g-1', details: { a: 1 }, tenantId: adminTenantId },
      { userId: '' },
      { userId: 'x'.repeat(257) },
      { userId: 42 },
      { details: {} },
      { userId: 'g-1', details: 'text' },
    ]) {
      expect(await test.call('PUT', `/api/users/${userId}/identities/google`, body), JSON.stringify(body)).toMatchObject(
        error(400, 'guard.invalid_input'),
      );
    }
    expect(await test.call('PUT', `/api/users/${userId}/identities/${'t'.repeat(129)}`, { userId: 'g-1' })).toMatchObject({ status: 400 });
    expect(await test.call('GET', `/api/users/${userId}/identities/google?includeTokenSecret=${'x'.repeat(17)}`)).toMatchObject(
      error(400, 'guard.invalid_input'),
    );
    expect(await storedIdentities(defaultTenantId, userId)).toEqual({});
  });

  it("never shows, changes or counts another tenant's users", async () => {
    const { db } = test.stack.database;
    const socialId = `cross-${unique()}`;
    const foreign = await insertUser(db, adminTenantId, { identities: { google: { userId: socialId } } });
    expect(await test.call('GET', `/api/users/${foreign.id}/identities/google`)).toMatchObject(error(404, 'entity.not_exists_with_id'));
    expect(await test.call('PUT', `/api/users/${foreign.id}/identities/google`, { userId: 'mine' })).toMatchObject(
      error(404, 'entity.not_exists_with_id'),
    );
    expect(await test.call('DELETE', `/api/users/${foreign.id}/identities/google`)).toMatchObject(error(404, 'entity.not_exists_with_id'));
    // The admin tenant's user holding the same identity is no conflict for a user of this tenant.
    const userId = await createUser();
    expect((await test.call('PUT', `/api/users/${userId}/identities/google`, { userId: socialId })).status).toBe(201);
    expect(await storedIdentities(adminTenantId, foreign.id)).toEqual({ google: { userId: socialId } });
  });

  it('still unlinks an identity with DELETE', async () => {
    const userId = await createUser();
    const [googleId, githubId] = [`g-${unique()}`, `gh-${unique()}`];
    expect((await test.call('PUT', `/api/users/${userId}/identities/google`, { userId: googleId })).status).toBe(201);
    expect((await test.call('PUT', `/api/users/${userId}/identities/github`, { userId: githubId })).status).toBe(201);
    const unlinked = await test.call('DELETE', `/api/users/${userId}/identities/google`);
    expect(unlinked).toMatchObject({ status: 200, body: { id: userId } });
    expect((unlinked.body as { identities: object }).identities).toEqual({ github: { userId: githubId } });
    // Unlinked, the identity is free for another user.
    expect((await test.call('PUT', `/api/users/${await createUser()}/identities/google`, { userId: googleId })).status).toBe(201);
    expect(await test.call('DELETE', `/api/users/${userId}/identities/google`)).toMatchObject(error(404, 'user.identity_not_exist'));
    expect(await test.call('GET', `/api/users/${userId}/identities/google`)).toMatchObject(error(404, 'user.identity_not_exist'));
  });
});

describe('linking a social identity through a connector', () => {
  const authorizationUri = async (state: string, redirectUri = socialCallback) => {
    const response = await test.call('POST', `/api/connectors/${connectorId}/authorization-uri`, { state, redirectUri });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return new URL((response.body as { redirectTo: string }).redirectTo);
  };

  /** A browser signs in at the upstream and comes back to the callback with the code. */
  async function throughUpstream(state: string) {
    const redirectTo = await authorizationUri(state);
    const upstream = new ExperienceFlow(test.stack, test.stack.adminUrl);
    expect((await upstream.startAt(redirectTo)).pathname).toBe('/sign-in');
    await upstream.signInWithPassword('mapi_upstream_user', upstreamPassword);
    const back = await upstream.submitAndReturn(socialCallback);
    expect(back.searchParams.get('state')).toBe(state);
    return { ...Object.fromEntries(back.searchParams), redirectUri: socialCallback };
  }

  it("builds the provider's URL with PKCE and a nonce, the same for the same request, secret and tied to it", async () => {
    const url = await authorizationUri('state-abc');
    expect(url.href.startsWith(`${test.stack.adminUrl}/oidc/auth?`)).toBe(true);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      state: 'state-abc',
      redirect_uri: socialCallback,
      response_type: 'code',
      code_challenge_method: 'S256',
      code_challenge: expect.stringMatching(/^[\w-]{43}$/),
      nonce: expect.stringMatching(/^[\w-]{43}$/),
    });
    expect((await authorizationUri('state-abc')).href).toBe(url.href);
    const other = await authorizationUri('state-abd');
    expect(other.searchParams.get('code_challenge')).not.toBe(url.searchParams.get('code_challenge'));
    expect(other.searchParams.get('nonce')).not.toBe(url.searchParams.get('nonce'));
    // Neither value is the challenge's verifier or anything a caller could compute.
    expect(url.searchParams.get('nonce')).not.toBe(url.searchParams.get('code_challenge'));
  });

  it('links the upstream identity to a user, and refuses it to a second user and a second time', async () => {
    const userId = await createUser();
    const connectorData = await throughUpstream(`link-${unique()}`);
    const linked = await test.call('POST', `/api/users/${userId}/identities`, { connectorId, connectorData });
    expect(linked.status, JSON.stringify(linked.body)).toBe(200);
    const expected = {
      [target]: {
        userId: upstreamUserId,
        details: expect.objectContaining({
          id: upstreamUserId,
          email: 'mapi-upstream@example.com',
          name: 'Up Stream',
          rawData: expect.objectContaining({ sub: upstreamUserId }),
        }),
      },
    };
    expect(linked.body).toEqual(expected);
    expect(await storedIdentities(defaultTenantId, userId)).toEqual(expected);
    expect(await test.call('GET', `/api/users/${userId}/identities/${target}`)).toMatchObject({
      status: 200,
      body: { identity: { userId: upstreamUserId } },
    });
    // The code is spent: replaying it is refused by the provider.
    const otherUser = await createUser();
    expect(await test.call('POST', `/api/users/${otherUser}/identities`, { connectorId, connectorData })).toMatchObject(
      error(400, 'session.verification_failed'),
    );

    // A fresh sign-in as the same upstream user: the identity belongs to the first user already.
    const second = await throughUpstream(`link-${unique()}`);
    expect(await test.call('POST', `/api/users/${otherUser}/identities`, { connectorId, connectorData: second })).toMatchObject(
      error(422, 'user.identity_already_in_use'),
    );
    expect(await storedIdentities(defaultTenantId, otherUser)).toEqual({});
    // The first user has this target already: refused before anything is asked of the provider.
    expect(await test.call('POST', `/api/users/${userId}/identities`, { connectorId, connectorData: second })).toMatchObject(
      error(422, 'user.social_account_exists_in_profile'),
    );
  });

  it('refuses an answer whose state or redirect URI was tampered with', async () => {
    const userId = await createUser();
    const connectorData = await throughUpstream(`tamper-${unique()}`);
    expect(
      await test.call('POST', `/api/users/${userId}/identities`, { connectorId, connectorData: { ...connectorData, state: 'forged' } }),
    ).toMatchObject(error(400, 'session.verification_failed'));
    const other = await throughUpstream(`tamper-${unique()}`);
    expect(
      await test.call('POST', `/api/users/${userId}/identities`, {
        connectorId,
        connectorData: { ...other, redirectUri: `${socialCallback}?x=1` },
      }),
    ).toMatchObject(error(400, 'session.verification_failed'));
    expect(await storedIdentities(defaultTenantId, userId)).toEqual({});
  });

  it('answers 404 for unknown connectors and users, 400 for a non-social connector and malformed input', async () => {
    const userId = await createUser();
    const data = { code: 'c', state: 's', redirectUri: socialCallback };
    expect(
      await test.call('POST', `/api/connectors/${generateId()}/authorization-uri`, { state: 's', redirectUri: socialCallback }),
    ).toMatchObject(error(404, 'connector.not_found'));
    expect(await test.call('POST', `/api/users/${userId}/identities`, { connectorId: generateId(), connectorData: data })).toMatchObject(
      error(404, 'connector.not_found'),
    );
    expect(await test.call('POST', `/api/users/${generateId()}/identities`, { connectorId, connectorData: data })).toMatchObject(
      error(404, 'entity.not_exists_with_id'),
    );

    const emailConnector = generateId();
    await test.stack.database.db.insert(connectors).values({
      tenantId: defaultTenantId,
      id: emailConnector,
      connectorId: 'mock-email-service',
      config: { folder: '/tmp/mock-connectors' },
    });
    try {
      expect(
        await test.call('POST', `/api/connectors/${emailConnector}/authorization-uri`, { state: 's', redirectUri: socialCallback }),
      ).toMatchObject(error(400, 'connector.unexpected_type'));
      expect(
        await test.call('POST', `/api/users/${userId}/identities`, { connectorId: emailConnector, connectorData: data }),
      ).toMatchObject(error(400, 'connector.unexpected_type'));
    } finally {
      await test.stack.database.db
        .delete(connectors)
        .where(and(eq(connectors.tenantId, defaultTenantId), eq(connectors.id, emailConnector)));
    }

    for (const body of [
      { state: '', redirectUri: socialCallback },
      { state: 's'.repeat(513), redirectUri: socialCallback },
      { state: 's', redirectUri: 'javascript:alert(1)' },
      { state: 's', redirectUri: `https://example.com/${'x'.repeat(2048)}` },
      { state: 's', redirectUri: 'https://exa mple.com/' },
      { state: 's', redirectUri: socialCallback, extra: 1 },
    ]) {
      expect(await test.call('POST', `/api/connectors/${connectorId}/authorization-uri`, body), JSON.stringify(body)).toMatchObject(
        error(400, 'guard.invalid_input'),
      );
    }
    for (const body of [
      { connectorId, connectorData: { state: 's', redirectUri: socialCallback } },
      { connectorId, connectorData: { ...data, code: 42 } },
      { connectorId, connectorData: { ...data, state: 's'.repeat(513) } },
      { connectorId, connectorData: data, extra: true },
      { connectorId: 'x'.repeat(129), connectorData: data },
      { connectorData: data },
    ]) {
      expect(await test.call('POST', `/api/users/${userId}/identities`, body), JSON.stringify(body)).toMatchObject(
        error(400, 'guard.invalid_input'),
      );
    }
  });

  it("does not find another tenant's connectors", async () => {
    const foreign = generateId();
    await test.stack.database.db.insert(connectors).values({
      tenantId: adminTenantId,
      id: foreign,
      connectorId: 'oidc',
      config: { issuer: `${test.stack.adminUrl}/oidc`, clientId: 'x', clientSecret: 'y', target: 'foreign' },
    });
    expect(
      await test.call('POST', `/api/connectors/${foreign}/authorization-uri`, { state: 's', redirectUri: socialCallback }),
    ).toMatchObject(error(404, 'connector.not_found'));
  });
});

describe('custom domains of protected apps', () => {
  async function createProtectedApp() {
    const created = await test.call('POST', '/api/applications', {
      name: 'Protected site',
      type: 'Protected',
      protectedAppMetadata: { subDomain: `site-${unique()}`, origin: 'https://example.com' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    return created.body as { id: string; protectedAppMetadata: { host: string } };
  }
  const domains = (id: string) => `/api/applications/${id}/protected-app-metadata/custom-domains`;

  it('adds a domain pending verification with its CNAME record, lists it, and deletes it', async () => {
    const app = await createProtectedApp();
    expect(await test.call('GET', domains(app.id))).toMatchObject({ status: 200, body: [] });
    const name = `shop-${unique()}.example.com`;
    const added = await test.call('POST', domains(app.id), { domain: name.toUpperCase() });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect(added.body).toBeUndefined();
    const entry = {
      domain: name,
      status: 'PendingVerification',
      errorMessage: null,
      dnsRecords: [{ name, type: 'CNAME', value: app.protectedAppMetadata.host }],
      cloudflareData: null,
    };
    const listed = await test.call('GET', domains(app.id));
    expect(listed).toMatchObject({ status: 200 });
    expect(listed.body).toEqual([entry]);
    expect((await test.call('GET', `/api/applications/${app.id}`)).body).toMatchObject({
      protectedAppMetadata: { customDomains: [entry] },
    });
    const [row] = await test.stack.database.db.select().from(applications).where(eq(applications.id, app.id));
    expect(row?.protectedAppMetadata?.customDomains).toEqual([entry]);

    expect((await test.call('DELETE', `${domains(app.id)}/${name.toUpperCase()}`)).status).toBe(204);
    expect((await test.call('GET', domains(app.id))).body).toEqual([]);
    expect(await test.call('DELETE', `${domains(app.id)}/${name}`)).toMatchObject(error(404, 'domain.not_found'));
  });

  it('gives a domain to one app only (409), and an app one domain only (422)', async () => {
    const [first, second] = [await createProtectedApp(), await createProtectedApp()];
    const name = `one-${unique()}.example.com`;
    expect((await test.call('POST', domains(first.id), { domain: name })).status).toBe(201);
    expect(await test.call('POST', domains(second.id), { domain: name })).toMatchObject(error(409, 'domain.hostname_already_exists'));
    expect(await test.call('POST', domains(first.id), { domain: name })).toMatchObject(error(409, 'domain.hostname_already_exists'));
    expect(await test.call('POST', domains(first.id), { domain: `two-${unique()}.example.com` })).toMatchObject(
      error(422, 'domain.limit_to_one_domain'),
    );
    expect((await test.call('GET', domains(second.id))).body).toEqual([]);

    // Once deleted, the domain is free for another app.
    expect((await test.call('DELETE', `${domains(first.id)}/${name}`)).status).toBe(204);
    expect((await test.call('POST', domains(second.id), { domain: name })).status).toBe(201);

    const racers = await Promise.all([first, second].map(() => createProtectedApp()));
    const raced = `race-${unique()}.example.com`;
    const responses = await Promise.all(racers.map(({ id }) => test.call('POST', domains(id), { domain: raced })));
    expect(responses.map(({ status }) => status).sort()).toEqual([201, 409]);
  });

  it('refuses hostnames that are not, with 422 domain.invalid_hostname (400 when over the length limit or malformed)', async () => {
    const app = await createProtectedApp();
    const long = `${Array.from({ length: 4 }, () => 'a'.repeat(62)).join('.')}.com`; // 255 characters
    for (const domain of [
      'localhost',
      'not a domain.com',
      '-bad.example.com',
      'bad-.example.com',
      'a..example.com',
      '.example.com',
      'example.com.',
      `${'a'.repeat(64)}.example.com`,
      '192.168.0.1',
      'exa_mple.com',
      'https://example.com',
      `sub.${app.protectedAppMetadata.host}`,
      'protected.localhost',
    ]) {
      expect(await test.call('POST', domains(app.id), { domain }), domain).toMatchObject(error(422, 'domain.invalid_hostname'));
    }
    for (const body of [{ domain: long }, { domain: '' }, { domain: 42 }, {}, { domain: 'ok.example.com', status: 'Active' }]) {
      expect(await test.call('POST', domains(app.id), body), JSON.stringify(body)).toMatchObject(error(400, 'guard.invalid_input'));
    }
    // Another app's own host lies under the protected-app domain too.
    const other = await createProtectedApp();
    expect(await test.call('POST', domains(app.id), { domain: other.protectedAppMetadata.host })).toMatchObject(
      error(422, 'domain.invalid_hostname'),
    );
    expect((await test.call('GET', domains(app.id))).body).toEqual([]);
  });

  it('answers 400 for an app that is not protected and 404 for an unknown or foreign one', async () => {
    const spa = await test.call('POST', '/api/applications', { name: 'spa', type: 'SPA' });
    const spaId = (spa.body as { id: string }).id;
    expect(await test.call('GET', domains(spaId))).toMatchObject(error(400, 'application.protected_application_only'));
    expect(await test.call('POST', domains(spaId), { domain: `x-${unique()}.example.com` })).toMatchObject(
      error(400, 'application.protected_application_only'),
    );
    expect(await test.call('DELETE', `${domains(spaId)}/x.example.com`)).toMatchObject(
      error(400, 'application.protected_application_only'),
    );

    const missing = generateId();
    expect(await test.call('GET', domains(missing))).toMatchObject(error(404, 'entity.not_exists_with_id'));
    expect(await test.call('POST', domains(missing), { domain: `x-${unique()}.example.com` })).toMatchObject(
      error(404, 'entity.not_exists_with_id'),
    );
    expect(await test.call('DELETE', `${domains(missing)}/x.example.com`)).toMatchObject(error(404, 'entity.not_exists_with_id'));

    const foreign = await insertApplication(test.stack.database.db, adminTenantId, {
      type: 'Protected',
      protectedAppMetadata: {
        host: `foreign-${unique()}.protected.localhost`,
        origin: 'https://example.com',
        sessionDuration: 60,
        pageRules: [],
        customDomains: [],
      },
    });
    expect(await test.call('GET', domains(foreign.id))).toMatchObject(error(404, 'entity.not_exists_with_id'));
    expect(await test.call('POST', domains(foreign.id), { domain: `x-${unique()}.example.com` })).toMatchObject(
      error(404, 'entity.not_exists_with_id'),
    );
  });
});
