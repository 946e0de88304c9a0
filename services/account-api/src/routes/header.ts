import { verificationRecordIdHeader } from '@idp/schemas';
import type { FastifyRequest } from 'fastify';

/** The `logto-verification-id` header's value, if sent once. */
export function verificationIdOf(request: FastifyRequest): string | undefined {
  const value = request.headers[verificationRecordIdHeader];
  return typeof value === 'string' && value.length > 0 && value.length <= 21 ? value : undefined;
}

/** Logto's codes for the users table's unique constraints (two writers racing for one identifier). */
export const userConstraintCodes = {
  users__username: 'user.username_already_in_use',
  users__primary_email: 'user.email_already_in_use',
  users__primary_phone: 'user.phone_already_in_use',
} as const;
