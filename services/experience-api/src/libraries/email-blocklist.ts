// Logto's email blocklist policy, applied where an email address joins an account: registration
// (the code sent for it, the profile it builds) and adding an email to a profile.
import type { Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import type { EmailBlocklistPolicy } from '@idp/schemas';
import { findSignInExperience } from '../queries/sign-in-experience.ts';

/**
 * Throws Logto's `session.email_blocklist.*` code when the policy refuses the address: a `+tag` in
 * the local part (blockSubaddressing), or a match of a custom item, a whole address or an
 * `@domain`, regardless of case. Disposable-domain blocking is stored but not applied yet.
 */
export function assertEmailAllowedBy(policy: EmailBlocklistPolicy, email: string): void {
  const at = email.lastIndexOf('@');
  const localPart = email.slice(0, at);
  const domain = email.slice(at + 1).toLowerCase();
  if (at < 1 || !domain) throw new RequestError('session.email_blocklist.invalid_email');
  if (policy.blockSubaddressing && localPart.includes('+')) {
    throw new RequestError('session.email_blocklist.email_subaddressing_not_allowed');
  }
  const lower = email.toLowerCase();
  const blocked = (policy.customBlocklist ?? []).some((item) => {
    const entry = item.toLowerCase();
    return entry.startsWith('@') ? domain === entry.slice(1) : lower === entry;
  });
  if (blocked) throw new RequestError('session.email_blocklist.email_not_allowed', { data: { email } });
}

/** The tenant's blocklist applied to an email address about to join an account. */
export async function assertEmailAllowed(db: Db, tenantId: string, email: string): Promise<void> {
  const { emailBlocklistPolicy } = await findSignInExperience(db, tenantId);
  assertEmailAllowedBy(emailBlocklistPolicy, email);
}

/** Before a registration code is sent: an address registration would refuse gets no code. */
export async function assertCodeTargetAllowed(
  db: Db,
  tenantId: string,
  interactionEvent: string,
  identifier: { type: string; value: string },
): Promise<void> {
  if (interactionEvent === 'Register' && identifier.type === 'email') await assertEmailAllowed(db, tenantId, identifier.value);
}
