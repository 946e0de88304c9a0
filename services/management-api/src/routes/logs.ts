import type { Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import { IdParamsSchema, LogResponseSchema } from '@idp/schemas';
import type { App } from '@idp/server-kit';
import { Type } from 'typebox';
import { toLogResponse } from '../libraries/logs.ts';
import { findLog, listLogs, type LogFilter } from '../queries/logs.ts';
import { answerPage, PaginationQuery, parsePage } from './pagination.ts';

export const LogFilterText = Type.Optional(Type.String({ minLength: 1, maxLength: 128 }));

const LogQuery = Type.Object({
  ...PaginationQuery,
  logKey: LogFilterText,
  userId: LogFilterText,
  applicationId: LogFilterText,
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

// /api/logs: the tenant's audit log (a user's: users/logs.ts).
export function registerLogRoutes(app: App, { db }: { db: Db }): void {
  app.get('/api/logs', { schema: { querystring: LogQuery, response: { 200: Type.Array(LogResponseSchema) } } }, async (request, reply) => {
    const { logKey, userId, applicationId } = request.query;
    const filter = { logKey, userId, applicationId, ...parseTimeRange(request.query) };
    return answerPage(reply, await listLogs(db, request.tenantId, filter, parsePage(request.query)), toLogResponse);
  });

  app.get('/api/logs/:id', { schema: { params: IdParamsSchema, response: { 200: LogResponseSchema } } }, async (request) =>
    toLogResponse(await findLog(db, request.tenantId, request.params.id)),
  );
}
