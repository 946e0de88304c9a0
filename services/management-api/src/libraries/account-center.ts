// The account center settings as the API shows them: Off by default (disabled, every field Off),
// as in Logto, until an administrator changes them.
import type { Db } from '@idp/db';
import { toAccountCenter, type AccountCenter, type UpdateAccountCenterBody } from '@idp/schemas';
import { findAccountCenterValue, mergeAccountCenterValue } from '../queries/account-center.ts';

export async function getAccountCenter(db: Db, tenantId: string): Promise<AccountCenter> {
  return toAccountCenter(tenantId, await findAccountCenterValue(db, tenantId));
}

export async function updateAccountCenter(db: Db, tenantId: string, changes: UpdateAccountCenterBody): Promise<AccountCenter> {
  return toAccountCenter(tenantId, await mergeAccountCenterValue(db, tenantId, changes));
}
