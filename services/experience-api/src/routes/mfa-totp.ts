// TOTP as a second factor: a new secret to bind (shown as text and QR code), and codes checked
// against a new or the bound secret. A code is accepted once.
import { generateId } from '@idp/db';
import { RequestError } from '@idp/errors';
import type { App } from '@idp/server-kit';
import { Type } from 'typebox';
import { closedObject, TotpSecretResponseSchema, VerificationIdResponseSchema, type MfaVerification, type User } from '@idp/schemas';
import QRCode from 'qrcode';
import { findRecord, putRecord } from '../libraries/context.ts';
import type { ExperienceDeps } from '../libraries/deps.ts';
import { guardedMfaAttempt, identifiedUser } from '../mfa/identified-user.ts';
import { generateTotpSecret, matchTotp, totpUri } from '@idp/mfa';
import { replaceMfaVerifications } from '../queries/users.ts';

const verificationId = Type.String({ minLength: 1, maxLength: 64 });
const accountName = (user: User) => user.username ?? user.primaryEmail ?? user.primaryPhone ?? user.id;

// A record made or verified here follows work that must not be lost (a secret shown, a code
// accepted once): a lost race with another save re-reads and records it again (context.ts).
export function registerTotpRoutes(app: App, deps: ExperienceDeps): void {
  const { db, secretBox, now } = deps;

  app.post('/api/experience/verification/totp/secret', { schema: { response: { 200: TotpSecretResponseSchema } } }, async (request) => {
    const identified = await identifiedUser(deps, request, 400);
    // As in Logto, a user who has an authenticator app may still get a new secret; binding it is refused.
    const { experience, user } = identified;
    const secret = generateTotpSecret();
    const record = {
      id: generateId(),
      type: 'TotpBinding' as const,
      userId: user.id,
      verified: false,
      sealedSecret: await secretBox.seal(request.tenantId, secret),
    };
    await experience.update((state) => putRecord(state, record));
    const issuer = new URL(deps.endpointOf(request.tenantId)).host;
    return { verificationId: record.id, secret, secretQrCode: await QRCode.toDataURL(totpUri(secret, issuer, accountName(user))) };
  });

  app.post(
    '/api/experience/verification/totp/verify',
    {
      schema: {
        body: closedObject({ code: Type.String({ minLength: 1, maxLength: 16 }), verificationId: Type.Optional(verificationId) }),
        response: { 200: VerificationIdResponseSchema },
      },
    },
    async (request) => {
      const { experience, user } = await identifiedUser(deps, request, 400);
      const { code } = request.body;
      if (request.body.verificationId) {
        // A code from a new secret proves the authenticator app holds it.
        const record = findRecord(experience.state, request.body.verificationId, ['TotpBinding']);
        if (record.userId !== user.id) throw new RequestError('session.verification_session_not_found');
        const secret = await secretBox.open(request.tenantId, record.sealedSecret);
        const step = await guardedMfaAttempt(
          deps,
          request,
          user.id,
          async () => matchTotp(secret, code, now(), record.step),
          'session.mfa.invalid_totp_code',
        );
        await experience.update((state) => {
          const current = findRecord(state, record.id, ['TotpBinding']);
          // A request that saved meanwhile accepted this code (or a later one) first.
          if (current.step !== undefined && current.step >= step) throw new RequestError('session.mfa.invalid_totp_code');
          current.step = step;
          current.verified = true;
        });
        return { verificationId: record.id };
      }
      const bound = user.mfaVerifications.find((factor): factor is Extract<MfaVerification, { type: 'Totp' }> => factor.type === 'Totp');
      // As in Logto: a user without an authenticator app gets the answer of a wrong code.
      if (!bound) throw new RequestError('session.mfa.invalid_totp_code');
      const secret = await secretBox.open(request.tenantId, bound.key);
      await guardedMfaAttempt(
        deps,
        request,
        user.id,
        async () => {
          const step = matchTotp(secret, code, now(), bound.lastUsedStep);
          if (step === undefined) return undefined;
          const next = user.mfaVerifications.map((factor) =>
            factor.id === bound.id ? { ...bound, lastUsedStep: step, lastUsedAt: now().toISOString() } : factor,
          );
          // Another request with the same code got there first: the code is used.
          return (await replaceMfaVerifications(db, request.tenantId, user.id, user.mfaVerifications, next)) ? step : undefined;
        },
        'session.mfa.invalid_totp_code',
      );
      const record = { id: generateId(), type: 'Totp' as const, userId: user.id, verified: true };
      await experience.update((state) => putRecord(state, record));
      return { verificationId: record.id };
    },
  );
}
