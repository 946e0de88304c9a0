// /api/users/:userId/logs: what the audit log holds about one user.
import type { Db } from '@idp/db';
import { LogResponseSchema } from '@idp/schemas';
import type { App } from '@idp/server-kit';
import { Type } from 'typebox';
import { toLogResponse } from '../../libraries/logs.ts';
import { listLogs } from '../../queries/logs.ts';
import { findUser } from '../../queries/users.ts';
import { LogFilterText } from '../logs.ts';
import { answerPage, PaginationQuery, parsePage } from '../pagination.ts';

export function registerUserLogRoutes(app: App, { db }: { db: Db }): void {
  app.get(
    '/api/users/:userId/logs',
    {
      schema: {
        params: Type.Object({ userId: Type.String({ minLength: 1, maxLength: 21 }) }),
        querystring: Type.Object({ ...PaginationQuery, logKey: LogFilterText }),
        response: { 200: Type.Array(LogResponseSchema) },
      },
    },
    async (request, reply) => {
      const { tenantId } = request;
      const { userId } = request.params;
      // An unknown user is a 404, not an empty list (Logto's behaviour).
      await findUser(db, tenantId, userId);
      return answerPage(
        reply,
        await listLogs(db, tenantId, { userId, logKey: request.query.logKey }, parsePage(request.query)),
        toLogResponse,
      );
    },
  );
}
