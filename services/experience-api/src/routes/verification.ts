import { generateId } from '@idp/db';
import { RequestError } from '@idp/errors';
import { hashPassword, verifyPassword } from '@idp/password';
import { normalizePhone } from '@idp/phone';
import type { App } from '@idp/server-kit';
import {
  closedObject,
  CodeIdentifierSchema,
  emailPattern,
  PasswordVerificationBodySchema,
  phoneIdentifierPattern,
  usernamePattern,
  VerificationCodeBodySchema,
  VerificationIdResponseSchema,
} from '@idp/schemas';
import { Type } from 'typebox';
import { findRecord, loadExperience, putRecord } from '../libraries/context.ts';
import { attemptTargets, type ExperienceDeps } from '../libraries/deps.ts';
import { assertCodeTargetAllowed } from '../libraries/email-blocklist.ts';
import { assertPasswordAllowed } from '@idp/password/policy';
import { assertPasswordNotExpired } from '../libraries/password-policy.ts';
import { assertSendAllowed } from '../libraries/send-limits.ts';
import { generateCode, insertPasscode, verifyAndConsumePasscode } from '../queries/passcodes.ts';
import { findSignInExperience } from '../queries/sign-in-experience.ts';
import { assertIdentifierFree, findUserByIdentifier } from '../queries/users.ts';

const username = new RegExp(usernamePattern);
const email = new RegExp(emailPattern);
const phone = new RegExp(phoneIdentifierPattern);
/**
 * A phone number in its one stored form (Logto's: E.164 digits without a trunk zero), so the same
 * person typed two ways is one user; other identifiers as sent. A phone that is not a number stays
 * as typed and matches nobody.
 */
export const normalizedIdentifier = <T extends { type: string; value: string }>(identifier: T): T =>
  identifier.type === 'phone' ? { ...identifier, value: normalizePhone(identifier.value) ?? identifier.value } : identifier;

const sameIdentifier = (a: { type: string; value: string }, b: { type: string; value: string }) =>
  a.type === b.type && (a.type === 'email' ? a.value.toLowerCase() === b.value.toLowerCase() : a.value === b.value);

export function registerVerificationRoutes(app: App, deps: ExperienceDeps): void {
  const { db, client, sender, sentinel } = deps;

  // Each step below did work outside the state before saving (a hash check, a code sent or
  // consumed), so a lost race with another save re-reads and adds the record again, rather than
  // dropping it or redoing the work (see context.ts).

  // Identifier + password. An unknown identifier and a wrong password get the same answer after the
  // same work (a decoy hash check), so the answer does not tell which accounts exist. A locked
  // identifier or address is refused before any hash work.
  app.post(
    '/api/experience/verification/password',
    { schema: { body: PasswordVerificationBodySchema, response: { 200: VerificationIdResponseSchema } } },
    async (request) => {
      // The state the previous step saved will do: the record is added by `update`, which re-reads
      // if that copy was stale.
      const experience = await loadExperience(client, request, undefined, { recent: true });
      const { password } = request.body;
      const identifier = normalizedIdentifier(request.body.identifier);
      const targets = attemptTargets(request, identifier.value);
      await sentinel.assertNotBlocked(request.tenantId, targets);
      const user = await findUserByIdentifier(db, request.tenantId, identifier);
      const matches = await verifyPassword(password, user);
      if (!user || !matches) {
        const { sentinelPolicy } = await findSignInExperience(db, request.tenantId);
        await sentinel.recordFailure(request.tenantId, targets, 'Password', sentinelPolicy);
        throw new RequestError('session.invalid_credentials');
      }
      await assertPasswordNotExpired(db, request.tenantId, user, deps.now());
      const record = { id: generateId(), type: 'Password' as const, identifier, verified: true, userId: user.id };
      await experience.update((state) => putRecord(state, record));
      return { verificationId: record.id };
    },
  );

  // A new username and its password, for registration.
  app.post(
    '/api/experience/verification/new-password-identity',
    { schema: { body: PasswordVerificationBodySchema, response: { 200: VerificationIdResponseSchema } } },
    async (request) => {
      const experience = await loadExperience(client, request);
      const { identifier, password } = request.body;
      if (identifier.type !== 'username') {
        throw new RequestError('guard.invalid_input', { message: 'A new password identity is made of a username and a password.' });
      }
      if (!username.test(identifier.value)) {
        throw new RequestError('guard.invalid_input', {
          message: 'A username starts with a letter or _ and holds only letters, digits and _.',
        });
      }
      await assertIdentifierFree(db, request.tenantId, identifier);
      const { passwordPolicy } = await findSignInExperience(db, request.tenantId);
      assertPasswordAllowed(password, passwordPolicy, [identifier.value]);
      const record = {
        id: generateId(),
        type: 'NewPasswordIdentity' as const,
        identifier,
        verified: true,
        passwordDigest: await hashPassword(password),
      };
      await experience.update((state) => putRecord(state, record));
      return { verificationId: record.id };
    },
  );

  // Sends a one-time code to an email address or phone number, within the send limits.
  app.post(
    '/api/experience/verification/verification-code',
    { schema: { body: VerificationCodeBodySchema, response: { 200: VerificationIdResponseSchema } } },
    async (request) => {
      const experience = await loadExperience(client, request);
      const { interactionEvent } = request.body;
      const identifier = normalizedIdentifier(request.body.identifier);
      if (identifier.type === 'email' && !email.test(identifier.value)) {
        throw new RequestError('guard.invalid_input', { message: 'The email address is invalid.' });
      }
      if (identifier.type === 'phone' && !phone.test(identifier.value)) {
        throw new RequestError('guard.invalid_input', { message: 'The phone number must be digits only, with the country code.' });
      }
      await assertCodeTargetAllowed(db, request.tenantId, interactionEvent, identifier);
      await assertSendAllowed(deps, request, identifier.type, identifier.value);
      const code = generateCode();
      const passcode = await insertPasscode(db, {
        tenantId: request.tenantId,
        interactionJti: experience.details.uid,
        ...(identifier.type === 'email' ? { email: identifier.value } : { phone: identifier.value }),
        type: interactionEvent,
        code,
      });
      // A password reset for an address no account has gets the same answer and a code that is
      // never sent, so the answer does not tell which addresses have accounts, and nobody can mail
      // reset codes to strangers.
      const resetsNobody = interactionEvent === 'ForgotPassword' && !(await findUserByIdentifier(db, request.tenantId, identifier));
      const kind = identifier.type === 'email' ? 'Email' : 'Sms';
      // Without a connector both answer connector.not_found alike.
      if (resetsNobody) await sender.assertConfigured(request.tenantId, kind);
      else await sender.send(request.tenantId, kind, { to: identifier.value, type: interactionEvent, code });
      const record = {
        id: generateId(),
        type: identifier.type === 'email' ? ('EmailVerificationCode' as const) : ('PhoneVerificationCode' as const),
        identifier,
        verified: false,
        codeId: passcode.id,
      };
      await experience.update((state) => putRecord(state, record));
      return { verificationId: record.id };
    },
  );

  app.post(
    '/api/experience/verification/verification-code/verify',
    {
      schema: {
        body: closedObject({
          identifier: CodeIdentifierSchema,
          verificationId: Type.String({ minLength: 1, maxLength: 64 }),
          code: Type.String({ minLength: 1, maxLength: 16 }),
        }),
        response: { 200: VerificationIdResponseSchema },
      },
    },
    async (request) => {
      const experience = await loadExperience(client, request);
      const { verificationId, code } = request.body;
      const identifier = normalizedIdentifier(request.body.identifier);
      // As in Logto: the identifier's type names the record, and its value must be the one the code went to.
      const record = findRecord(experience.state, verificationId, [
        identifier.type === 'email' ? 'EmailVerificationCode' : 'PhoneVerificationCode',
      ]);
      if (!sameIdentifier(record.identifier, identifier)) {
        throw new RequestError(identifier.type === 'email' ? 'verification_code.email_mismatch' : 'verification_code.phone_mismatch');
      }
      const targets = attemptTargets(request, identifier.value);
      await sentinel.assertNotBlocked(request.tenantId, targets);
      await verifyAndConsumePasscode(db, request.tenantId, record.codeId, code, async () => {
        const { sentinelPolicy } = await findSignInExperience(db, request.tenantId);
        await sentinel.recordFailure(request.tenantId, targets, 'VerificationCode', sentinelPolicy);
      });
      await experience.update((state) => {
        findRecord(state, record.id, ['EmailVerificationCode', 'PhoneVerificationCode']).verified = true;
      });
      return { verificationId: record.id };
    },
  );
}
