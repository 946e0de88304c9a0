// /api/account-center: what end users may do with the Account API (/api/my-account), field by
// field; and its public read under /api/.well-known, for account pages before any call.
import type { Db } from '@idp/db';
import { AccountCenterSchema, UpdateAccountCenterBodySchema } from '@idp/schemas';
import type { App } from '@idp/server-kit';
import { getAccountCenter, updateAccountCenter } from '../libraries/account-center.ts';
import { logManagementChange } from '../libraries/logs.ts';

export function registerAccountCenterRoutes(app: App, { db }: { db: Db }): void {
  app.get('/api/account-center', { schema: { response: { 200: AccountCenterSchema } } }, async (request) =>
    getAccountCenter(db, request.tenantId),
  );

  app.patch(
    '/api/account-center',
    { schema: { body: UpdateAccountCenterBodySchema, response: { 200: AccountCenterSchema } } },
    async (request) => {
      const { tenantId, body } = request;
      const updated = await updateAccountCenter(db, tenantId, body);
      await logManagementChange(db, tenantId, 'ManagementApi.UpdateAccountCenter', request, { fields: Object.keys(body) });
      return updated;
    },
  );

  // Public (see plugins/authentication.ts): the settings hold nothing secret.
  app.get('/api/.well-known/account-center', { schema: { response: { 200: AccountCenterSchema } } }, async (request) =>
    getAccountCenter(db, request.tenantId),
  );
}
