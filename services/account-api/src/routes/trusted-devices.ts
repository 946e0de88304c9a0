// /api/my-account/trusted-devices: Logto's list of devices that may skip MFA. The experience
// service never trusts a device, so the list is empty and no id names one; the shapes and codes
// are Logto's, behind the same proof of identity.
import type { Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import { AccountTrustedDeviceSchema, TrustedDeviceIdParamsSchema } from '@idp/schemas';
import type { App } from '@idp/server-kit';
import { Type } from 'typebox';
import { checkIdentityProof } from '../libraries/identity-proof.ts';
import { verificationIdOf } from './header.ts';

export function registerTrustedDeviceRoutes(app: App, { db }: { db: Db }): void {
  app.get('/api/my-account/trusted-devices', { schema: { response: { 200: Type.Array(AccountTrustedDeviceSchema) } } }, async (request) => {
    await checkIdentityProof(db, request.tenantId, request.account.userId, verificationIdOf(request));
    return [];
  });

  app.delete('/api/my-account/trusted-devices/:trustedDeviceId', { schema: { params: TrustedDeviceIdParamsSchema } }, async (request) => {
    await checkIdentityProof(db, request.tenantId, request.account.userId, verificationIdOf(request));
    throw new RequestError('entity.not_found');
  });
}
