// Unlinking a social account through the Account API: proof of identity, the `social` setting and
// the `identities` scope; an unknown target is 404, and the last way to sign in cannot be removed.
import { defaultTenantId } from '@idp/db';
import { users, type Identities } from '@idp/schemas';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { everyFieldEditable, startAccountApiTest, type Harness } from './harness.ts';

let t: Harness;
type User = Awaited<ReturnType<Harness['newUser']>>;
const denied = { status: 401, body: { code: 'verification_record.permission_denied' } };
const withRecord = (id: string) => ({ 'logto-verification-id': id });
const github: Identities = { github: { userId: 'gh-1', details: { id: 'gh-1' } } };

const setUser = (id: string, values: Partial<typeof users.$inferInsert>) =>
  t.stack.database.db
    .update(users)
    .set(values)
    .where(and(eq(users.tenantId, defaultTenantId), eq(users.id, id)));
const identitiesOf = async (id: string) =>
  (
    await t.stack.database.db
      .select({ identities: users.identities })
      .from(users)
      .where(and(eq(users.tenantId, defaultTenantId), eq(users.id, id)))
  )[0]!.identities;
const unlink = async (user: User, target: string, record?: string) =>
  t.call(user.token, 'DELETE', `/api/my-account/identities/${target}`, undefined, record ? withRecord(record) : {});

beforeAll(async () => {
  t = await startAccountApiTest();
  await t.setAccountCenter(everyFieldEditable);
});
afterAll(async () => t?.stop());

describe('DELETE /api/my-account/identities/:target', () => {
  it('unlinks a social account with proof of identity, spending it', async () => {
    const user = await t.newUser();
    await setUser(user.id, { identities: { ...github, google: { userId: 'g-1', details: {} } } });
    expect(await unlink(user, 'github')).toMatchObject(denied);
    const record = await t.passwordRecord(user.token, user.password);
    expect(await unlink(user, 'github', record)).toMatchObject({ status: 204 });
    expect(Object.keys(await identitiesOf(user.id))).toEqual(['google']);
    expect(await unlink(user, 'google', record)).toMatchObject(denied);
  });

  it('404 identity_not_exist for a target not linked; the record stays usable', async () => {
    const user = await t.newUser();
    await setUser(user.id, { identities: github });
    const record = await t.passwordRecord(user.token, user.password);
    expect(await unlink(user, 'facebook', record)).toMatchObject({ status: 404, body: { code: 'user.identity_not_exist' } });
    expect(await unlink(user, 'github', record)).toMatchObject({ status: 204 });
  });

  it('the last way to sign in cannot be removed', async () => {
    const user = await t.newUser();
    await setUser(user.id, { identities: github, username: null });
    const record = await t.passwordRecord(user.token, user.password);
    expect(await unlink(user, 'github', record)).toMatchObject({ status: 400, body: { code: 'user.last_sign_in_method_required' } });
    expect(await identitiesOf(user.id)).toEqual(github);
  });

  it('social ReadOnly: 400 field_not_editable; without the identities scope: 403', async () => {
    const user = await t.newUser();
    await setUser(user.id, { identities: github });
    const record = await t.passwordRecord(user.token, user.password);
    await t.setAccountCenter({ ...everyFieldEditable, fields: { ...everyFieldEditable.fields, social: 'ReadOnly' } });
    expect(await unlink(user, 'github', record)).toMatchObject({ status: 400, body: { code: 'account_center.field_not_editable' } });
    await t.setAccountCenter(everyFieldEditable);
    const narrow = await t.signIn({ type: 'username', value: user.username }, user.password, ['email']);
    expect(
      await t.call(
        narrow,
        'DELETE',
        '/api/my-account/identities/github',
        undefined,
        withRecord(await t.passwordRecord(narrow, user.password)),
      ),
    ).toMatchObject({
      status: 403,
      body: { code: 'auth.forbidden' },
    });
    expect(await identitiesOf(user.id)).toEqual(github);
  });
});
