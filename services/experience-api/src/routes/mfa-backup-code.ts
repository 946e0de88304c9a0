// Backup codes: ten new ones to save (bound with POST /profile/mfa), and one-time use at sign-in.
import { generateId } from '@idp/db';
import { RequestError } from '@idp/errors';
import type { App } from '@idp/server-kit';
import { Type } from 'typebox';
import { BackupCodesResponseSchema, closedObject, VerificationIdResponseSchema, type MfaVerification } from '@idp/schemas';
import { putRecord } from '../libraries/context.ts';
import type { ExperienceDeps } from '../libraries/deps.ts';
import { generateBackupCodes, hashBackupCode, matchBackupCode } from '@idp/mfa';
import { guardedMfaAttempt, identifiedUser } from '../mfa/identified-user.ts';
import { replaceMfaVerifications } from '../queries/users.ts';

// New codes shown once and a code used once must not be lost to another step's save: a lost race
// re-reads and adds the record again (context.ts).
export function registerBackupCodeRoutes(app: App, deps: ExperienceDeps): void {
  const { db, now } = deps;

  app.post(
    '/api/experience/verification/backup-code/generate',
    { schema: { response: { 200: BackupCodesResponseSchema } } },
    async (request) => {
      const { experience, user } = await identifiedUser(deps, request, 400);
      const codes = generateBackupCodes();
      const record = {
        id: generateId(),
        type: 'BackupCodeGeneration' as const,
        userId: user.id,
        verified: true,
        codeHashes: codes.map(hashBackupCode),
      };
      await experience.update((state) => putRecord(state, record));
      return { verificationId: record.id, codes };
    },
  );

  app.post(
    '/api/experience/verification/backup-code/verify',
    {
      schema: {
        body: closedObject({ code: Type.String({ minLength: 1, maxLength: 32 }) }),
        response: { 200: VerificationIdResponseSchema },
      },
    },
    async (request) => {
      const { experience, user } = await identifiedUser(deps, request, 400);
      const bound = user.mfaVerifications.find(
        (factor): factor is Extract<MfaVerification, { type: 'BackupCode' }> => factor.type === 'BackupCode',
      );
      // As in Logto: a user without backup codes gets the answer of a wrong code.
      if (!bound) throw new RequestError('session.mfa.invalid_backup_code');
      await guardedMfaAttempt(
        deps,
        request,
        user.id,
        async () => {
          const unused = bound.codes.map(({ code, usedAt }) => (usedAt ? '' : code));
          const index = matchBackupCode(request.body.code, unused);
          if (index < 0) return undefined;
          const usedAt = now().toISOString();
          const codes = bound.codes.map((entry, position) => (position === index ? { ...entry, usedAt } : entry));
          const next = user.mfaVerifications.map((factor) => (factor.id === bound.id ? { ...bound, codes, lastUsedAt: usedAt } : factor));
          return (await replaceMfaVerifications(db, request.tenantId, user.id, user.mfaVerifications, next)) ? index : undefined;
        },
        'session.mfa.invalid_backup_code',
      );
      const record = { id: generateId(), type: 'BackupCode' as const, userId: user.id, verified: true };
      await experience.update((state) => putRecord(state, record));
      return { verificationId: record.id };
    },
  );
}
