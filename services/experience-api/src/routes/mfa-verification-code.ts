// A code sent to the user's own email or phone as the second factor.
import { generateId } from '@idp/db';
import { RequestError } from '@idp/errors';
import type { App } from '@idp/server-kit';
import type { FastifyRequest } from 'fastify';
import { closedObject, MfaCodeChannelSchema, VerificationIdResponseSchema } from '@idp/schemas';
import { Type } from 'typebox';
import { findRecord, putRecord } from '../libraries/context.ts';
import { attemptTargets, type ExperienceDeps } from '../libraries/deps.ts';
import { assertSendAllowed } from '../libraries/send-limits.ts';
import { identifiedUser } from '../mfa/identified-user.ts';
import { generateCode, insertPasscode, verifyAndConsumePasscode } from '../queries/passcodes.ts';
import { findSignInExperience } from '../queries/sign-in-experience.ts';

const verificationId = Type.String({ minLength: 1, maxLength: 64 });

// A code sent or consumed must not be lost to another step's save: a lost race re-reads and
// records it again (context.ts).
export function registerMfaVerificationCodeRoutes(app: App, deps: ExperienceDeps): void {
  const { db } = deps;

  const IdentifierTypeSchema = MfaCodeChannelSchema;
  const kindOf = (identifierType: string) => (identifierType.toLowerCase() === 'email' ? ('email' as const) : ('phone' as const));
  /** The identified user, who must have the code factor of the channel asked for. */
  const identifiedFor = async (request: FastifyRequest, identifierType: string) => {
    const kind = kindOf(identifierType);
    const identified = await identifiedUser(deps, request, 400);
    return { kind, ...identified };
  };

  app.post(
    '/api/experience/verification/mfa-verification-code',
    { schema: { body: closedObject({ identifierType: IdentifierTypeSchema }), response: { 200: VerificationIdResponseSchema } } },
    async (request) => {
      const { kind, experience, user } = await identifiedFor(request, request.body.identifierType);
      const to = kind === 'email' ? user.primaryEmail : user.primaryPhone;
      if (!to) throw new RequestError('session.mfa.mfa_factor_not_enabled');
      await assertSendAllowed(deps, request, kind, to);
      const code = generateCode();
      const passcode = await insertPasscode(db, {
        tenantId: request.tenantId,
        interactionJti: experience.details.uid,
        ...(kind === 'email' ? { email: to } : { phone: to }),
        type: 'MfaVerification',
        code,
      });
      await deps.sender.send(request.tenantId, kind === 'email' ? 'Email' : 'Sms', { to, type: 'MfaVerification', code });
      const type = kind === 'email' ? ('MfaEmailVerificationCode' as const) : ('MfaPhoneVerificationCode' as const);
      const record = { id: generateId(), type, userId: user.id, verified: false, codeId: passcode.id, to };
      await experience.update((state) => putRecord(state, record));
      return { verificationId: record.id };
    },
  );

  app.post(
    '/api/experience/verification/mfa-verification-code/verify',
    {
      schema: {
        body: closedObject({ verificationId, code: Type.String({ minLength: 1, maxLength: 16 }), identifierType: IdentifierTypeSchema }),
        response: { 200: VerificationIdResponseSchema },
      },
    },
    async (request) => {
      const { kind, experience, user } = await identifiedFor(request, request.body.identifierType);
      const record = findRecord(experience.state, request.body.verificationId, [
        kind === 'email' ? 'MfaEmailVerificationCode' : 'MfaPhoneVerificationCode',
      ]);
      if (record.userId !== user.id) throw new RequestError('session.verification_session_not_found');
      const targets = attemptTargets(request, `user:${user.id}`);
      await deps.sentinel.assertNotBlocked(request.tenantId, targets);
      await verifyAndConsumePasscode(db, request.tenantId, record.codeId, request.body.code, async () => {
        const { sentinelPolicy } = await findSignInExperience(db, request.tenantId);
        await deps.sentinel.recordFailure(request.tenantId, targets, 'Mfa', sentinelPolicy);
      });
      await experience.update((state) => {
        findRecord(state, record.id, ['MfaEmailVerificationCode', 'MfaPhoneVerificationCode']).verified = true;
      });
      return { verificationId: record.id };
    },
  );
}
