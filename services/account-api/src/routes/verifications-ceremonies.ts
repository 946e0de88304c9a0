// /api/verifications/social and /web-authn/registration: records that run a ceremony in two steps
// (the provider's sign-in, a new passkey's registration) and prove what it yields for the change
// that adds it (POST /api/my-account/identities, POST …/mfa-verifications with type WebAuthn).
// Neither ever proves who the caller is in `logto-verification-id`.
import type { Db } from '@idp/db';
import { relyingPartyOf } from '@idp/mfa';
import {
  CreateSocialVerificationBodySchema,
  SocialVerificationCreatedSchema,
  VerificationRecordVerifiedSchema,
  VerifySocialVerificationBodySchema,
  VerifyWebAuthnRegistrationBodySchema,
  WebAuthnRegistrationRecordSchema,
} from '@idp/schemas';
import type { App } from '@idp/server-kit';
import type { FastifyRequest } from 'fastify';
import { createSocialRecord, verifySocialRecord, type SocialDeps } from '../libraries/social.ts';
import { createWebAuthnRecord, verifyWebAuthnRecord } from '../libraries/webauthn.ts';

export type CeremonyDeps = SocialDeps & { db: Db; endpointOf: (tenantId: string) => string };

export function registerCeremonyRoutes(app: App, deps: CeremonyDeps): void {
  // The relying party is the tenant's endpoint; apps the administrator listed may register too.
  const relyingParty = (request: FastifyRequest) =>
    relyingPartyOf(deps.endpointOf(request.tenantId), request.accountCenter.webauthnRelatedOrigins);

  app.post(
    '/api/verifications/social',
    { schema: { body: CreateSocialVerificationBodySchema, response: { 201: SocialVerificationCreatedSchema } } },
    async (request, reply) => {
      const created = await createSocialRecord(deps, request.tenantId, request.user, request.body);
      return reply.status(201).send(created);
    },
  );

  app.post(
    '/api/verifications/social/verify',
    { schema: { body: VerifySocialVerificationBodySchema, response: { 200: VerificationRecordVerifiedSchema } } },
    async (request) => verifySocialRecord(deps, request.tenantId, request.account.userId, request.body),
  );

  // 200, not 201, as Logto answers this one.
  app.post(
    '/api/verifications/web-authn/registration',
    { schema: { response: { 200: WebAuthnRegistrationRecordSchema } } },
    async (request) => createWebAuthnRecord(deps.db, request.tenantId, request.user, relyingParty(request)),
  );

  app.post(
    '/api/verifications/web-authn/registration/verify',
    { schema: { body: VerifyWebAuthnRegistrationBodySchema, response: { 200: VerificationRecordVerifiedSchema } } },
    async (request) =>
      verifyWebAuthnRecord(
        deps.db,
        request.tenantId,
        request.account.userId,
        relyingParty(request),
        request.body,
        String(request.headers['user-agent'] ?? ''),
      ),
  );
}
