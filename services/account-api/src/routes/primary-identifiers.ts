// /api/my-account/primary-email and primary-phone: set (proving both the user's identity and the
// new address) or remove the address the user signs in with.
import type { Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import { MyPrimaryEmailBodySchema, MyPrimaryPhoneBodySchema } from '@idp/schemas';
import { withConstraintCodes, type App } from '@idp/server-kit';
import type { FastifyRequest } from 'fastify';
import { updateMyUser } from '../libraries/hook-events.ts';
import { userScopes } from '../libraries/profile.ts';
import { normalizeIdentifier, spendIdentityProof, spendNewIdentifierProof } from '../libraries/verification.ts';
import { requireEditable, requireScope } from '../plugins/authentication.ts';
import { findSignUpAndPasswordPolicy } from '../queries/settings.ts';
import { isIdentifierTaken } from '../queries/users.ts';
import { userConstraintCodes, verificationIdOf } from './header.ts';

const kinds = {
  email: { field: 'email', scope: userScopes.email, column: 'primaryEmail', taken: 'user.email_already_in_use' },
  phone: { field: 'phone', scope: userScopes.phone, column: 'primaryPhone', taken: 'user.phone_already_in_use' },
} as const;
type Kind = keyof typeof kinds;

export function registerPrimaryIdentifierRoutes(app: App, { db }: { db: Db }): void {
  const set = async (request: FastifyRequest, type: Kind, value: string, newRecordId: string) => {
    const { tenantId, account } = request;
    const { field, scope, column, taken } = kinds[type];
    requireEditable(request, field);
    requireScope(request, scope);
    const normalized = normalizeIdentifier({ type, value });
    // Emails keep the case they were typed in; phones are stored in their one normal form.
    const stored = type === 'email' ? value.trim() : normalized;
    await withConstraintCodes(
      () =>
        db.transaction(async (tx) => {
          await spendIdentityProof(tx, tenantId, account.userId, verificationIdOf(request));
          await spendNewIdentifierProof(tx, tenantId, account.userId, newRecordId, { type, normalized });
          const identifier = type === 'email' ? { primaryEmail: stored } : { primaryPhone: stored };
          if (await isIdentifierTaken(tx, tenantId, account.userId, identifier)) throw new RequestError(taken);
          await updateMyUser(tx, request, { [column]: stored });
        }),
      userConstraintCodes,
    );
  };

  const remove = async (request: FastifyRequest, type: Kind) => {
    const { tenantId, account, user } = request;
    const { field, scope, column } = kinds[type];
    requireEditable(request, field);
    requireScope(request, scope);
    const { signUp } = await findSignUpAndPasswordPolicy(db, tenantId);
    const other: Kind = type === 'email' ? 'phone' : 'email';
    await db.transaction(async (tx) => {
      await spendIdentityProof(tx, tenantId, account.userId, verificationIdOf(request));
      // An address the sign-up requires stays: unless the other one may stand in and the user has it.
      // (Thrown inside the transaction: the proof stays unused.)
      if (signUp.identifiers.includes(type)) {
        if (!signUp.identifiers.includes(other)) throw new RequestError(type === 'email' ? 'user.email_required' : 'user.phone_required');
        if (!user[kinds[other].column]) throw new RequestError('user.email_or_phone_required');
      }
      await updateMyUser(tx, request, { [column]: null });
    });
  };

  app.post('/api/my-account/primary-email', { schema: { body: MyPrimaryEmailBodySchema } }, async (request, reply) => {
    await set(request, 'email', request.body.email, request.body.newIdentifierVerificationRecordId);
    return reply.status(204).send();
  });
  app.delete('/api/my-account/primary-email', async (request, reply) => {
    await remove(request, 'email');
    return reply.status(204).send();
  });
  app.post('/api/my-account/primary-phone', { schema: { body: MyPrimaryPhoneBodySchema } }, async (request, reply) => {
    await set(request, 'phone', request.body.phone, request.body.newIdentifierVerificationRecordId);
    return reply.status(204).send();
  });
  app.delete('/api/my-account/primary-phone', async (request, reply) => {
    await remove(request, 'phone');
    return reply.status(204).send();
  });
}
