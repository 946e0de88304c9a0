// What the user decides about second factors during the interaction: bind a verified factor, skip
// setting one up (where the policy allows), or bind a passkey. Stored with the user on submit.
import { RequestError } from '@idp/errors';
import type { App } from '@idp/server-kit';
import type { FastifyRequest } from 'fastify';
import { closedObject } from '@idp/schemas';
import { Type } from 'typebox';
import { findRecord } from '../libraries/context.ts';
import type { ExperienceDeps } from '../libraries/deps.ts';
import { withOrganizationMfa } from '../libraries/organization-mfa.ts';
import type { PendingMfa } from '../libraries/state.ts';
import { isSkippable } from '../mfa/policy.ts';
import { findSignInExperience } from '../queries/sign-in-experience.ts';
import { assertFactorEnabled, assertMayBind, identifiedUser, type IdentifiedUser } from '../mfa/identified-user.ts';

const verificationId = Type.String({ minLength: 1, maxLength: 64 });

/**
 * What every choice here needs, as in Logto: not a password reset (400), and the user's existing
 * factors answered first (403 `session.mfa.require_mfa_verification`).
 */
const assertVerifiedInteraction = (identified: IdentifiedUser): void => {
  if (identified.experience.state.interactionEvent === 'ForgotPassword') {
    throw new RequestError('session.not_supported_for_forgot_password', { status: 400 });
  }
  assertMayBind(identified);
};

const pendingOf = (identified: IdentifiedUser): PendingMfa => {
  identified.experience.state.mfa ??= { webAuthn: [] };
  return identified.experience.state.mfa;
};

// These steps decide on the state alone (which factors are verified or pending) and do nothing
// elsewhere, so a save that lost a race goes to the client as 409 and the step can be sent again.
export function registerMfaProfileRoutes(app: App, deps: ExperienceDeps): void {
  app.post(
    '/api/experience/profile/mfa',
    {
      schema: {
        body: closedObject({
          type: Type.Union([Type.Literal('Totp'), Type.Literal('WebAuthn'), Type.Literal('BackupCode')]),
          verificationId,
        }),
      },
    },
    async (request, reply) => {
      const { type } = request.body;
      const identified = await identifiedUser(deps, request);
      assertVerifiedInteraction(identified);
      const { experience, user } = identified;
      const pending = pendingOf(identified);
      // Checked after the record is found and verified, as Logto does; a WebAuthn credential may
      // also be bound when passkey sign-in is on, whatever the factors.
      const assertEnabled = async () => {
        if (type === 'WebAuthn' && (await findSignInExperience(deps.db, request.tenantId)).passkeySignIn.enabled) return;
        assertFactorEnabled(identified, type);
      };
      const mine = (record: { userId: string; verified: boolean }) => {
        if (record.userId !== user.id) throw new RequestError('session.verification_session_not_found');
        if (!record.verified) throw new RequestError('session.verification_failed');
      };
      if (type === 'Totp') {
        const record = findRecord(experience.state, request.body.verificationId, ['TotpBinding']);
        mine(record);
        await assertEnabled();
        if (user.mfaVerifications.some((factor) => factor.type === 'Totp')) throw new RequestError('user.totp_already_in_use');
        pending.totp = { sealedSecret: record.sealedSecret, ...(record.step === undefined ? {} : { step: record.step }) };
      } else if (type === 'WebAuthn') {
        const record = findRecord(experience.state, request.body.verificationId, ['WebAuthnRegistration']);
        mine(record);
        if (!record.credential) throw new RequestError('session.mfa.pending_info_not_found');
        await assertEnabled();
        const { credentialId } = record.credential;
        if (!pending.webAuthn.some((credential) => credential.credentialId === credentialId)) pending.webAuthn.push(record.credential);
      } else {
        const record = findRecord(experience.state, request.body.verificationId, ['BackupCodeGeneration']);
        mine(record);
        await assertEnabled();
        const hasOtherFactor =
          user.mfaVerifications.some((factor) => factor.type !== 'BackupCode') || pending.totp || pending.webAuthn.length > 0;
        if (!hasOtherFactor) throw new RequestError('session.mfa.backup_code_can_not_be_alone');
        pending.backupCodeHashes = record.codeHashes;
      }
      await experience.save();
      return reply.status(204).send();
    },
  );

  /** A choice stored as a flag on the interaction (and on the user, at submit). */
  const flag = (
    path: string,
    key: 'skipped' | 'enabled' | 'suggestionSkipped' | 'passkeySkipped',
    check?: (request: FastifyRequest, identified: IdentifiedUser) => Promise<void>,
  ) =>
    app.post(`/api/experience/profile/mfa/${path}`, async (request, reply) => {
      const identified = await identifiedUser(deps, request);
      assertVerifiedInteraction(identified);
      await check?.(request, identified);
      pendingOf(identified)[key] = true;
      await identified.experience.save();
      return reply.status(204).send();
    });

  flag('mfa-skipped', 'skipped', async (request, { experience, user }) => {
    // An organization requiring MFA makes it as unskippable as the Mandatory policy.
    const mfa = await withOrganizationMfa(deps.db, request.tenantId, user, (await findSignInExperience(deps.db, request.tenantId)).mfa);
    if (!isSkippable(mfa, experience.state.interactionEvent)) throw new RequestError('session.mfa.mfa_policy_not_user_controlled');
  });
  flag('mfa-enabled', 'enabled');
  flag('mfa-suggestion-skipped', 'suggestionSkipped');
  flag('passkey-skipped', 'passkeySkipped');

  // A verified WebAuthn registration kept as a passkey for signing in, whether or not WebAuthn is
  // one of the tenant's second factors.
  app.post('/api/experience/profile/mfa/passkey', { schema: { body: closedObject({ verificationId }) } }, async (request, reply) => {
    const { passkeySignIn } = await findSignInExperience(deps.db, request.tenantId);
    if (!passkeySignIn.enabled) throw new RequestError('session.passkey_sign_in_not_enabled');
    const identified = await identifiedUser(deps, request);
    assertVerifiedInteraction(identified);
    const record = findRecord(identified.experience.state, request.body.verificationId, ['WebAuthnRegistration']);
    if (record.userId !== identified.user.id) throw new RequestError('session.verification_session_not_found');
    if (!record.verified || !record.credential) throw new RequestError('session.verification_failed');
    const pending = pendingOf(identified);
    const { credentialId } = record.credential;
    if (!pending.webAuthn.some((credential) => credential.credentialId === credentialId)) pending.webAuthn.push(record.credential);
    await identified.experience.save();
    return reply.status(204).send();
  });
}
