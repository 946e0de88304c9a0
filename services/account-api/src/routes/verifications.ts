// /api/verifications: the signed-in user proves who they are (password, or a code sent to an
// address) or that they own a new address; each answer is a record id valid for 10 minutes.
import type { MessageSender } from '@idp/connectors';
import type { Db } from '@idp/db';
import {
  CreatePasswordVerificationBodySchema,
  SendVerificationCodeBodySchema,
  VerificationRecordCreatedSchema,
  VerificationRecordVerifiedSchema,
  VerifyVerificationCodeBodySchema,
} from '@idp/schemas';
import type { App } from '@idp/server-kit';
import { createPasswordRecord, sendCodeRecord, verifyCodeRecord } from '../libraries/verification.ts';

export function registerVerificationRoutes(app: App, { db, send }: { db: Db; send: MessageSender['send'] }): void {
  app.post(
    '/api/verifications/password',
    { schema: { body: CreatePasswordVerificationBodySchema, response: { 201: VerificationRecordCreatedSchema } } },
    async (request, reply) => {
      const created = await createPasswordRecord(db, request.tenantId, request.user, request.body.password);
      return reply.status(201).send(created);
    },
  );

  app.post(
    '/api/verifications/verification-code',
    { schema: { body: SendVerificationCodeBodySchema, response: { 201: VerificationRecordCreatedSchema } } },
    async (request, reply) => {
      const created = await sendCodeRecord(db, send, request.tenantId, request.user, request.body.identifier);
      return reply.status(201).send(created);
    },
  );

  app.post(
    '/api/verifications/verification-code/verify',
    { schema: { body: VerifyVerificationCodeBodySchema, response: { 200: VerificationRecordVerifiedSchema } } },
    async (request) => verifyCodeRecord(db, request.tenantId, request.account.userId, request.body),
  );
}
