// /api/my-account/mfa-verifications: the user's second factors, listed (setting `mfa` ReadOnly or
// Edit) and bound, renamed or removed (Edit, with proof of identity), with the `identities` scope.
// Stored as the experience service reads them, so a factor bound here is asked for at sign-in. A
// passkey is bound from a verified WebAuthn registration record (/api/verifications/web-authn).
import type { Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import { generateBackupCodes, generateTotpSecret, type SecretBox } from '@idp/mfa';
import {
  BindMyMfaVerificationBodySchema,
  MfaVerificationIdParamsSchema,
  MyBackupCodesGeneratedSchema,
  MyBackupCodesSchema,
  MyTotpSecretSchema,
  ReplaceMyTotpBodySchema,
  UpdateMfaVerificationNameBodySchema,
  UserMfaVerificationResponseSchema,
  type MfaVerification,
} from '@idp/schemas';
import type { App } from '@idp/server-kit';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { updateMyUser } from '../libraries/hook-events.ts';
import { checkIdentityProof } from '../libraries/identity-proof.ts';
import { newFactor, toMfaListing } from '../libraries/mfa.ts';
import { claimWebAuthnFactor } from '../libraries/webauthn.ts';
import { userScopes } from '../libraries/profile.ts';
import { spendIdentityProof } from '../libraries/verification.ts';
import { requireEditable, requireReadable, requireScope } from '../plugins/authentication.ts';
import { findEnabledMfaFactors } from '../queries/settings.ts';
import { lockUser, type Tx } from '../queries/users.ts';
import { verificationIdOf } from './header.ts';

const prefix = '/api/my-account/mfa-verifications';

export function registerMfaVerificationRoutes(app: App, { db, secretBox }: { db: Db; secretBox: SecretBox }): void {
  // As in Logto: proof first, then the setting, then the scope. The proof is spent in the
  // transaction of the change, under a lock of the user's row: a refused change leaves it usable.
  const change = async <T>(request: FastifyRequest, apply: (tx: Tx, factors: MfaVerification[]) => Promise<T>): Promise<T> => {
    const { tenantId, account } = request;
    await checkIdentityProof(db, tenantId, account.userId, verificationIdOf(request));
    requireEditable(request, 'mfa');
    requireScope(request, userScopes.identities);
    return db.transaction(async (tx) => {
      await spendIdentityProof(tx, tenantId, account.userId, verificationIdOf(request));
      const user = await lockUser(tx, tenantId, account.userId);
      return apply(tx, user.mfaVerifications);
    });
  };
  const save = (tx: Tx, request: FastifyRequest, mfaVerifications: MfaVerification[]) => updateMyUser(tx, request, { mfaVerifications });
  const notFound = () => new RequestError('verification_record.not_found', { message: 'No such MFA factor.' });

  app.get(prefix, { schema: { response: { 200: Type.Array(UserMfaVerificationResponseSchema) } } }, async (request) => {
    requireReadable(request, 'mfa');
    requireScope(request, userScopes.identities);
    return request.user.mfaVerifications.map(toMfaListing);
  });

  // A secret or codes to show the user; nothing is stored until they are bound.
  app.post(`${prefix}/totp-secret/generate`, { schema: { response: { 200: MyTotpSecretSchema } } }, async () => ({
    secret: generateTotpSecret(),
  }));
  app.post(`${prefix}/backup-codes/generate`, { schema: { response: { 200: MyBackupCodesGeneratedSchema } } }, async () => ({
    codes: generateBackupCodes(),
  }));

  app.post(prefix, { schema: { body: BindMyMfaVerificationBodySchema } }, async (request, reply) => {
    const { tenantId, body } = request;
    await change(request, async (tx, factors) => {
      if (!(await findEnabledMfaFactors(tx, tenantId)).includes(body.type)) throw new RequestError('session.mfa.mfa_factor_not_enabled');
      const now = new Date();
      const factor =
        body.type === 'WebAuthn'
          ? await claimWebAuthnFactor(tx, tenantId, request.account.userId, body.newIdentifierVerificationRecordId, {
              name: body.name,
              current: factors,
              now,
            })
          : await newFactor(body, factors, { tenantId, secretBox, now });
      // New backup codes replace used-up ones: sign-in looks at one set.
      const kept = factor.type === 'BackupCode' ? factors.filter(({ type }) => type !== 'BackupCode') : factors;
      await save(tx, request, [...kept, factor]);
    });
    return reply.status(204).send();
  });

  // Binds a new authenticator app in place of the one bound, if any: a lost phone needs no removal first.
  app.put(`${prefix}/totp`, { schema: { body: ReplaceMyTotpBodySchema } }, async (request, reply) => {
    const { tenantId, body } = request;
    await change(request, async (tx, factors) => {
      if (!(await findEnabledMfaFactors(tx, tenantId)).includes('Totp')) throw new RequestError('session.mfa.mfa_factor_not_enabled');
      const others = factors.filter(({ type }) => type !== 'Totp');
      const factor = await newFactor({ type: 'Totp', ...body }, others, { tenantId, secretBox, now: new Date() });
      const index = factors.findIndex(({ type }) => type === 'Totp');
      await save(tx, request, index < 0 ? [...factors, factor] : factors.map((item, position) => (position === index ? factor : item)));
    });
    return reply.status(204).send();
  });

  app.get(`${prefix}/backup-codes`, { schema: { response: { 200: MyBackupCodesSchema } } }, async (request) => {
    await checkIdentityProof(db, request.tenantId, request.account.userId, verificationIdOf(request));
    requireScope(request, userScopes.identities);
    const factor = request.user.mfaVerifications.find((item) => item.type === 'BackupCode');
    if (factor?.type !== 'BackupCode') throw new RequestError('verification_record.not_found', { status: 404 });
    // Only hashes are kept: each code shows masked, with when it was used.
    return { codes: factor.codes.map(({ usedAt }) => ({ code: '*'.repeat(10), usedAt: usedAt ?? null })) };
  });

  // Only passkeys have a name, as in Logto.
  app.patch(
    `${prefix}/:verificationId/name`,
    {
      schema: {
        params: MfaVerificationIdParamsSchema,
        body: UpdateMfaVerificationNameBodySchema,
        response: { 200: UserMfaVerificationResponseSchema },
      },
    },
    async (request) => {
      const { verificationId } = request.params;
      return change(request, async (tx, factors) => {
        const factor = factors.find(({ id, type }) => id === verificationId && type === 'WebAuthn');
        if (factor?.type !== 'WebAuthn') throw notFound();
        const renamed = { ...factor, name: request.body.name };
        await save(
          tx,
          request,
          factors.map((item) => (item.id === verificationId ? renamed : item)),
        );
        return toMfaListing(renamed);
      });
    },
  );

  app.delete(`${prefix}/:verificationId`, { schema: { params: MfaVerificationIdParamsSchema } }, async (request, reply) => {
    const { verificationId } = request.params;
    await change(request, async (tx, factors) => {
      if (!factors.some(({ id }) => id === verificationId)) throw notFound();
      await save(
        tx,
        request,
        factors.filter(({ id }) => id !== verificationId),
      );
    });
    return reply.status(204).send();
  });
}
