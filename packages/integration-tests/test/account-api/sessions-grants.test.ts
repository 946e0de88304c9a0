import { sessionsScope } from '@idp/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allScopes, everyFieldEditable, startAccountApiTest, type Harness } from './harness.ts';

// The user's sessions and authorized apps (grants): listed and ended through the Account API with a
// token holding Logto's sessions scope, proof of identity, and the `session` field's setting.
let t: Harness;
type User = Awaited<ReturnType<Harness['newUser']>>;
let alice: User;
let eve: User;

const scopes = [...allScopes, sessionsScope];
const denied = { status: 401, body: { code: 'verification_record.permission_denied' } };
const withRecord = (id: string) => ({ 'logto-verification-id': id });
type Session = {
  payload: { uid: string; authorizations: Record<string, { grantId: string }> };
  isCurrent: boolean;
  clientId: string;
  expiresAt: number;
};
type Grant = { id: string; payload: { clientId: string; accountId: string }; application: { id: string; name: string } };

const setSession = (session: 'Off' | 'ReadOnly' | 'Edit') =>
  t.setAccountCenter({ ...everyFieldEditable, fields: { ...everyFieldEditable.fields, session } });
const listSessions = async (user: User) => {
  const listed = await t.call(
    user.token,
    'GET',
    '/api/my-account/sessions',
    undefined,
    withRecord(await t.passwordRecord(user.token, user.password)),
  );
  expect(listed.status).toBe(200);
  return listed.body!.sessions as Session[];
};
const listGrants = async (user: User) => {
  const listed = await t.call(
    user.token,
    'GET',
    '/api/my-account/grants',
    undefined,
    withRecord(await t.passwordRecord(user.token, user.password)),
  );
  expect(listed.status).toBe(200);
  return listed.body!.grants as Grant[];
};

beforeAll(async () => {
  t = await startAccountApiTest();
  await setSession('Edit');
  alice = await t.newUser({}, scopes);
  eve = await t.newUser({}, scopes);
});
afterAll(async () => t?.stop());

describe('who may', () => {
  it('401 without a token, 403 without the sessions scope', async () => {
    expect(await t.call(undefined, 'GET', '/api/my-account/sessions')).toMatchObject({ status: 401 });
    expect(await t.call(undefined, 'DELETE', '/api/my-account/grants/some-grant')).toMatchObject({ status: 401 });
    const narrow = await t.signIn({ type: 'username', value: alice.username }, alice.password, allScopes);
    const record = await t.passwordRecord(narrow, alice.password);
    for (const path of ['/api/my-account/sessions', '/api/my-account/grants']) {
      expect(await t.call(narrow, 'GET', path, undefined, withRecord(record))).toMatchObject({
        status: 403,
        body: { code: 'auth.forbidden' },
      });
    }
  });

  it("reading needs proof of identity: none, a wrong id or another user's record is refused", async () => {
    expect(await t.call(alice.token, 'GET', '/api/my-account/sessions')).toMatchObject(denied);
    expect(await t.call(alice.token, 'GET', '/api/my-account/grants', undefined, withRecord('no-such-record'))).toMatchObject(denied);
    const eves = await t.passwordRecord(eve.token, eve.password);
    expect(await t.call(alice.token, 'GET', '/api/my-account/sessions', undefined, withRecord(eves))).toMatchObject(denied);
  });

  it('field Off: 400 field_not_enabled; ReadOnly: lists, but ending is 400 field_not_editable', async () => {
    const record = await t.passwordRecord(alice.token, alice.password);
    await setSession('Off');
    expect(await t.call(alice.token, 'GET', '/api/my-account/sessions', undefined, withRecord(record))).toMatchObject({
      status: 400,
      body: { code: 'account_center.field_not_enabled' },
    });
    expect(await t.call(alice.token, 'GET', '/api/my-account/grants', undefined, withRecord(record))).toMatchObject({
      status: 400,
      body: { code: 'account_center.field_not_enabled' },
    });
    await setSession('ReadOnly');
    expect(await t.call(alice.token, 'GET', '/api/my-account/sessions', undefined, withRecord(record))).toMatchObject({ status: 200 });
    const sessionId = (await listSessions(alice))[0]!.payload.uid;
    for (const path of [`/api/my-account/sessions/${sessionId}`, '/api/my-account/grants/some-grant']) {
      expect(await t.call(alice.token, 'DELETE', path, undefined, withRecord(record))).toMatchObject({
        status: 400,
        body: { code: 'account_center.field_not_editable' },
      });
    }
    await setSession('Edit');
    // Refused requests left the record usable.
    expect(await t.call(alice.token, 'GET', '/api/my-account/grants', undefined, withRecord(record))).toMatchObject({ status: 200 });
  });
});

describe('sessions', () => {
  it('lists each sign-in, marking the one the token came from', async () => {
    const user = await t.newUser({}, scopes);
    await t.signInSession({ type: 'username', value: user.username }, user.password, scopes);
    const sessions = await listSessions(user);
    expect(sessions).toHaveLength(2);
    expect(sessions.filter(({ isCurrent }) => isCurrent)).toHaveLength(1);
    for (const session of sessions) {
      expect(session).toMatchObject({ accountId: user.id, lastSubmission: null, payload: { kind: 'Session', accountId: user.id } });
      expect(session.payload.uid).toEqual(expect.any(String));
      expect(session.expiresAt).toBeGreaterThan(Date.now());
      expect(Object.keys(session.payload.authorizations)).toEqual([session.clientId]);
    }
    // Another user's sessions never show.
    expect((await listSessions(eve)).map(({ payload }) => payload.uid)).not.toContain(sessions[0]!.payload.uid);
  });

  it('ending a session revokes its refresh tokens at once; the others keep working', async () => {
    const user = await t.newUser({}, scopes);
    const other = await t.signInSession({ type: 'username', value: user.username }, user.password, scopes);
    const target = (await listSessions(user)).find(({ isCurrent }) => !isCurrent)!;
    const record = await t.passwordRecord(user.token, user.password);
    const ended = await t.call(user.token, 'DELETE', `/api/my-account/sessions/${target.payload.uid}`, undefined, withRecord(record));
    expect(ended).toMatchObject({ status: 204 });
    expect(await t.refresh(other.refreshToken!)).toMatchObject({ status: 400 });
    expect(await t.refresh(user.refreshToken!)).toMatchObject({ status: 200 });
    const left = await listSessions(user);
    expect(left.map(({ payload }) => payload.uid)).not.toContain(target.payload.uid);
    expect(left).toHaveLength(1);
    // The record was spent.
    expect(
      await t.call(user.token, 'DELETE', `/api/my-account/sessions/${left[0]!.payload.uid}`, undefined, withRecord(record)),
    ).toMatchObject(denied);
  });

  it("an unknown session is 404 session_not_found, another user's 404 invalid_session_account_id", async () => {
    const record = await t.passwordRecord(alice.token, alice.password);
    expect(await t.call(alice.token, 'DELETE', '/api/my-account/sessions/no-such-session', undefined, withRecord(record))).toMatchObject({
      status: 404,
      body: { code: 'oidc.session_not_found' },
    });
    const evesSession = (await listSessions(eve))[0]!.payload.uid;
    // The refused request left the record usable.
    expect(await t.call(alice.token, 'DELETE', `/api/my-account/sessions/${evesSession}`, undefined, withRecord(record))).toMatchObject({
      status: 404,
      body: { code: 'oidc.invalid_session_account_id' },
    });
    expect(await listSessions(eve)).toHaveLength(1);
  });

  it('ending without proof of identity is refused and ends nothing', async () => {
    const uid = (await listSessions(alice))[0]!.payload.uid;
    expect(await t.call(alice.token, 'DELETE', `/api/my-account/sessions/${uid}`)).toMatchObject(denied);
    expect((await listSessions(alice)).map(({ payload }) => payload.uid)).toContain(uid);
  });
});

describe('grants', () => {
  it('lists the apps the user authorized, with the app', async () => {
    const grants = await listGrants(alice);
    expect(grants.length).toBeGreaterThanOrEqual(1);
    for (const grant of grants) {
      expect(grant).toMatchObject({ payload: { kind: 'Grant', accountId: alice.id }, application: { id: grant.payload.clientId } });
      expect(grant.application.name).toEqual(expect.any(String));
    }
    const thirdParty = await t.call(
      alice.token,
      'GET',
      '/api/my-account/grants?appType=thirdParty',
      undefined,
      withRecord(await t.passwordRecord(alice.token, alice.password)),
    );
    expect(thirdParty).toMatchObject({ status: 200, body: { grants: [] } });
    const bad = await t.call(
      alice.token,
      'GET',
      '/api/my-account/grants?appType=other',
      undefined,
      withRecord(await t.passwordRecord(alice.token, alice.password)),
    );
    expect(bad.status).toBe(400);
  });

  it('revoking a grant ends its refresh tokens at once and takes it out of its session', async () => {
    const user = await t.newUser({}, scopes);
    const other = await t.signInSession({ type: 'username', value: user.username }, user.password, scopes);
    const sessions = await listSessions(user);
    const otherSession = sessions.find(({ isCurrent }) => !isCurrent)!;
    const grantId = Object.values(otherSession.payload.authorizations)[0]!.grantId;
    expect((await listGrants(user)).map(({ id }) => id)).toContain(grantId);
    const record = await t.passwordRecord(user.token, user.password);
    expect(await t.call(user.token, 'DELETE', `/api/my-account/grants/${grantId}`, undefined, withRecord(record))).toMatchObject({
      status: 204,
    });
    expect(await t.refresh(other.refreshToken!)).toMatchObject({ status: 400 });
    expect(await t.refresh(user.refreshToken!)).toMatchObject({ status: 200 });
    expect((await listGrants(user)).map(({ id }) => id)).not.toContain(grantId);
    const after = (await listSessions(user)).find(({ payload }) => payload.uid === otherSession.payload.uid)!;
    expect(after.payload.authorizations).toEqual({});
  });

  it("an unknown grant or another user's is 404 invalid_grant", async () => {
    const record = await t.passwordRecord(alice.token, alice.password);
    expect(await t.call(alice.token, 'DELETE', '/api/my-account/grants/no-such-grant', undefined, withRecord(record))).toMatchObject({
      status: 404,
      body: { code: 'oidc.invalid_grant' },
    });
    const evesGrant = (await listGrants(eve))[0]!.id;
    expect(await t.call(alice.token, 'DELETE', `/api/my-account/grants/${evesGrant}`, undefined, withRecord(record))).toMatchObject({
      status: 404,
      body: { code: 'oidc.invalid_grant' },
    });
    expect((await listGrants(eve)).map(({ id }) => id)).toContain(evesGrant);
  });
});
