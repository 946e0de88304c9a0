// Lists as Logto sends them: every paginated list answers `Link` headers (first, last, prev, next)
// beside `Total-Number`, and every list with `search` takes Logto's keyword form `%word%`.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startManagementTest, type ManagementTest } from './test-stack.ts';

let test: ManagementTest;
const tag = randomBytes(3).toString('hex');
const ids = (body: unknown) => (body as Array<{ id: string }>).map(({ id }) => id).sort();

async function created<T extends { id: string }>(method: string, path: string, body: unknown): Promise<T> {
  const response = await test.call(method, path, body);
  expect(response.status, `${method} ${path} ${JSON.stringify(response.body)}`).toBeLessThan(300);
  return response.body as T;
}

type Fixtures = { userId: string; userRoleId: string; m2mRoleId: string; appId: string; resourceId: string; scopeId: string };
let fixtures: Fixtures;

beforeAll(async () => {
  test = await startManagementTest();
  const resource = await created('POST', '/api/resources', { name: `lists ${tag}`, indicator: `https://lists-${tag}.example.com` });
  const scope = await created('POST', `/api/resources/${resource.id}/scopes`, { name: `read:${tag}` });
  await created('POST', `/api/resources/${resource.id}/scopes`, { name: `write:other` });
  const userRole = await created('POST', '/api/roles', { name: `user role ${tag}`, description: 'd', scopeIds: [scope.id] });
  await created('POST', '/api/roles', { name: `user role other`, description: 'd' });
  const m2mRole = await created('POST', '/api/roles', { name: `m2m role ${tag}`, description: 'd', type: 'MachineToMachine' });
  const user = await created('POST', '/api/users', { name: `User ${tag}` });
  await created('POST', '/api/users', { name: 'Someone else' });
  const app = await created('POST', '/api/applications', { name: `App ${tag}`, type: 'MachineToMachine' });
  await created('POST', `/api/users/${user.id}/roles`, { roleIds: [userRole.id] });
  await created('POST', `/api/applications/${app.id}/roles`, { roleIds: [m2mRole.id] });
  // Three users more, so the users list has pages to walk.
  for (const index of [1, 2, 3]) await created('POST', '/api/users', { name: `Pager ${index} ${tag}` });
  fixtures = { userId: user.id, userRoleId: userRole.id, m2mRoleId: m2mRole.id, appId: app.id, resourceId: resource.id, scopeId: scope.id };
});
afterAll(async () => test?.stack.stop());

/** The `Link` header's entries, by relation. */
function links(header: string | null): Record<string, string> {
  const entries = (header ?? '').split(/,\s*(?=<)/).filter(Boolean);
  return Object.fromEntries(
    entries.map((entry) => {
      const match = /^<([^>]+)>; rel="(first|prev|next|last)"$/.exec(entry.trim());
      expect(match, entry).not.toBeNull();
      return [match![2]!, match![1]!];
    }),
  );
}

describe('Link headers', () => {
  it('name the first, previous, next and last pages with the query the client sent', async () => {
    const query = `search=${encodeURIComponent(`%${tag}%`)}&page_size=1&page=2`;
    const response = await test.call('GET', `/api/users?${query}`);
    expect(response.status).toBe(200);
    const total = Number(response.headers.get('total-number'));
    expect(total).toBe(4);
    const base = `${test.stack.userUrl}/api/users?page=`;
    const search = `search=${encodeURIComponent(`%${tag}%`)}`;
    expect(links(response.headers.get('link'))).toEqual({
      first: `${base}1&page_size=1&${search}`,
      last: `${base}4&page_size=1&${search}`,
      prev: `${base}1&page_size=1&${search}`,
      next: `${base}3&page_size=1&${search}`,
    });
    // Following `next` to the end walks every matching user once.
    const seen = new Set<string>(ids(response.body));
    let next: string | undefined = links(response.headers.get('link')).next;
    while (next) {
      const page = await fetch(next, { headers: { authorization: `Bearer ${test.token}` } });
      for (const { id } of (await page.json()) as Array<{ id: string }>) seen.add(id);
      next = links(page.headers.get('link')).next;
    }
    expect(seen.size).toBe(3); // pages 2 to 4
  });

  it('has only first and last on a single page, and last is page 1 for an empty list', async () => {
    const empty = await test.call('GET', `/api/users?search=${encodeURIComponent(`nobody-${tag}`)}`);
    expect(links(empty.headers.get('link'))).toEqual({
      first: `${test.stack.userUrl}/api/users?page=1&search=nobody-${tag}`,
      last: `${test.stack.userUrl}/api/users?page=1&search=nobody-${tag}`,
    });
  });

  it('are sent by every paginated list', async () => {
    for (const path of [
      '/api/applications',
      `/api/applications/${fixtures.appId}/roles`,
      '/api/users',
      `/api/users/${fixtures.userId}/roles`,
      `/api/users/${fixtures.userId}/logs`,
      '/api/logs',
      '/api/roles',
      `/api/roles/${fixtures.userRoleId}/scopes`,
      `/api/roles/${fixtures.userRoleId}/users`,
      `/api/roles/${fixtures.m2mRoleId}/applications`,
      '/api/resources',
      `/api/resources/${fixtures.resourceId}/scopes`,
    ]) {
      const response = await test.call('GET', `${path}?page=1&page_size=5`);
      expect(response.status, path).toBe(200);
      const found = links(response.headers.get('link'));
      expect(found.first, path).toBe(`${test.stack.userUrl}${path}?page=1&page_size=5`);
      expect(found.last, path).toMatch(/\?page=\d+&page_size=5$/);
    }
  });
});

describe("Logto's search parameters on every list", () => {
  it('take one field, a mode, a joint and case sensitivity beyond the users list', async () => {
    const get = async (path: string) => {
      const response = await test.call('GET', path);
      expect(response.status, `${path}: ${JSON.stringify(response.body)}`).toBe(200);
      return ids(response.body);
    };
    expect(await get(`/api/roles?search.name=${encodeURIComponent(`user role ${tag}`)}&mode.name=exact`)).toEqual([fixtures.userRoleId]);
    expect(await get(`/api/roles?search.name=${encodeURIComponent(`^(user|m2m) role ${tag}$`)}&mode=posix&page_size=100`)).toEqual(
      [fixtures.userRoleId, fixtures.m2mRoleId].sort(),
    );
    expect(await get(`/api/applications?search=${encodeURIComponent(`^APP ${tag}$`)}&mode=posix`)).toEqual([fixtures.appId]);
    expect(await get(`/api/applications?search=${encodeURIComponent(`^APP ${tag}$`)}&mode=posix&isCaseSensitive=true`)).toEqual([]);
    expect(await get(`/api/resources/${fixtures.resourceId}/scopes?search.name=read:${tag}&search.description=x&joint=and`)).toEqual([]);
    expect(await get(`/api/roles/${fixtures.userRoleId}/users?search.name=${encodeURIComponent(`User ${tag}`)}&mode=exact`)).toEqual([
      fixtures.userId,
    ]);
  });

  it('answer request.invalid_input for a search Logto cannot run, on every list', async () => {
    for (const path of [
      '/api/roles',
      '/api/applications',
      `/api/users/${fixtures.userId}/roles`,
      `/api/applications/${fixtures.appId}/roles`,
      `/api/roles/${fixtures.userRoleId}/users`,
      `/api/roles/${fixtures.m2mRoleId}/applications`,
      `/api/roles/${fixtures.userRoleId}/scopes`,
      `/api/resources/${fixtures.resourceId}/scopes`,
    ]) {
      for (const query of [
        'search=',
        'search=a&search=b',
        'search.secret=x',
        'search=x&mode=glob',
        `search=${encodeURIComponent('(')}&mode=posix`,
      ]) {
        expect(await test.call('GET', `${path}?${query}`), `${path}?${query}`).toMatchObject({
          status: 400,
          body: { code: 'request.invalid_input' },
        });
      }
    }
  });
});

describe("Logto's optional paging", () => {
  it('answers every application and resource, without paging headers, when no page is asked for', async () => {
    for (let index = 0; index < 21; index += 1) await created('POST', '/api/applications', { name: `Many ${index}`, type: 'SPA' });
    for (const path of ['/api/applications', '/api/resources']) {
      const paged = await test.call('GET', `${path}?page_size=100`);
      const all = await test.call('GET', path);
      expect(all.status, path).toBe(200);
      expect(all.headers.get('total-number'), path).toBeNull();
      expect(all.headers.get('link'), path).toBeNull();
      expect((all.body as unknown[]).length, path).toBe(Number(paged.headers.get('total-number')));
    }
    expect((await test.call('GET', '/api/applications')).body as unknown[]).toHaveLength(
      Number((await test.call('GET', '/api/applications?page=1')).headers.get('total-number')),
    );
    // Other lists always page: 20 rows unless asked otherwise.
    const users = await test.call('GET', '/api/users');
    expect(users.headers.get('total-number')).not.toBeNull();
  });
});

describe("Logto's keyword search `%word%`", () => {
  it('finds the same rows as the bare word on every list with search', async () => {
    const cases: Array<[string, string[]]> = [
      ['/api/users', [fixtures.userId]],
      ['/api/roles', [fixtures.userRoleId, fixtures.m2mRoleId]],
      ['/api/applications', [fixtures.appId]],
      [`/api/users/${fixtures.userId}/roles`, [fixtures.userRoleId]],
      [`/api/applications/${fixtures.appId}/roles`, [fixtures.m2mRoleId]],
      [`/api/roles/${fixtures.userRoleId}/users`, [fixtures.userId]],
      [`/api/roles/${fixtures.m2mRoleId}/applications`, [fixtures.appId]],
      [`/api/roles/${fixtures.userRoleId}/scopes`, [fixtures.scopeId]],
      [`/api/resources/${fixtures.resourceId}/scopes`, [fixtures.scopeId]],
    ];
    for (const [path, expected] of cases) {
      const term = path === '/api/users' ? `User ${tag}` : tag;
      for (const search of [`%${term}%`, term]) {
        const response = await test.call('GET', `${path}?page_size=100&search=${encodeURIComponent(search)}`);
        expect(response.status, `${path} ${search}`).toBe(200);
        expect(ids(response.body), `${path} ${search}`).toEqual([...expected].sort());
      }
    }
  });
});
