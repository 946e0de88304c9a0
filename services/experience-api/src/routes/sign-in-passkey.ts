// Signing in with a passkey alone: the browser asserts a discoverable WebAuthn credential and the
// user is whoever it belongs to (the credential's user handle is the user id set at registration).
import { generateId } from '@idp/db';
import { RequestError } from '@idp/errors';
import type { App } from '@idp/server-kit';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { FastifyRequest } from 'fastify';
import {
  closedObject,
  IdentifierSchema,
  VerificationIdResponseSchema,
  WebAuthnAuthenticationResponseSchema,
  WebAuthnPayloadSchema,
} from '@idp/schemas';
import { Type } from 'typebox';
import { findRecord, loadExperience, putRecord } from '../libraries/context.ts';
import { attemptTargets, type ExperienceDeps } from '../libraries/deps.ts';
import type { VerificationRecord } from '../libraries/state.ts';
import { asWebAuthnResponse, authenticationOptions, relyingPartyOf, verifyAuthentication, webAuthnCredentialsOf } from '@idp/mfa';
import { findSignInExperience } from '../queries/sign-in-experience.ts';
import { findUserById, findUserByIdentifier } from '../queries/users.ts';
import { storeWebAuthnUse } from './mfa-web-authn.ts';

const OptionsResponse = WebAuthnAuthenticationResponseSchema;

export function registerSignInPasskeyRoutes(app: App, deps: ExperienceDeps): void {
  const { db, client } = deps;

  const assertEnabled = async (tenantId: string) => {
    const { passkeySignIn } = await findSignInExperience(db, tenantId);
    if (!passkeySignIn.enabled) throw new RequestError('session.passkey_sign_in_not_enabled');
  };

  const challenge = async (
    request: FastifyRequest,
    userId: string | undefined,
    credentials: Parameters<typeof authenticationOptions>[1],
  ) => {
    // The preflight may come before the UI started an experience: it starts a sign-in then. The
    // page may start the experience at the same time; a new record is simply added to the newer state.
    const experience = await loadExperience(client, request, 'SignIn');
    const options = await authenticationOptions(relyingPartyOf(deps.endpointOf(request.tenantId)), credentials);
    const record: VerificationRecord = {
      id: generateId(),
      type: 'SignInPasskey',
      verified: false,
      challenge: options.challenge,
      ...(userId ? { userId } : {}),
    };
    await experience.update((state) => putRecord(state, record));
    return { verificationId: record.id, authenticationOptions: options as unknown as Record<string, unknown> };
  };

  // Options for any passkey of this site: the browser offers the user's passkeys (or autofills one).
  app.post(
    '/api/experience/preflight/sign-in-passkey/authentication',
    { schema: { response: { 200: OptionsResponse } } },
    async (request) => {
      await assertEnabled(request.tenantId);
      return challenge(request, undefined, undefined);
    },
  );

  // Options limited to the passkeys of the user the identifier names. An unknown identifier gets
  // options too (with no credentials to offer), so the answer does not tell which accounts exist.
  app.post(
    '/api/experience/verification/sign-in-passkey/authentication',
    { schema: { body: closedObject({ identifier: IdentifierSchema }), response: { 200: OptionsResponse } } },
    async (request) => {
      await assertEnabled(request.tenantId);
      // Phone numbers match in their stored form (see queries/users.ts).
      const user = await findUserByIdentifier(db, request.tenantId, request.body.identifier);
      return challenge(request, user?.id, user ? webAuthnCredentialsOf(user.mfaVerifications) : []);
    },
  );

  app.post(
    '/api/experience/verification/sign-in-passkey/authentication/verify',
    {
      schema: {
        body: closedObject({ verificationId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })), payload: WebAuthnPayloadSchema }),
        response: { 200: VerificationIdResponseSchema },
      },
    },
    async (request) => {
      await assertEnabled(request.tenantId);
      const experience = await loadExperience(client, request);
      const { state } = experience;
      const id = request.body.verificationId ?? state.verificationRecords.findLast(({ type }) => type === 'SignInPasskey')?.id ?? '';
      const record = findRecord(state, id, ['SignInPasskey']);
      if (record.verified || !record.challenge) throw new RequestError('session.mfa.pending_info_not_found');
      const payload = asWebAuthnResponse<AuthenticationResponseJSON>(request.body.payload);
      const userHandle = payload.response.userHandle ? Buffer.from(payload.response.userHandle, 'base64url').toString('utf8') : undefined;
      const userId = record.userId ?? userHandle;
      if (!userId || (record.userId && userHandle && userHandle !== record.userId))
        throw new RequestError('session.mfa.webauthn_verification_failed');

      const targets = attemptTargets(request, `user:${userId}`);
      await deps.sentinel.assertNotBlocked(request.tenantId, targets);
      // The challenge is spent whatever the outcome, and by one request only: when another step
      // saved meanwhile, the newer state decides whether it is still there to spend.
      const { challenge: expected } = record;
      await experience.update((state) => {
        const current = findRecord(state, record.id, ['SignInPasskey']);
        if (current.verified || current.challenge !== expected) throw new RequestError('session.mfa.pending_info_not_found');
        current.challenge = '';
      });
      const user = await findUserById(db, request.tenantId, userId);
      const credential = user && webAuthnCredentialsOf(user.mfaVerifications).find(({ credentialId }) => credentialId === payload.id);
      if (!user || !credential) throw new RequestError('session.mfa.webauthn_verification_failed');
      const counter = await verifyAuthentication(relyingPartyOf(deps.endpointOf(request.tenantId)), expected, payload, credential);
      await storeWebAuthnUse(deps, request.tenantId, user, credential.id, counter);
      // The assertion is verified and its counter stored: a lost race re-reads and records it.
      await experience.update((state) => {
        const current = findRecord(state, record.id, ['SignInPasskey']);
        current.userId = user.id;
        current.verified = true;
      });
      return { verificationId: record.id };
    },
  );
}
