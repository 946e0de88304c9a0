// Internal: ends a user's sessions everywhere. The experience service calls it after a password
// reset, so whoever knew the old password is signed out and their refresh tokens stop working.
import type { Db } from '@idp/db';
import { oidcModelInstances } from '@idp/schemas';
import type { App } from '@idp/server-kit';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { Type } from 'typebox';
import { grantModelNames } from '../adapter/postgres-adapter.ts';

const accountModels = ['Session', 'Grant', ...grantModelNames];

export function registerAccountRoutes(app: App, { db }: { db: Db }): void {
  app.delete(
    '/internal/accounts/:accountId/sessions',
    { schema: { params: Type.Object({ accountId: Type.String({ minLength: 1, maxLength: 21 }) }) } },
    async (request, reply) => {
      await db
        .delete(oidcModelInstances)
        .where(
          and(
            eq(oidcModelInstances.tenantId, request.tenantId),
            inArray(oidcModelInstances.modelName, accountModels),
            sql`${oidcModelInstances.payload} ->> 'accountId' = ${request.params.accountId}`,
          ),
        );
      return reply.status(204).send();
    },
  );
}
