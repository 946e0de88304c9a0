import type { Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import { IdParamsSchema, LogResponseSchema, users } from '@idp/schemas';
import type { App } from '@idp/server-kit';
import { and, eq } from 'drizzle-orm';
import { Type } from 'typebox';
import { findLog, listLogs, toLogResponse, type LogFilter } from '../queries/logs.ts';
import { PaginationQuery, parsePage, setTotal } from './pagination.ts';

const filterText = Type.Optional(Type.String({ minLength: 1, maxLength: 128 }));

const LogQuery = Type.Object({
  ...PaginationQuery,
  logKey: filterText,
  userId: filterText,
  applicationId: filterText,
  start_time: Type.Optional(Type.String({ description: 'Inclusive lower bound on createdAt, in epoch milliseconds.' })),
  end_time: Type.Optional(Type.String({ description: 'Inclusive upper bound on createdAt, in epoch milliseconds.' })),
});

/** Query values are strings: a time bound must be a whole number of milliseconds. */
function parseTime(name: string, value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  if (!/^[0-9]{1,15}$/.test(value)) {
    throw new RequestError('guard.invalid_input', { message: `\`${name}\` must be epoch milliseconds.`, data: { [name]: value } });
  }
  return new Date(Number(value));
}

function parseTimeRange(query: { start_time?: string; end_time?: string }): Pick<LogFilter, 'startTime' | 'endTime'> {
  const startTime = parseTime('start_time', query.start_time);
  const endTime = parseTime('end_time', query.end_time);
  if (startTime && endTime && startTime > endTime) {
    throw new RequestError('guard.invalid_input', { message: '`start_time` must not be after `end_time`.' });
  }
  return { startTime, endTime };
}

export function registerLogRoutes(app: App, db: Db): void {
  app.get(
    '/api/logs',
    { schema: { querystring: LogQuery, response: { 200: Type.Array(LogResponseSchema) } } },
    async (request, reply) => {
      const { logKey, userId, applicationId } = request.query;
      const filter = { logKey, userId, applicationId, ...parseTimeRange(request.query) };
      const { rows, total } = await listLogs(db, request.tenantId, filter, parsePage(request.query));
      setTotal(reply, total);
      return rows.map(toLogResponse);
    },
  );

  app.get('/api/logs/:id', { schema: { params: IdParamsSchema, response: { 200: LogResponseSchema } } }, async (request) =>
    toLogResponse(await findLog(db, request.tenantId, request.params.id)),
  );

  app.get(
    '/api/users/:userId/logs',
    {
      schema: {
        params: Type.Object({ userId: Type.String({ minLength: 1, maxLength: 21 }) }),
        querystring: Type.Object({ ...PaginationQuery, logKey: filterText }),
        response: { 200: Type.Array(LogResponseSchema) },
      },
    },
    async (request, reply) => {
      const { tenantId } = request;
      const { userId } = request.params;
      // An unknown user is a 404, not an empty list (Logto's behaviour).
      const [user] = await db.select({ id: users.id }).from(users).where(and(eq(users.tenantId, tenantId), eq(users.id, userId)));
      if (!user) {
        throw new RequestError('entity.not_exists_with_id', { message: `The user with id \`${userId}\` does not exist.`, data: { id: userId } });
      }
      const { rows, total } = await listLogs(db, tenantId, { userId, logKey: request.query.logKey }, parsePage(request.query));
      setTotal(reply, total);
      return rows.map(toLogResponse);
    },
  );
}
