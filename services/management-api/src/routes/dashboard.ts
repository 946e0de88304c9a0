// /api/dashboard: the console's dashboard figures, in Logto's shapes: the user total, users new
// today and in the last 7 days, and daily/weekly/monthly active users with a 14-day curve. Each
// figure's `delta` is its change from the window before (count minus the previous count).
// What counts as active: queries/dashboard.ts.
import type { Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import type { App } from '@idp/server-kit';
import { Type, type Static } from 'typebox';
import { countActiveUsers, countDailyActiveUsers, countNewUsers, countUsers } from '../queries/dashboard.ts';

const CountWithDelta = Type.Object({ count: Type.Integer(), delta: Type.Integer() });

export const TotalUsersResponseSchema = Type.Object({ totalUserCount: Type.Integer() });
export const NewUsersResponseSchema = Type.Object({ today: CountWithDelta, last7Days: CountWithDelta });
export const ActiveUsersResponseSchema = Type.Object({
  dauCurve: Type.Array(Type.Object({ date: Type.String({ description: 'A UTC day, YYYY-MM-DD.' }), count: Type.Integer() })),
  dau: CountWithDelta,
  wau: CountWithDelta,
  mau: CountWithDelta,
});
export type ActiveUsersResponse = Static<typeof ActiveUsersResponseSchema>;

const ActiveUsersQuery = Type.Object({
  date: Type.Optional(
    Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'The last day of the windows (UTC, YYYY-MM-DD); default today.' }),
  ),
});

const day = 24 * 60 * 60 * 1000;
const daysBefore = (time: Date, days: number) => new Date(time.getTime() - days * day);
const curveDays = 14;

/** The end (exclusive) of the UTC day `date` names, or of today. */
function endOfDay(date: string | undefined, now: Date): Date {
  const start = date ? new Date(`${date}T00:00:00.000Z`) : new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  // `2026-02-30` parses to 2 March: only a date that reads back the same is a real day.
  if (Number.isNaN(start.getTime()) || (date && start.toISOString().slice(0, 10) !== date)) {
    throw new RequestError('guard.invalid_input', { message: '`date` must be a calendar day, YYYY-MM-DD.', data: { date } });
  }
  return new Date(start.getTime() + day);
}

export function registerDashboardRoutes(app: App, { db }: { db: Db }): void {
  app.get('/api/dashboard/users/total', { schema: { response: { 200: TotalUsersResponseSchema } } }, async (request) => ({
    totalUserCount: await countUsers(db, request.tenantId),
  }));

  // Rolling windows ending now, as Logto's: the last 24 hours against the 24 before, the last 7 days against the 7 before.
  app.get('/api/dashboard/users/new', { schema: { response: { 200: NewUsersResponseSchema } } }, async (request) => {
    const { tenantId } = request;
    const now = new Date();
    const [today, yesterday, week, weekBefore] = await Promise.all([
      countNewUsers(db, tenantId, daysBefore(now, 1), now),
      countNewUsers(db, tenantId, daysBefore(now, 2), daysBefore(now, 1)),
      countNewUsers(db, tenantId, daysBefore(now, 7), now),
      countNewUsers(db, tenantId, daysBefore(now, 14), daysBefore(now, 7)),
    ]);
    return { today: { count: today, delta: today - yesterday }, last7Days: { count: week, delta: week - weekBefore } };
  });

  app.get(
    '/api/dashboard/users/active',
    { schema: { querystring: ActiveUsersQuery, response: { 200: ActiveUsersResponseSchema } } },
    async (request): Promise<ActiveUsersResponse> => {
      const { tenantId } = request;
      const end = endOfDay(request.query.date, new Date());
      const window = async (days: number) => {
        const [count, previous] = await Promise.all([
          countActiveUsers(db, tenantId, daysBefore(end, days), end),
          countActiveUsers(db, tenantId, daysBefore(end, 2 * days), daysBefore(end, days)),
        ]);
        return { count, delta: count - previous };
      };
      const [daily, dau, wau, mau] = await Promise.all([
        countDailyActiveUsers(db, tenantId, daysBefore(end, curveDays), end),
        window(1),
        window(7),
        window(30),
      ]);
      const dauCurve = Array.from({ length: curveDays }, (_, index) => {
        const date = daysBefore(end, curveDays - index)
          .toISOString()
          .slice(0, 10);
        return { date, count: daily.get(date) ?? 0 };
      });
      return { dauCurve, dau, wau, mau };
    },
  );
}
