// Logto's rules for organization invitations: an invitation expires in the future, names no one
// who is a member already, and is the only pending one for its invitee and organization; only a
// pending one changes status, once (Accepted, Revoked); accepting makes the user, whose primary
// email must be the invitee, a member with the invitation's roles, in one transaction with the
// status change. With a message payload the invitation is emailed (`OrganizationInvitation`
// template) inside the transaction, so an invitation that could not be sent is not kept.
import type { MessageSender } from '@idp/connectors';
import { generateId, type Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import type {
  CreateOrganizationInvitationBody,
  InvitationMessagePayload,
  OrganizationInvitationResponse,
  UpdateOrganizationInvitationStatusBody,
} from '@idp/schemas';
import {
  endInvitation,
  expirePendingInvitations,
  findInvitation,
  insertInvitation,
  isEmailMember,
  type InvitationRow,
} from '../queries/organization-invitations.ts';
import { memberRoleLinks, organizationUserLinks } from '../queries/organization-members.ts';
import { findUser } from '../queries/users.ts';
import { assertRolesOfType, writeLinks } from './organizations.ts';

export const toInvitationResponse = (row: InvitationRow): OrganizationInvitationResponse => ({
  ...row,
  createdAt: row.createdAt.getTime(),
  updatedAt: row.updatedAt.getTime(),
  expiresAt: row.expiresAt.getTime(),
});

// Logto answers these with `request.invalid_input` and 422 (400 for a past expiry).
const invalid = (message: string, status = 422) => new RequestError('request.invalid_input', { message, status });

const endingStatuses = new Set(['Accepted', 'Expired', 'Revoked']);

export type InvitationDeps = { db: Db; sender: MessageSender };

/**
 * Emails the invitation through the tenant's email connector (501 when it has none). The whole
 * payload reaches the template, as in Logto: `{{link}}` and any extra string variable the client sent.
 */
export async function sendInvitation(sender: MessageSender, tenantId: string, invitee: string, payload: InvitationMessagePayload) {
  await sender.send(tenantId, 'Email', { to: invitee, type: 'OrganizationInvitation', code: payload.code ?? '', payload });
}

export async function createInvitation(
  { db, sender }: InvitationDeps,
  tenantId: string,
  body: CreateOrganizationInvitationBody,
): Promise<OrganizationInvitationResponse> {
  const { invitee, organizationId, expiresAt, messagePayload = false } = body;
  if (expiresAt <= Date.now()) throw invalid('The value of `expiresAt` must be in the future.', 400);
  const roleIds = [...new Set(body.organizationRoleIds ?? [])];
  await assertRolesOfType(db, tenantId, roleIds, 'User');
  if (await isEmailMember(db, tenantId, organizationId, invitee)) throw invalid('The invitee is already a member of the organization.');

  const id = generateId();
  await writeLinks(() =>
    db.transaction(async (tx) => {
      await expirePendingInvitations(tx, tenantId, invitee, organizationId);
      // A pending invitation still running breaks the one-pending index: 422 unique_integrity_violation.
      await insertInvitation(
        tx,
        { tenantId, id, inviterId: body.inviterId ?? null, invitee, organizationId, status: 'Pending', expiresAt: new Date(expiresAt) },
        roleIds,
      );
      if (messagePayload) await sendInvitation(sender, tenantId, invitee, messagePayload);
    }),
  );
  return toInvitationResponse(await findInvitation(db, tenantId, id));
}

export async function updateInvitationStatus(
  db: Db,
  tenantId: string,
  id: string,
  { status, acceptedUserId }: UpdateOrganizationInvitationStatusBody,
): Promise<OrganizationInvitationResponse> {
  const invitation = await findInvitation(db, tenantId, id);
  const notPending = () => invalid('The status of the invitation cannot be changed anymore.');
  if (endingStatuses.has(invitation.status)) throw notPending();

  if (status === 'Revoked') {
    if (!(await endInvitation(db, tenantId, id, { status }))) throw notPending();
    return toInvitationResponse(await findInvitation(db, tenantId, id));
  }

  if (!acceptedUserId) throw invalid('The `acceptedUserId` is required when accepting an invitation.');
  const user = await findUser(db, tenantId, acceptedUserId);
  if (user.primaryEmail?.toLowerCase() !== invitation.invitee.toLowerCase()) {
    throw invalid('The accepted user must have the same email as the invitee.');
  }
  const { organizationId } = invitation;
  await writeLinks(() =>
    db.transaction(async (tx) => {
      // The status change first: of two racing acceptances, only one adds the membership.
      if (!(await endInvitation(tx, tenantId, id, { status, acceptedUserId }))) throw notPending();
      await organizationUserLinks.insert(tx, tenantId, { organizationId }, [acceptedUserId]);
      await memberRoleLinks.insert(
        tx,
        tenantId,
        { organizationId, userId: acceptedUserId },
        invitation.organizationRoles.map((role) => role.id),
      );
    }),
  );
  return toInvitationResponse(await findInvitation(db, tenantId, id));
}
