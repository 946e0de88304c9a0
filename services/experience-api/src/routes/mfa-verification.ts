// Second-factor verifications of the identified user: TOTP, WebAuthn, backup codes, and codes sent
// to the user's own email or phone. Binding a new factor starts here too (a new TOTP secret, a new
// WebAuthn credential, new backup codes); POST /profile/mfa then adds it to the interaction.
import { generateId } from '@idp/db';
import { RequestError } from '@idp/errors';
import type { MfaVerification, User } from '@idp/schemas';
import type { App } from '@idp/server-kit';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import type { FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { Type } from 'typebox';
import { findRecord, loadExperience, putRecord, type Experience } from '../experience/context.ts';
import { attemptTargets, type ExperienceDeps } from '../experience/deps.ts';
import type { MfaFactor } from '../experience/state.ts';
import { generateBackupCodes, hashBackupCode, matchBackupCode } from '../mfa/backup-codes.ts';
import { hasVerifiedSecondFactor, boundFactors } from '../mfa/policy.ts';
import { generateTotpSecret, matchTotp, totpUri } from '../mfa/totp.ts';
import {
  authenticationOptions,
  registrationOptions,
  relyingPartyOf,
  verifyAuthentication,
  verifyRegistration,
  webAuthnCredentialsOf,
} from '../mfa/webauthn.ts';
import { generateCode, insertPasscode, verifyAndConsumePasscode } from '../queries/passcodes.ts';
import { findSignInExperience } from '../queries/sign-in-experience.ts';
import { findUserById, replaceMfaVerifications } from '../queries/users.ts';
import { VerificationIdResponse } from './schemas.ts';

const closed = { additionalProperties: false } as const;
const verificationId = Type.String({ minLength: 1, maxLength: 64 });

/** A browser's WebAuthn response as @simplewebauthn/browser (or Logto's UI, with type "WebAuthn") sends it. */
export const WebAuthnPayloadSchema = Type.Object({
  type: Type.Union([Type.Literal('public-key'), Type.Literal('WebAuthn')]),
  id: Type.String({ minLength: 1, maxLength: 1024 }),
  rawId: Type.String({ minLength: 1, maxLength: 1024 }),
  authenticatorAttachment: Type.Optional(Type.Union([Type.Literal('platform'), Type.Literal('cross-platform')])),
  clientExtensionResults: Type.Record(Type.String(), Type.Unknown()),
  response: Type.Record(Type.String(), Type.Unknown()),
});

export const asWebAuthnResponse = <T extends RegistrationResponseJSON | AuthenticationResponseJSON>(payload: unknown) =>
  ({ ...(payload as object), type: 'public-key' }) as T;

export type IdentifiedUser = { experience: Experience; user: User; factors: string[] };

/** The interaction's user, for a second-factor step: identified, existing, the factor enabled. */
export async function identifiedUser(deps: ExperienceDeps, request: FastifyRequest, factor?: MfaFactor): Promise<IdentifiedUser> {
  const experience = await loadExperience(deps.client, request);
  if (!experience.state.userId) throw new RequestError('session.identifier_not_found');
  const [user, signInExperience] = await Promise.all([
    findUserById(deps.db, request.tenantId, experience.state.userId),
    findSignInExperience(deps.db, request.tenantId),
  ]);
  if (!user) throw new RequestError('user.user_not_exist');
  const factors = signInExperience.mfa.factors;
  if (factor && !factors.includes(factor)) throw new RequestError('session.mfa.mfa_factor_not_enabled', { data: { factor } });
  return { experience, user, factors };
}

/** Binding a factor needs the user's existing ones answered first, so a password alone cannot add one. */
export function assertMayBind({ experience, user, factors }: IdentifiedUser): void {
  const bound = boundFactors(user, factors);
  if (bound.length > 0 && !hasVerifiedSecondFactor(experience.state, user.id)) {
    throw new RequestError('session.mfa.require_mfa_verification', { data: { availableFactors: bound } });
  }
}

const accountName = (user: User) => user.username ?? user.primaryEmail ?? user.primaryPhone ?? user.id;

export function registerMfaVerificationRoutes(app: App, deps: ExperienceDeps): void {
  const { db, sentinel, secretBox, now } = deps;

  /** Runs one guess at a second factor under the sentinel's lock for this user and address. */
  const guarded = async <T>(request: FastifyRequest, userId: string, attempt: () => Promise<T | undefined>, error: 'session.mfa.invalid_totp_code' | 'session.mfa.invalid_backup_code'): Promise<T> => {
    const targets = attemptTargets(request, `user:${userId}`);
    await sentinel.assertNotBlocked(request.tenantId, targets);
    const result = await attempt();
    if (result === undefined) {
      const { sentinelPolicy } = await findSignInExperience(db, request.tenantId);
      await sentinel.recordFailure(request.tenantId, targets, 'Mfa', sentinelPolicy);
      throw new RequestError(error);
    }
    return result;
  };

  app.post(
    '/api/experience/verification/totp/secret',
    { schema: { response: { 200: Type.Object({ verificationId: Type.String(), secret: Type.String(), secretQrCode: Type.String() }) } } },
    async (request) => {
      const identified = await identifiedUser(deps, request, 'Totp');
      const { experience, user } = identified;
      if (user.mfaVerifications.some(({ type }) => type === 'Totp')) throw new RequestError('user.totp_already_in_use');
      const secret = generateTotpSecret();
      const record = { id: generateId(), type: 'TotpBinding' as const, userId: user.id, verified: false, sealedSecret: await secretBox.seal(request.tenantId, secret) };
      putRecord(experience.state, record);
      await experience.save();
      const issuer = new URL(deps.endpointOf(request.tenantId)).host;
      return { verificationId: record.id, secret, secretQrCode: await QRCode.toDataURL(totpUri(secret, issuer, accountName(user))) };
    },
  );

  app.post(
    '/api/experience/verification/totp/verify',
    { schema: { body: Type.Object({ code: Type.String({ minLength: 1, maxLength: 16 }), verificationId: Type.Optional(verificationId) }, closed), response: { 200: VerificationIdResponse } } },
    async (request) => {
      const { experience, user } = await identifiedUser(deps, request, 'Totp');
      const { code } = request.body;
      if (request.body.verificationId) {
        // A code from a new secret proves the authenticator app holds it.
        const record = findRecord(experience.state, request.body.verificationId, ['TotpBinding']);
        if (record.userId !== user.id) throw new RequestError('session.verification_session_not_found');
        const secret = await secretBox.open(request.tenantId, record.sealedSecret);
        record.step = await guarded(request, user.id, async () => matchTotp(secret, code, now(), record.step), 'session.mfa.invalid_totp_code');
        record.verified = true;
        await experience.save();
        return { verificationId: record.id };
      }
      const bound = user.mfaVerifications.find((factor): factor is Extract<MfaVerification, { type: 'Totp' }> => factor.type === 'Totp');
      if (!bound) throw new RequestError('session.mfa.mfa_factor_not_enabled', { data: { factor: 'Totp' } });
      const secret = await secretBox.open(request.tenantId, bound.key);
      await guarded(
        request,
        user.id,
        async () => {
          const step = matchTotp(secret, code, now(), bound.lastUsedStep);
          if (step === undefined) return undefined;
          const next = user.mfaVerifications.map((factor) => (factor.id === bound.id ? { ...bound, lastUsedStep: step, lastUsedAt: now().toISOString() } : factor));
          // Another request with the same code got there first: the code is used.
          return (await replaceMfaVerifications(db, request.tenantId, user.id, user.mfaVerifications, next)) ? step : undefined;
        },
        'session.mfa.invalid_totp_code',
      );
      const record = { id: generateId(), type: 'Totp' as const, userId: user.id, verified: true };
      putRecord(experience.state, record);
      await experience.save();
      return { verificationId: record.id };
    },
  );

  app.post(
    '/api/experience/verification/web-authn/registration',
    { schema: { response: { 200: Type.Object({ verificationId: Type.String(), registrationOptions: Type.Record(Type.String(), Type.Unknown()) }) } } },
    async (request) => {
      const identified = await identifiedUser(deps, request);
      const { experience, user, factors } = identified;
      const { passkeySignIn } = await findSignInExperience(db, request.tenantId);
      if (!factors.includes('WebAuthn') && !passkeySignIn.enabled) throw new RequestError('session.mfa.mfa_factor_not_enabled', { data: { factor: 'WebAuthn' } });
      const options = await registrationOptions(relyingPartyOf(deps.endpointOf(request.tenantId)), { id: user.id, name: accountName(user) }, webAuthnCredentialsOf(user.mfaVerifications));
      const record = { id: generateId(), type: 'WebAuthnRegistration' as const, userId: user.id, verified: false, challenge: options.challenge };
      putRecord(experience.state, record);
      await experience.save();
      return { verificationId: record.id, registrationOptions: options as unknown as Record<string, unknown> };
    },
  );

  app.post(
    '/api/experience/verification/web-authn/registration/verify',
    { schema: { body: Type.Object({ verificationId, payload: WebAuthnPayloadSchema }, closed), response: { 200: VerificationIdResponse } } },
    async (request) => {
      const { experience, user } = await identifiedUser(deps, request);
      const record = findRecord(experience.state, request.body.verificationId, ['WebAuthnRegistration']);
      if (record.userId !== user.id) throw new RequestError('session.verification_session_not_found');
      if (record.verified) throw new RequestError('session.mfa.pending_info_not_found');
      const agent = String(request.headers['user-agent'] ?? '');
      record.credential = await verifyRegistration(relyingPartyOf(deps.endpointOf(request.tenantId)), record.challenge, asWebAuthnResponse(request.body.payload), agent);
      record.verified = true;
      await experience.save();
      return { verificationId: record.id };
    },
  );

  app.post(
    '/api/experience/verification/web-authn/authentication',
    { schema: { response: { 200: Type.Object({ verificationId: Type.String(), authenticationOptions: Type.Record(Type.String(), Type.Unknown()) }) } } },
    async (request) => {
      const { experience, user } = await identifiedUser(deps, request, 'WebAuthn');
      const credentials = webAuthnCredentialsOf(user.mfaVerifications);
      if (credentials.length === 0) throw new RequestError('session.mfa.mfa_factor_not_enabled', { data: { factor: 'WebAuthn' } });
      const options = await authenticationOptions(relyingPartyOf(deps.endpointOf(request.tenantId)), credentials);
      const record = { id: generateId(), type: 'WebAuthnAuthentication' as const, userId: user.id, verified: false, challenge: options.challenge };
      putRecord(experience.state, record);
      await experience.save();
      return { verificationId: record.id, authenticationOptions: options as unknown as Record<string, unknown> };
    },
  );

  app.post(
    '/api/experience/verification/web-authn/authentication/verify',
    { schema: { body: Type.Object({ verificationId, payload: WebAuthnPayloadSchema }, closed), response: { 200: VerificationIdResponse } } },
    async (request) => {
      const { experience, user } = await identifiedUser(deps, request, 'WebAuthn');
      const record = findRecord(experience.state, request.body.verificationId, ['WebAuthnAuthentication']);
      if (record.userId !== user.id) throw new RequestError('session.verification_session_not_found');
      if (record.verified || !record.challenge) throw new RequestError('session.mfa.pending_info_not_found');
      const credential = webAuthnCredentialsOf(user.mfaVerifications).find(({ credentialId }) => credentialId === request.body.payload.id);
      if (!credential) throw new RequestError('session.mfa.webauthn_verification_failed');
      // The challenge is spent whatever the outcome.
      const { challenge } = record;
      record.challenge = '';
      await experience.save();
      const counter = await verifyAuthentication(relyingPartyOf(deps.endpointOf(request.tenantId)), challenge, asWebAuthnResponse(request.body.payload), credential);
      await storeWebAuthnUse(deps, request.tenantId, user, credential.id, counter);
      record.verified = true;
      await experience.save();
      return { verificationId: record.id };
    },
  );

  app.post(
    '/api/experience/verification/backup-code/generate',
    { schema: { response: { 200: Type.Object({ verificationId: Type.String(), codes: Type.Array(Type.String()) }) } } },
    async (request) => {
      const { experience, user } = await identifiedUser(deps, request, 'BackupCode');
      const codes = generateBackupCodes();
      const record = { id: generateId(), type: 'BackupCodeGeneration' as const, userId: user.id, verified: true, codeHashes: codes.map(hashBackupCode) };
      putRecord(experience.state, record);
      await experience.save();
      return { verificationId: record.id, codes };
    },
  );

  app.post(
    '/api/experience/verification/backup-code/verify',
    { schema: { body: Type.Object({ code: Type.String({ minLength: 1, maxLength: 32 }) }, closed), response: { 200: VerificationIdResponse } } },
    async (request) => {
      const { experience, user } = await identifiedUser(deps, request, 'BackupCode');
      const bound = user.mfaVerifications.find((factor): factor is Extract<MfaVerification, { type: 'BackupCode' }> => factor.type === 'BackupCode');
      if (!bound) throw new RequestError('session.mfa.mfa_factor_not_enabled', { data: { factor: 'BackupCode' } });
      await guarded(
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
      putRecord(experience.state, record);
      await experience.save();
      return { verificationId: record.id };
    },
  );

  const IdentifierTypeSchema = Type.Union([Type.Literal('email'), Type.Literal('phone'), Type.Literal('Email'), Type.Literal('Phone')]);
  const kindOf = (identifierType: string) => (identifierType.toLowerCase() === 'email' ? ('email' as const) : ('phone' as const));

  app.post(
    '/api/experience/verification/mfa-verification-code',
    { schema: { body: Type.Object({ identifierType: IdentifierTypeSchema }, closed), response: { 200: VerificationIdResponse } } },
    async (request) => {
      const kind = kindOf(request.body.identifierType);
      const { experience, user } = await identifiedUser(deps, request, kind === 'email' ? 'EmailVerificationCode' : 'PhoneVerificationCode');
      const to = kind === 'email' ? user.primaryEmail : user.primaryPhone;
      if (!to) throw new RequestError('session.mfa.mfa_factor_not_enabled', { data: { factor: kind } });
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
      putRecord(experience.state, record);
      await experience.save();
      return { verificationId: record.id };
    },
  );

  app.post(
    '/api/experience/verification/mfa-verification-code/verify',
    { schema: { body: Type.Object({ verificationId, code: Type.String({ minLength: 1, maxLength: 16 }), identifierType: IdentifierTypeSchema }, closed), response: { 200: VerificationIdResponse } } },
    async (request) => {
      const kind = kindOf(request.body.identifierType);
      const { experience, user } = await identifiedUser(deps, request, kind === 'email' ? 'EmailVerificationCode' : 'PhoneVerificationCode');
      const record = findRecord(experience.state, request.body.verificationId, [kind === 'email' ? 'MfaEmailVerificationCode' : 'MfaPhoneVerificationCode']);
      if (record.userId !== user.id) throw new RequestError('session.verification_session_not_found');
      const targets = attemptTargets(request, `user:${user.id}`);
      await sentinel.assertNotBlocked(request.tenantId, targets);
      await verifyAndConsumePasscode(db, request.tenantId, record.codeId, request.body.code, async () => {
        const { sentinelPolicy } = await findSignInExperience(db, request.tenantId);
        await sentinel.recordFailure(request.tenantId, targets, 'Mfa', sentinelPolicy);
      });
      record.verified = true;
      await experience.save();
      return { verificationId: record.id };
    },
  );
}

/** Stores a credential's new signature counter and when it was used. */
export async function storeWebAuthnUse(deps: ExperienceDeps, tenantId: string, user: User, factorId: string, counter: number): Promise<void> {
  const lastUsedAt = deps.now().toISOString();
  const next = user.mfaVerifications.map((factor) => (factor.id === factorId && factor.type === 'WebAuthn' ? { ...factor, counter, lastUsedAt } : factor));
  // Losing this race only loses a counter update; the assertion itself was verified.
  await replaceMfaVerifications(deps.db, tenantId, user.id, user.mfaVerifications, next);
}
