// GET /api/users without filters pages through the whole tenant from cached positions: these tests
// hold it to what plain OFFSET over the table gives, right after any write by anyone.
import { adminTenantId, defaultTenantId } from '@idp/db';
import { users } from '@idp/schemas';
import { and, eq, sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertUser, type ManagementApiClient, type ManagementTest, startManagementTest, type TestStack } from './test-stack.ts';

let stack: TestStack;
let api: ManagementApiClient;
let call: ManagementTest['call'];
let pool: pg.Pool;
const userCount = 1234;

beforeAll(async () => {
  ({ stack, api, call } = await startManagementTest());
  pool = new pg.Pool({ connectionString: stack.database.url, max: 2 });
  // Many users share a creation time (groups of 7), so the id decides their order.
  await pool.query(
    `insert into users (tenant_id, id, username, created_at)
     select $1, 'list' || lpad(n::text, 17, '0'), 'list_user_' || n, timestamp with time zone '2026-01-01 00:00:00.123456+00' + make_interval(secs => n / 7)
     from generate_series(1, $2::int) as n`,
    [defaultTenantId, userCount],
  );
  await pool.query(
    `insert into users (tenant_id, id, username) select $1, 'adminlist' || lpad(n::text, 12, '0'), 'admin_list_' || n from generate_series(1, 50) as n`,
    [adminTenantId],
  );
});
afterAll(async () => {
  await pool?.end();
  await stack?.stop();
});

/** What OFFSET over the table answers, newest first with the id as tie-breaker. */
async function expectedPage(page: number, pageSize: number) {
  const { rows } = await pool.query<{ id: string }>(
    `select id from users where tenant_id = $1 order by created_at desc, id desc limit $2 offset $3`,
    [defaultTenantId, pageSize, (page - 1) * pageSize],
  );
  const counted = await pool.query<{ total: string }>('select count(*) as total from users where tenant_id = $1', [defaultTenantId]);
  return { ids: rows.map(({ id }) => id), total: counted.rows[0]!.total };
}

async function listPage(page: number, pageSize: number) {
  const response = await call('GET', `/api/users?page=${page}&page_size=${pageSize}`);
  expect(response.status).toBe(200);
  return { ids: (response.body as Array<{ id: string }>).map(({ id }) => id), total: response.headers.get('total-number') };
}

describe('GET /api/users over a whole tenant', () => {
  it('gives every page exactly as OFFSET would, across the cached positions, with the total', async () => {
    const cases: Array<[number, number]> = [];
    for (let page = 1; page <= 13; page += 1) cases.push([page, 100]);
    // Pages that start just before, on and after multiples of 200 (the cached positions), and odd sizes.
    for (const page of [1, 28, 29, 30, 57, 58, 86, 176, 177]) cases.push([page, 7]);
    for (const page of [1, 6, 7, 13, 37, 38]) cases.push([page, 33]);
    cases.push([1, 1], [200, 1], [201, 1], [1235, 1], [1236, 1], [2, 20], [62, 20], [63, 20]);
    for (const [page, pageSize] of cases) {
      const expected = await expectedPage(page, pageSize);
      expect(await listPage(page, pageSize), `page ${page} of ${pageSize}`).toEqual(expected);
    }
  });

  it('answers pages past the end with an empty list and the total', async () => {
    const expected = await expectedPage(1, 1);
    expect(await listPage(1000, 100)).toEqual({ ids: [], total: expected.total });
    expect(await listPage(999_999, 100)).toEqual({ ids: [], total: expected.total });
  });

  it('counts a user another service inserted or deleted from the very next request', async () => {
    const before = Number((await listPage(1, 1)).total);
    // Written straight to the table, as the Experience API does on registration.
    const user = await insertUser(stack.database.db, defaultTenantId, { username: 'registered_elsewhere' });
    const after = await listPage(1, 3);
    expect(after.total).toBe(String(before + 1));
    expect(after.ids[0]).toBe(user.id);
    expect(await listPage(2, 3)).toEqual(await expectedPage(2, 3));

    await stack.database.db.delete(users).where(and(eq(users.tenantId, defaultTenantId), eq(users.id, user.id)));
    const deleted = await listPage(1, 3);
    expect(deleted.total).toBe(String(before));
    expect(deleted.ids).not.toContain(user.id);
    expect(deleted).toEqual(await expectedPage(1, 3));
  });

  it('follows users created and deleted through the API at once', async () => {
    const before = Number((await listPage(1, 1)).total);
    const { data: created } = await api.POST('/api/users', { body: { username: 'made_through_api' } });
    expect(await listPage(1, 1)).toEqual({ ids: [created!.id], total: String(before + 1) });
    await api.DELETE('/api/users/{userId}', { params: { path: { userId: created!.id } } });
    expect(await listPage(1, 5)).toEqual(await expectedPage(1, 5));
    expect((await listPage(1, 1)).total).toBe(String(before));
  });

  it("never counts or lists another tenant's users, and another tenant's writes leave the list alone", async () => {
    const before = await listPage(1, 100);
    await insertUser(stack.database.db, adminTenantId, { username: 'admin_side' });
    expect(await listPage(1, 100)).toEqual(before);
    const all: string[] = [];
    for (let page = 1; ; page += 1) {
      const { ids } = await listPage(page, 100);
      if (ids.length === 0) break;
      all.push(...ids);
    }
    expect(all.length).toBe(Number(before.total));
    expect(all.some((id) => id.startsWith('adminlist'))).toBe(false);
    const adminRows = await stack.database.db
      .select({ value: sql<number>`count(*)::int` })
      .from(users)
      .where(eq(users.tenantId, adminTenantId));
    expect(adminRows[0]!.value).toBeGreaterThanOrEqual(51);
  });

  it('still refuses bad pagination with 400, and filtered lists keep their own totals', async () => {
    for (const query of ['page_size=101', 'page_size=0', 'page=0', 'page=abc']) {
      expect(await call('GET', `/api/users?${query}`), query).toMatchObject({ status: 400, body: { code: 'guard.invalid_pagination' } });
    }
    const filtered = await call('GET', '/api/users?search=list_user_12&page_size=100');
    // list_user_12 and list_user_120 … list_user_129 and list_user_1200 … list_user_1234
    expect(filtered.headers.get('total-number')).toBe('46');
  });

  it('gives a search the exact total on full, partial, exactly full and past-the-end pages', async () => {
    // list_user_12% matches 46 users (see above): the last page is partial, full or absent by page size.
    const { rows } = await pool.query<{ id: string }>(
      `select id from users where tenant_id = $1 and username like 'list\\_user\\_12%' order by created_at desc, id desc`,
      [defaultTenantId],
    );
    const matching = rows.map(({ id }) => id);
    expect(matching).toHaveLength(46);
    const cases: Array<[number, number]> = [
      [1, 20],
      [2, 20],
      [3, 20],
      [4, 20],
      [1, 23],
      [2, 23],
      [3, 23],
      [1, 46],
      [1, 50],
      [2, 50],
      [9, 5],
    ];
    for (const [page, pageSize] of cases) {
      const response = await call('GET', `/api/users?search=%25list_user_12%25&page=${page}&page_size=${pageSize}`);
      expect(response.status).toBe(200);
      const ids = (response.body as Array<{ id: string }>).map(({ id }) => id);
      expect(ids, `page ${page} of ${pageSize}`).toEqual(matching.slice((page - 1) * pageSize, page * pageSize));
      expect(response.headers.get('total-number'), `page ${page} of ${pageSize}`).toBe('46');
    }
  });
});
