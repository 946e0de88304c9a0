// /api/users as Logto answers it: its search parameters (`%word%`, `posix`, `similar_to`) and their
// `request.invalid_input`, the `includePasswordHash` and `includeSsoIdentities` switches, an empty
// PATCH refused, and phone numbers kept in the one form Logto stores.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startManagementTest, type ManagementTest } from './test-stack.ts';

let test: ManagementTest;
const tag = randomBytes(3).toString('hex');
const ids = (body: unknown) => (body as Array<{ id: string }>).map(({ id }) => id).sort();

type User = { id: string; primaryPhone: string | null; passwordDigest?: string | null; passwordAlgorithm?: string | null };

async function createUser(body: Record<string, unknown>): Promise<User> {
  const response = await test.call('POST', '/api/users', body);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as User;
}

let alice: User;
let bob: User;

beforeAll(async () => {
  test = await startManagementTest();
  alice = await createUser({ username: `alice_${tag}`, name: `Alice ${tag}`, primaryEmail: `alice.${tag}@example.com` });
  bob = await createUser({ username: `bob_${tag}`, name: `Bob ${tag}` });
});
afterAll(async () => test?.stack.stop());

const search = async (query: string) => {
  const response = await test.call('GET', `/api/users?page_size=100&${query}`);
  expect(response.status, `${query}: ${JSON.stringify(response.body)}`).toBe(200);
  return ids(response.body);
};

describe("Logto's user search", () => {
  it('takes the keyword form `%word%` on every field and on one', async () => {
    expect(await search(`search=${encodeURIComponent(`%${tag}%`)}`)).toEqual([alice.id, bob.id].sort());
    expect(await search(`search.username=${encodeURIComponent(`%alice_${tag}%`)}`)).toEqual([alice.id]);
    expect(await search(`search.name=${encodeURIComponent(`%BOB ${tag}%`)}&isCaseSensitive=false`)).toEqual([bob.id]);
  });

  it('matches regular expressions with `mode=posix`, case-insensitively unless asked otherwise', async () => {
    expect(await search(`search.username=${encodeURIComponent(`^(alice|bob)_${tag}$`)}&mode.username=posix`)).toEqual(
      [alice.id, bob.id].sort(),
    );
    expect(await search(`search=${encodeURIComponent(`^ALICE ${tag}$`)}&mode=posix`)).toEqual([alice.id]);
    expect(await search(`search=${encodeURIComponent(`^ALICE ${tag}$`)}&mode=posix&isCaseSensitive=true`)).toEqual([]);
  });

  it('matches SQL patterns with `mode=similar_to` when the search is case-sensitive', async () => {
    expect(await search(`search.username=${encodeURIComponent(`(alice|bob)\\_${tag}`)}&mode=similar_to&isCaseSensitive=true`)).toEqual(
      [alice.id, bob.id].sort(),
    );
  });

  it('answers request.invalid_input for a search Logto cannot run', async () => {
    for (const query of [
      'search=',
      'search=x&search=y',
      'search.password=x',
      'search.name.first=x',
      'search=x&mode=glob',
      'search=x&mode=similar_to',
      'search=x&joint=xor',
      `search=${encodeURIComponent('(unclosed')}&mode=posix`,
    ]) {
      const response = await test.call('GET', `/api/users?${query}`);
      expect(response, query).toMatchObject({ status: 400, body: { code: 'request.invalid_input' } });
    }
  });
});

describe('GET /api/users/:userId switches', () => {
  it('adds the password digest and its algorithm only with includePasswordHash', async () => {
    const digest = `$2b$10$${'a'.repeat(53)}`;
    const imported = await createUser({ username: `imported_${tag}`, passwordDigest: digest, passwordAlgorithm: 'Bcrypt' });
    const plain = await test.call('GET', `/api/users/${imported.id}`);
    expect(plain.body).not.toHaveProperty('passwordDigest');
    expect(plain.body).not.toHaveProperty('passwordAlgorithm');
    for (const value of ['true', '1', 'yes']) {
      const withHash = await test.call('GET', `/api/users/${imported.id}?includePasswordHash=${value}`);
      expect(withHash.body, value).toMatchObject({ id: imported.id, passwordDigest: digest, passwordAlgorithm: 'Bcrypt' });
    }
    const without = await test.call('GET', `/api/users/${bob.id}?includePasswordHash=true`);
    expect(without.body).toMatchObject({ passwordDigest: null, passwordAlgorithm: null });
    expect((await test.call('GET', `/api/users/${imported.id}?includePasswordHash=false`)).body).not.toHaveProperty('passwordDigest');
  });

  it('takes imported digests as long as Logto does (256 characters), and no longer', async () => {
    const long = `$argon2i$v=19$m=4096,t=3,p=1$${'s'.repeat(22)}$`.padEnd(256, 'h');
    expect(long).toHaveLength(256);
    const imported = await createUser({ username: `long_${tag}`, passwordDigest: long, passwordAlgorithm: 'Argon2i' });
    expect((await test.call('GET', `/api/users/${imported.id}?includePasswordHash=1`)).body).toMatchObject({ passwordDigest: long });
    const tooLong = await test.call('POST', '/api/users', { passwordDigest: `${long}x`, passwordAlgorithm: 'Argon2i' });
    expect(tooLong).toMatchObject({ status: 400, body: { code: 'guard.invalid_input' } });
  });

  it('lists SSO identities (none here) only with includeSsoIdentities', async () => {
    expect((await test.call('GET', `/api/users/${alice.id}?includeSsoIdentities=true`)).body).toMatchObject({ ssoIdentities: [] });
    expect((await test.call('GET', `/api/users/${alice.id}`)).body).not.toHaveProperty('ssoIdentities');
  });
});

describe('POST /api/users with a chosen id', () => {
  it("keeps the id from another system, and refuses a taken one with Logto's code", async () => {
    const id = `mig-${tag}`;
    const user = await createUser({ id, username: `migrated_${tag}` });
    expect(user.id).toBe(id);
    expect((await test.call('GET', `/api/users/${id}`)).status).toBe(200);
    expect(await test.call('POST', '/api/users', { id })).toMatchObject({ status: 422, body: { code: 'user.id_already_in_use' } });
    for (const bad of ['', 'x'.repeat(13), 'has space', 'a|b']) {
      expect(await test.call('POST', '/api/users', { id: bad }), bad).toMatchObject({ status: 400, body: { code: 'guard.invalid_input' } });
    }
  });
});

describe('PATCH /api/users/:userId', () => {
  it('refuses a body that changes nothing', async () => {
    const response = await test.call('PATCH', `/api/users/${alice.id}`, {});
    expect(response).toMatchObject({ status: 400, body: { code: 'guard.invalid_input' } });
  });
});

describe('phone numbers', () => {
  it('are stored in their normalised form, so one number is one user, and found however typed', async () => {
    const user = await createUser({ primaryPhone: '610412345678' });
    expect(user.primaryPhone).toBe('61412345678');
    const duplicate = await test.call('POST', '/api/users', { primaryPhone: '61412345678' });
    expect(duplicate).toMatchObject({ status: 422, body: { code: 'user.phone_already_in_use' } });

    expect(await search(`search.primaryPhone=${encodeURIComponent('+61 0412 345 678')}&mode.primaryPhone=exact`)).toEqual([user.id]);
    expect(await search(`search=${encodeURIComponent('610412345678')}`)).toEqual([user.id]);

    const updated = await test.call('PATCH', `/api/users/${bob.id}`, { primaryPhone: '4407700900123' });
    expect(updated).toMatchObject({ status: 200, body: { primaryPhone: '447700900123' } });
  });
});
