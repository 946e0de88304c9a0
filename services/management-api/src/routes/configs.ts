import type { Db } from '@idp/db';
import {
  AdminConsoleConfigSchema,
  OidcKeyParamsSchema,
  OidcKeyResponseSchema,
  OidcKeyTypeParamsSchema,
  RotateOidcKeysBodySchema,
  UpdateAdminConsoleConfigBodySchema,
} from '@idp/schemas';
import type { App } from '@idp/server-kit';
import { Type } from 'typebox';
import { logManagementChange } from '../libraries/logs.ts';
import { deleteTenantKey, rotateTenantKeys, toKeyList } from '../libraries/oidc-keys.ts';
import { findAdminConsoleConfig, findKeys, updateAdminConsoleConfig } from '../queries/configs.ts';

const KeyListSchema = Type.Array(OidcKeyResponseSchema);

// /api/configs: the tenant's OIDC keys and the admin console's settings.
export function registerConfigRoutes(app: App, { db }: { db: Db }): void {
  app.get(
    '/api/configs/oidc/:keyType',
    { schema: { params: OidcKeyTypeParamsSchema, response: { 200: KeyListSchema } } },
    async (request) => {
      const { keyType } = request.params;
      return toKeyList(keyType, await findKeys(db, request.tenantId, keyType));
    },
  );

  app.post(
    '/api/configs/oidc/:keyType/rotate',
    {
      schema: {
        params: OidcKeyTypeParamsSchema,
        // The body is optional (Fastify passes a missing one as null): a bare POST rotates with the defaults.
        body: Type.Union([RotateOidcKeysBodySchema, Type.Null(), Type.Undefined()]),
        response: { 200: KeyListSchema },
      },
    },
    async (request) => {
      const { tenantId } = request;
      const { keyType } = request.params;
      const signingKeyAlgorithm = request.body?.signingKeyAlgorithm;
      const keys = await rotateTenantKeys(db, tenantId, keyType, keyType === 'private-keys' ? signingKeyAlgorithm : undefined);
      await logManagementChange(db, tenantId, 'ManagementApi.RotateOidcKeys', request, { keyType, signingKeyAlgorithm });
      return toKeyList(keyType, keys);
    },
  );

  app.delete('/api/configs/oidc/:keyType/:keyId', { schema: { params: OidcKeyParamsSchema } }, async (request, reply) => {
    const { tenantId } = request;
    const { keyType, keyId } = request.params;
    await deleteTenantKey(db, tenantId, keyType, keyId);
    await logManagementChange(db, tenantId, 'ManagementApi.DeleteOidcKey', request, { keyType, keyId });
    return reply.status(204).send();
  });

  app.get('/api/configs/admin-console', { schema: { response: { 200: AdminConsoleConfigSchema } } }, async (request) =>
    findAdminConsoleConfig(db, request.tenantId),
  );

  app.patch(
    '/api/configs/admin-console',
    { schema: { body: UpdateAdminConsoleConfigBodySchema, response: { 200: AdminConsoleConfigSchema } } },
    async (request) => {
      const { tenantId, body } = request;
      const updated = await updateAdminConsoleConfig(db, tenantId, body);
      await logManagementChange(db, tenantId, 'ManagementApi.UpdateAdminConsoleConfig', request, { fields: Object.keys(body) });
      return updated;
    },
  );
}
