// Linking social accounts through the Account API with Logto's mock social connector: a Social
// verification record (POST /api/verifications/social, then /verify with the provider's callback
// data) and POST / PUT /api/my-account/identities with proof of identity. Also the step-up traps
// (a social record never proves who the caller is), the stored-token routes (nothing is stored:
// Logto's 404) and trusted devices (none: Logto's empty list and 404).
import { defaultTenantId, generateId } from '@idp/db';
import { connectors, users, verificationRecords } from '@idp/schemas';
import { and, eq } from 'drizzle-orm';
import type * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExperienceFlow, registerSpa } from '../../src/index.ts';
import { everyFieldEditable, startAccountApiTest, type Harness } from './harness.ts';

let t: Harness;
let rp: client.Configuration;
let emailConnectorId: string;
type User = Awaited<ReturnType<Harness['newUser']>>;

const connectorId = 'mock-social';
const redirectUri = 'https://app.example.com/callback/mock-social';
const denied = { status: 401, body: { code: 'verification_record.permission_denied' } };
const notFound = { status: 400, body: { code: 'verification_record.not_found' } };
const withRecord = (id: string) => ({ 'logto-verification-id': id });
let socialUsers = 0;

const identitiesOf = async (id: string) =>
  (
    await t.stack.database.db
      .select({ identities: users.identities })
      .from(users)
      .where(and(eq(users.tenantId, defaultTenantId), eq(users.id, id)))
  )[0]!.identities;
const expireRecord = (id: string) =>
  t.stack.database.db
    .update(verificationRecords)
    .set({ expiresAt: new Date(Date.now() - 1000) })
    .where(eq(verificationRecords.id, id));
const setSocialField = (social: 'Off' | 'ReadOnly' | 'Edit') =>
  t.setAccountCenter({ ...everyFieldEditable, fields: { ...everyFieldEditable.fields, social } });

/** Starts a Social record of the user: its id. */
const startSocial = async (user: User, state = 'state-1') => {
  const started = await t.call(user.token, 'POST', '/api/verifications/social', { connectorId, state, redirectUri });
  expect(started.status, JSON.stringify(started.body)).toBe(201);
  return started.body!.verificationRecordId as string;
};
/** A verified Social record of the user for the provider's user `socialId` (a new one by default). */
const socialRecord = async (user: User, socialId = `social-${++socialUsers}`) => {
  const verificationRecordId = await startSocial(user);
  const verified = await t.call(user.token, 'POST', '/api/verifications/social/verify', {
    verificationRecordId,
    connectorData: { state: 'state-1', code: 'mock-code', redirectUri, userId: socialId, email: `${socialId}@social.example` },
  });
  expect(verified, JSON.stringify(verified.body)).toMatchObject({ status: 200, body: { verificationRecordId } });
  return { recordId: verificationRecordId, socialId };
};
const link = async (user: User, recordId: string, method = 'POST', proof?: string) =>
  t.call(
    user.token,
    method,
    '/api/my-account/identities',
    { newIdentifierVerificationRecordId: recordId },
    withRecord(proof ?? (await t.passwordRecord(user.token, user.password))),
  );

beforeAll(async () => {
  t = await startAccountApiTest();
  ({ rp } = await registerSpa(t.stack));
  const { db } = t.stack.database;
  await db.insert(connectors).values({
    tenantId: defaultTenantId,
    id: connectorId,
    connectorId: 'mock-social-connector',
    config: { clientId: 'c', clientSecret: 's' },
  });
  const [email] = await db
    .select({ id: connectors.id })
    .from(connectors)
    .where(and(eq(connectors.tenantId, defaultTenantId), eq(connectors.connectorId, 'mock-email-service')));
  emailConnectorId = email!.id;
  await t.setAccountCenter(everyFieldEditable);
});
afterAll(async () => t?.stop());

describe('POST /api/verifications/social and /verify', () => {
  it("answers the provider's authorization URI and a record valid for 10 minutes", async () => {
    const user = await t.newUser();
    const started = await t.call(user.token, 'POST', '/api/verifications/social', { connectorId, state: 'abc', redirectUri });
    expect(started).toMatchObject({
      status: 201,
      body: { verificationRecordId: expect.any(String), authorizationUri: expect.any(String), expiresAt: expect.any(String) },
    });
    const uri = new URL(started.body!.authorizationUri as string);
    expect([uri.origin, uri.searchParams.get('state'), uri.searchParams.get('redirect_uri')]).toEqual([
      'http://mock-social',
      'abc',
      redirectUri,
    ]);
    const lifetime = Date.parse(started.body!.expiresAt as string) - Date.now();
    expect(lifetime).toBeGreaterThan(9 * 60 * 1000);
    expect(lifetime).toBeLessThanOrEqual(10 * 60 * 1000);
  });

  it('an unknown connector is 422 session.invalid_connector_id; an email connector 400 connector.unexpected_type; bad input 400', async () => {
    const user = await t.newUser();
    const start = (body: unknown) => t.call(user.token, 'POST', '/api/verifications/social', body);
    expect(await start({ connectorId: 'nope', state: 's', redirectUri })).toMatchObject({
      status: 422,
      body: { code: 'session.invalid_connector_id' },
    });
    expect(await start({ connectorId: emailConnectorId, state: 's', redirectUri })).toMatchObject({
      status: 400,
      body: { code: 'connector.unexpected_type' },
    });
    expect(await start({ connectorId, state: 's' })).toMatchObject({ status: 400, body: { code: 'guard.invalid_input' } });
    expect(await start({ connectorId, state: 's', redirectUri: 'javascript:alert(1)' })).toMatchObject({ status: 400 });
    expect(await t.call(undefined, 'POST', '/api/verifications/social', { connectorId, state: 's', redirectUri })).toMatchObject({
      status: 401,
    });
  });

  it("refuses a wrong state, another user's record, an expired one and a second answer", async () => {
    const user = await t.newUser();
    const eve = await t.newUser();
    const verify = (who: User, verificationRecordId: string, state = 'state-1') =>
      t.call(who.token, 'POST', '/api/verifications/social/verify', {
        verificationRecordId,
        connectorData: { state, code: 'mock-code', userId: 'someone' },
      });
    const recordId = await startSocial(user);
    expect(await verify(user, recordId, 'forged')).toMatchObject({ status: 400, body: { code: 'session.verification_failed' } });
    expect(await verify(eve, recordId)).toMatchObject(notFound);
    expect(await verify(user, 'no-such-record')).toMatchObject(notFound);
    expect(await verify(user, recordId)).toMatchObject({ status: 200 });
    expect(await verify(user, recordId)).toMatchObject(notFound);
    const expired = await startSocial(user);
    await expireRecord(expired);
    expect(await verify(user, expired)).toMatchObject(notFound);
  });
});

describe('POST and PUT /api/my-account/identities', () => {
  it('links the identity with proof of identity, spending both records; the user then signs in with it', async () => {
    const user = await t.newUser();
    const { recordId, socialId } = await socialRecord(user);
    const proof = await t.passwordRecord(user.token, user.password);
    expect(await link(user, recordId, 'POST', proof)).toMatchObject({ status: 204 });
    expect(await identitiesOf(user.id)).toMatchObject({
      'mock-social': { userId: socialId, details: { id: socialId, email: `${socialId}@social.example` } },
    });
    const me = await t.call(user.token, 'GET', '/api/my-account');
    expect(me.body).toMatchObject({ identities: { 'mock-social': { userId: socialId } } });
    // Both records are spent.
    expect(await link(user, recordId, 'PUT', proof)).toMatchObject(denied);
    expect(await link(user, recordId, 'PUT')).toMatchObject(notFound);

    // The linked identity signs the same user in through the Experience API.
    const flow = new ExperienceFlow(t.stack);
    await flow.start(rp);
    await flow.api('PUT', '', { interactionEvent: 'SignIn' });
    const started = await flow.api('POST', `/verification/social/${connectorId}/authorization-uri`, { state: 'st', redirectUri });
    const verificationId = String(started.body.verificationId);
    const verified = await flow.api('POST', `/verification/social/${connectorId}/verify`, {
      connectorData: { state: 'st', code: 'c', userId: socialId },
      verificationId,
    });
    expect(verified.status).toBe(200);
    expect((await flow.api('POST', '/identification', { verificationId })).status).toBe(204);
    const sub = (await flow.redeem(rp, await flow.submitAndReturn())).claims()!.sub;
    expect(sub).toBe(user.id);
  });

  it('POST refuses a second account of the same provider; PUT replaces it', async () => {
    const user = await t.newUser();
    expect(await link(user, (await socialRecord(user)).recordId)).toMatchObject({ status: 204 });
    const second = await socialRecord(user);
    expect(await link(user, second.recordId)).toMatchObject({ status: 400, body: { code: 'user.identity_already_in_use' } });
    expect(await link(user, second.recordId, 'PUT')).toMatchObject({ status: 204 });
    expect(await identitiesOf(user.id)).toMatchObject({ 'mock-social': { userId: second.socialId } });
  });

  it('an identity another user has linked is 422 identity_already_in_use, and the proof stays usable', async () => {
    const owner = await t.newUser();
    const { socialId } = await socialRecord(owner);
    expect(await link(owner, (await socialRecord(owner, socialId)).recordId)).toMatchObject({ status: 204 });
    const user = await t.newUser();
    const proof = await t.passwordRecord(user.token, user.password);
    for (const method of ['POST', 'PUT']) {
      expect(await link(user, (await socialRecord(user, socialId)).recordId, method, proof)).toMatchObject({
        status: 422,
        body: { code: 'user.identity_already_in_use' },
      });
    }
    expect(await link(user, (await socialRecord(user)).recordId, 'POST', proof)).toMatchObject({ status: 204 });
    expect((await identitiesOf(owner.id))['mock-social']?.userId).toBe(socialId);
  });

  it("refuses an unverified, expired, another user's or another kind of record as the new identity", async () => {
    const user = await t.newUser();
    const eve = await t.newUser();
    expect(await link(user, await startSocial(user))).toMatchObject(notFound);
    const expired = await socialRecord(user);
    await expireRecord(expired.recordId);
    expect(await link(user, expired.recordId)).toMatchObject(notFound);
    expect(await link(user, (await socialRecord(eve)).recordId)).toMatchObject(notFound);
    expect(await link(user, await t.passwordRecord(user.token, user.password))).toMatchObject(notFound);
    expect(await identitiesOf(user.id)).toEqual({});
  });

  it('social Off or ReadOnly: 400 field_not_editable, and Off hides identities; without the identities scope: 403', async () => {
    const user = await t.newUser();
    const { recordId } = await socialRecord(user);
    await setSocialField('ReadOnly');
    expect(await link(user, recordId)).toMatchObject({ status: 400, body: { code: 'account_center.field_not_editable' } });
    expect((await t.call(user.token, 'GET', '/api/my-account')).body).toHaveProperty('identities');
    await setSocialField('Off');
    expect(await link(user, recordId)).toMatchObject({ status: 400, body: { code: 'account_center.field_not_editable' } });
    expect((await t.call(user.token, 'GET', '/api/my-account')).body).not.toHaveProperty('identities');
    await setSocialField('Edit');
    const narrow = await t.signIn({ type: 'username', value: user.username }, user.password, ['email']);
    expect(
      await t.call(
        narrow,
        'POST',
        '/api/my-account/identities',
        { newIdentifierVerificationRecordId: recordId },
        withRecord(await t.passwordRecord(narrow, user.password)),
      ),
    ).toMatchObject({ status: 403, body: { code: 'auth.forbidden' } });
    // Every refusal left the social record usable.
    expect(await link(user, recordId)).toMatchObject({ status: 204 });
  });
});

describe('step-up traps: what never proves who the caller is', () => {
  it('a verified Social record, even of this user, is no proof for linking, a password change or unlinking', async () => {
    const user = await t.newUser();
    const { recordId } = await socialRecord(user);
    const other = await socialRecord(user);
    expect(await link(user, other.recordId, 'POST', recordId)).toMatchObject(denied);
    expect(
      await t.call(user.token, 'POST', '/api/my-account/password', { password: 'Brand-new-pass-1' }, withRecord(recordId)),
    ).toMatchObject(denied);
    expect(await link(user, other.recordId)).toMatchObject({ status: 204 });
    expect(await t.call(user.token, 'DELETE', '/api/my-account/identities/mock-social', undefined, withRecord(recordId))).toMatchObject(
      denied,
    );
    // Nor does it reveal sessions.
    expect(await t.call(user.token, 'GET', '/api/my-account/sessions', undefined, withRecord(recordId))).toMatchObject(denied);
  });

  it("another user's, an expired and a spent password record are no proof", async () => {
    const user = await t.newUser();
    const eve = await t.newUser();
    const { recordId } = await socialRecord(user);
    expect(await link(user, recordId, 'POST', await t.passwordRecord(eve.token, eve.password))).toMatchObject(denied);
    const expired = await t.passwordRecord(user.token, user.password);
    await expireRecord(expired);
    expect(await link(user, recordId, 'POST', expired)).toMatchObject(denied);
    const proof = await t.passwordRecord(user.token, user.password);
    expect(await link(user, recordId, 'POST', proof)).toMatchObject({ status: 204 });
    expect(await link(user, (await socialRecord(user)).recordId, 'PUT', proof)).toMatchObject(denied);
  });
});

describe("the provider's stored tokens", () => {
  it('GET …/identities/:target/access-token and …/sso-identities/:id/access-token: 404, nothing is stored', async () => {
    const user = await t.newUser();
    expect(await link(user, (await socialRecord(user)).recordId)).toMatchObject({ status: 204 });
    const noToken = { status: 404, body: { code: 'secrets.third_party_token_set.token_not_found' } };
    expect(await t.call(user.token, 'GET', '/api/my-account/identities/mock-social/access-token')).toMatchObject(noToken);
    expect(await t.call(user.token, 'GET', '/api/my-account/identities/github/access-token')).toMatchObject(noToken);
    expect(await t.call(user.token, 'GET', '/api/my-account/sso-identities/some-sso/access-token')).toMatchObject(noToken);
    expect(await t.call(undefined, 'GET', '/api/my-account/identities/mock-social/access-token')).toMatchObject({ status: 401 });
  });

  it('PUT …/identities/:target/access-token: the record must be verified and of the identity linked; no token to store is 422', async () => {
    const user = await t.newUser();
    const { socialId } = await socialRecord(user);
    expect(await link(user, (await socialRecord(user, socialId)).recordId)).toMatchObject({ status: 204 });
    const put = (target: string, verificationRecordId: string) =>
      t.call(user.token, 'PUT', `/api/my-account/identities/${target}/access-token`, { verificationRecordId });
    expect(await put('mock-social', await startSocial(user))).toMatchObject(notFound);
    expect(await put('mock-social', (await socialRecord(user)).recordId)).toMatchObject({
      status: 404,
      body: { code: 'user.identity_not_exist' },
    });
    expect(await put('github', (await socialRecord(user, socialId)).recordId)).toMatchObject({
      status: 404,
      body: { code: 'user.identity_not_exist' },
    });
    expect(await put('mock-social', (await socialRecord(user, socialId)).recordId)).toMatchObject({
      status: 422,
      body: { code: 'connector.token_storage_not_supported' },
    });
  });
});

describe('trusted devices', () => {
  it('lists none and knows no id, behind proof of identity', async () => {
    const user = await t.newUser();
    expect(await t.call(user.token, 'GET', '/api/my-account/trusted-devices')).toMatchObject(denied);
    const proof = await t.passwordRecord(user.token, user.password);
    expect(await t.call(user.token, 'GET', '/api/my-account/trusted-devices', undefined, withRecord(proof))).toEqual({
      status: 200,
      body: [],
    });
    expect(await t.call(user.token, 'DELETE', `/api/my-account/trusted-devices/${generateId()}`)).toMatchObject(denied);
    expect(
      await t.call(user.token, 'DELETE', `/api/my-account/trusted-devices/${generateId()}`, undefined, withRecord(proof)),
    ).toMatchObject({ status: 404, body: { code: 'entity.not_found' } });
  });
});
