// WebAuthn as a second factor: registering a security key or platform passkey, and asserting one.
import { generateId } from '@idp/db';
import { RequestError } from '@idp/errors';
import type { App } from '@idp/server-kit';
import { Type } from 'typebox';
import {
  closedObject,
  VerificationIdResponseSchema,
  WebAuthnPayloadSchema,
  WebAuthnAuthenticationResponseSchema,
  WebAuthnRegistrationResponseSchema,
  type User,
} from '@idp/schemas';
import { findRecord, putRecord, type Experience } from '../libraries/context.ts';
import type { ExperienceDeps } from '../libraries/deps.ts';
import { identifiedUser } from '../mfa/identified-user.ts';
import {
  asWebAuthnResponse,
  authenticationOptions,
  registrationOptions,
  relyingPartyOf,
  verifyAuthentication,
  verifyRegistration,
  webAuthnCredentialsOf,
} from '@idp/mfa';
import { replaceMfaVerifications } from '../queries/users.ts';

const verificationId = Type.String({ minLength: 1, maxLength: 64 });
const accountName = (user: User) => user.username ?? user.primaryEmail ?? user.primaryPhone ?? user.id;

/** A ceremony's challenge, kept in a new unverified record that its verify step answers against. */
async function keepChallenge(
  experience: Experience,
  type: 'WebAuthnRegistration' | 'WebAuthnAuthentication',
  userId: string,
  challenge: string,
): Promise<string> {
  const id = generateId();
  await experience.update((state) => putRecord(state, { id, type, userId, verified: false, challenge }));
  return id;
}

// Challenges issued and credentials verified must not be lost to another step's save: a lost race
// re-reads and records them again, checking the newer state first (context.ts).
export function registerWebAuthnRoutes(app: App, deps: ExperienceDeps): void {
  app.post(
    '/api/experience/verification/web-authn/registration',
    { schema: { response: { 200: WebAuthnRegistrationResponseSchema } } },
    async (request) => {
      const identified = await identifiedUser(deps, request);
      // As in Logto, options are made whatever the tenant enabled; binding checks the factor.
      const { experience, user } = identified;
      const options = await registrationOptions(
        relyingPartyOf(deps.endpointOf(request.tenantId)),
        { id: user.id, name: accountName(user) },
        webAuthnCredentialsOf(user.mfaVerifications),
      );
      const id = await keepChallenge(experience, 'WebAuthnRegistration', user.id, options.challenge);
      return { verificationId: id, registrationOptions: options as unknown as Record<string, unknown> };
    },
  );

  app.post(
    '/api/experience/verification/web-authn/registration/verify',
    { schema: { body: closedObject({ verificationId, payload: WebAuthnPayloadSchema }), response: { 200: VerificationIdResponseSchema } } },
    async (request) => {
      const { experience, user } = await identifiedUser(deps, request);
      const record = findRecord(experience.state, request.body.verificationId, ['WebAuthnRegistration']);
      if (record.userId !== user.id) throw new RequestError('session.verification_session_not_found');
      if (record.verified) throw new RequestError('session.mfa.pending_info_not_found');
      const agent = String(request.headers['user-agent'] ?? '');
      const credential = await verifyRegistration(
        relyingPartyOf(deps.endpointOf(request.tenantId)),
        record.challenge,
        asWebAuthnResponse(request.body.payload),
        agent,
      );
      await experience.update((state) => {
        const current = findRecord(state, record.id, ['WebAuthnRegistration']);
        if (current.verified) throw new RequestError('session.mfa.pending_info_not_found');
        current.credential = credential;
        current.verified = true;
      });
      return { verificationId: record.id };
    },
  );

  app.post(
    '/api/experience/verification/web-authn/authentication',
    { schema: { response: { 200: WebAuthnAuthenticationResponseSchema } } },
    async (request) => {
      const { experience, user } = await identifiedUser(deps, request);
      const credentials = webAuthnCredentialsOf(user.mfaVerifications);
      if (credentials.length === 0) throw new RequestError('session.mfa.webauthn_verification_not_found');
      const options = await authenticationOptions(relyingPartyOf(deps.endpointOf(request.tenantId)), credentials);
      const id = await keepChallenge(experience, 'WebAuthnAuthentication', user.id, options.challenge);
      return { verificationId: id, authenticationOptions: options as unknown as Record<string, unknown> };
    },
  );

  app.post(
    '/api/experience/verification/web-authn/authentication/verify',
    { schema: { body: closedObject({ verificationId, payload: WebAuthnPayloadSchema }), response: { 200: VerificationIdResponseSchema } } },
    async (request) => {
      const { experience, user } = await identifiedUser(deps, request);
      const record = findRecord(experience.state, request.body.verificationId, ['WebAuthnAuthentication']);
      if (record.userId !== user.id) throw new RequestError('session.verification_session_not_found');
      if (record.verified || !record.challenge) throw new RequestError('session.mfa.pending_info_not_found');
      const credential = webAuthnCredentialsOf(user.mfaVerifications).find(({ credentialId }) => credentialId === request.body.payload.id);
      if (!credential) throw new RequestError('session.mfa.webauthn_verification_failed');
      // The challenge is spent whatever the outcome, and by one request only: when another step
      // saved meanwhile, the newer state decides whether it is still there to spend.
      const { challenge } = record;
      await experience.update((state) => {
        const current = findRecord(state, record.id, ['WebAuthnAuthentication']);
        if (current.verified || current.challenge !== challenge) throw new RequestError('session.mfa.pending_info_not_found');
        current.challenge = '';
      });
      const counter = await verifyAuthentication(
        relyingPartyOf(deps.endpointOf(request.tenantId)),
        challenge,
        asWebAuthnResponse(request.body.payload),
        credential,
      );
      await storeWebAuthnUse(deps, request.tenantId, user, credential.id, counter);
      await experience.update((state) => {
        findRecord(state, record.id, ['WebAuthnAuthentication']).verified = true;
      });
      return { verificationId: record.id };
    },
  );
}

/** Stores a credential's new signature counter and when it was used. */
export async function storeWebAuthnUse(
  deps: ExperienceDeps,
  tenantId: string,
  user: User,
  factorId: string,
  counter: number,
): Promise<void> {
  const lastUsedAt = deps.now().toISOString();
  const next = user.mfaVerifications.map((factor) =>
    factor.id === factorId && factor.type === 'WebAuthn' ? { ...factor, counter, lastUsedAt } : factor,
  );
  // Losing this race only loses a counter update; the assertion itself was verified.
  await replaceMfaVerifications(deps.db, tenantId, user.id, user.mfaVerifications, next);
}
