// Reads that show what only the account's owner should see (sessions, authorized apps, backup
// codes) ask for proof of identity as Logto does, but only look at it: the record stays usable
// for the change the user makes next. Writes spend it (verification.ts).
import type { Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import { hasUsableRecord } from '../queries/verification-records.ts';

/** 401 `verification_record.permission_denied` unless the record proves this user's identity. */
export async function checkIdentityProof(db: Db, tenantId: string, userId: string, recordId: string | undefined): Promise<void> {
  if (!recordId || !(await hasUsableRecord(db, tenantId, userId, recordId, userId))) {
    throw new RequestError('verification_record.permission_denied');
  }
}
