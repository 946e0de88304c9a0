// /api/dashboard in Logto's shapes, against real rows: users created in rolling windows, and users
// active per day and per window from token-exchange logs and last sign-ins, for this tenant only.
import { adminTenantId, defaultTenantId, generateId } from '@idp/db';
import { logs, users } from '@idp/schemas';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, insertUser, type ManagementTest, startManagementTest, type TestStack } from './test-stack.ts';

let stack: TestStack;
let call: ManagementTest['call'];
const hour = 60 * 60 * 1000;
const day = 24 * hour;

beforeAll(async () => {
  ({ stack, call } = await startManagementTest());
});
afterAll(async () => stack?.stop());

const get = async <T>(path: string) => {
  const response = await call('GET', path);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as T;
};
type WithDelta = { count: number; delta: number };
type Active = { dauCurve: Array<{ date: string; count: number }>; dau: WithDelta; wau: WithDelta; mau: WithDelta };

/** A token-exchange log of `userId` at `at` (as Logto's OIDC provider writes them). */
const exchangeLog = (tenantId: string, userId: string, at: Date, result = 'Success', key = 'ExchangeTokenBy.AuthorizationCode') =>
  stack.database.db.insert(logs).values({ tenantId, id: generateId(), key, payload: { key, result, userId }, createdAt: at });

describe('GET /api/dashboard/users/total', () => {
  it("counts the tenant's users, and only its own", async () => {
    const { db } = stack.database;
    const [stored] = await db.select({ value: count() }).from(users).where(eq(users.tenantId, defaultTenantId));
    expect(await get('/api/dashboard/users/total')).toEqual({ totalUserCount: stored!.value });
    await insertUser(db, defaultTenantId);
    await insertUser(db, defaultTenantId);
    await insertUser(db, adminTenantId);
    expect(await get('/api/dashboard/users/total')).toEqual({ totalUserCount: stored!.value + 2 });
  });
});

describe('GET /api/dashboard/users/new', () => {
  it('counts users of the last 24 hours and 7 days, each against the window before', async () => {
    const { db } = stack.database;
    const before = await get<{ today: WithDelta; last7Days: WithDelta }>('/api/dashboard/users/new');
    const now = Date.now();
    for (const age of [1 * hour, 30 * hour, 3 * day, 10 * day, 20 * day]) {
      await insertUser(db, defaultTenantId, { createdAt: new Date(now - age) });
    }
    await insertUser(db, adminTenantId, { createdAt: new Date(now - hour) });
    const after = await get<{ today: WithDelta; last7Days: WithDelta }>('/api/dashboard/users/new');
    // Today +1 and yesterday +1; the last 7 days +3 (1 h, 30 h, 3 d) and the 7 before +1 (10 d).
    expect(after).toEqual({
      today: { count: before.today.count + 1, delta: before.today.delta },
      last7Days: { count: before.last7Days.count + 3, delta: before.last7Days.delta + 2 },
    });
  });
});

describe('GET /api/dashboard/users/active', () => {
  const target = '2026-01-20';
  const at = (date: string, hours = 12) => new Date(Date.parse(`${date}T00:00:00.000Z`) + hours * hour);

  it('counts distinct users of successful token exchanges and of sign-ins, per day and per window', async () => {
    const { db } = stack.database;
    const [ann, ben, cat, dan] = await Promise.all([1, 2, 3, 4].map(() => insertUser(db, defaultTenantId)));
    // Ann: twice on the target day and once 3 days before. Ben: on the target day by refresh token,
    // and on 10 December. Cat's last sign-in was the day before. Dan only failed, or did something else.
    await exchangeLog(defaultTenantId, ann!.id, at(target, 1));
    await exchangeLog(defaultTenantId, ann!.id, at(target, 23));
    await exchangeLog(defaultTenantId, ann!.id, at('2026-01-17'));
    await exchangeLog(defaultTenantId, ben!.id, at(target, 8), 'Success', 'ExchangeTokenBy.RefreshToken');
    await exchangeLog(defaultTenantId, ben!.id, at('2025-12-10'));
    await db
      .update(users)
      .set({ lastSignInAt: at('2026-01-19') })
      .where(eq(users.id, cat!.id));
    await exchangeLog(defaultTenantId, dan!.id, at(target), 'Error');
    await exchangeLog(defaultTenantId, dan!.id, at(target), 'Success', 'Interaction.SignIn.Submit');
    // Another tenant's activity, and activity after the target day, count for nothing here.
    await exchangeLog(adminTenantId, generateId(), at(target));
    await exchangeLog(defaultTenantId, dan!.id, at('2026-01-21'));

    const active = await get<Active>(`/api/dashboard/users/active?date=${target}`);
    expect(active.dauCurve).toHaveLength(14);
    expect(active.dauCurve[0]).toEqual({ date: '2026-01-07', count: 0 });
    expect(active.dauCurve.filter(({ count }) => count > 0)).toEqual([
      { date: '2026-01-17', count: 1 },
      { date: '2026-01-19', count: 1 },
      { date: '2026-01-20', count: 2 },
    ]);
    // Day: Ann, Ben (day before: Cat). Week: Ann, Ben, Cat (week before: none). Month: the same
    // three (Ben's December exchange is in the 30 days before).
    expect(active).toMatchObject({
      dau: { count: 2, delta: 1 },
      wau: { count: 3, delta: 3 },
      mau: { count: 3, delta: 2 },
    });
  });

  it('ends the windows today without a date', async () => {
    const { db } = stack.database;
    const eve = await insertUser(db, defaultTenantId, { lastSignInAt: new Date() });
    const active = await get<Active>('/api/dashboard/users/active');
    expect(active.dauCurve.at(-1)!.date).toBe(new Date().toISOString().slice(0, 10));
    expect(active.dauCurve.at(-1)!.count).toBeGreaterThanOrEqual(1);
    expect(active.dau.count).toBeGreaterThanOrEqual(1);
    expect(eve.id).toBeTruthy();
  });

  it.each(['yesterday', '2026-02-30', '2026-13-01', '20260120', '2026-1-20'])(
    'refuses date=%s with 400 guard.invalid_input',
    async (date) => {
      expect(await call('GET', `/api/dashboard/users/active?date=${date}`)).toMatchObject({
        status: 400,
        body: { code: 'guard.invalid_input' },
      });
    },
  );

  it('needs a Management API token', async () => {
    for (const path of ['/api/dashboard/users/total', '/api/dashboard/users/new', '/api/dashboard/users/active']) {
      expect((await callApi(stack.userUrl, undefined, 'GET', path)).status).toBe(401);
    }
  });
});
