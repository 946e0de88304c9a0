// Invitations to join an organization (Logto's organization invitations): who is invited by email,
// by whom, until when, and with which organization roles they join once the invitation is accepted.
import { sql } from 'drizzle-orm';
import { index, pgTable, primaryKey, timestamp, unique, uniqueIndex, varchar } from 'drizzle-orm/pg-core';

import { createdAtColumn, idColumn, oneOf, tenantIdColumn, tenantReference } from './columns.ts';
import { organizationRoles, organizations } from './organizations.ts';
import { users } from './users.ts';

/** Logto's statuses; `Expired` is also how a `Pending` invitation past `expiresAt` reads. */
export const organizationInvitationStatuses = ['Pending', 'Accepted', 'Expired', 'Revoked'] as const;
export type OrganizationInvitationStatus = (typeof organizationInvitationStatuses)[number];

export const organizationInvitations = pgTable(
  'organization_invitations',
  {
    tenantId: tenantIdColumn(),
    id: idColumn().primaryKey(),
    inviterId: idColumn('inviter_id'),
    /** The invitee's email address, as given. */
    invitee: varchar('invitee', { length: 256 }).notNull(),
    acceptedUserId: idColumn('accepted_user_id'),
    organizationId: idColumn('organization_id').notNull(),
    status: varchar('status', { length: 16 }).$type<OrganizationInvitationStatus>().notNull(),
    createdAt: createdAtColumn(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    unique('organization_invitations__tenant_id_id').on(t.tenantId, t.id),
    oneOf('organization_invitations__status', t.status, organizationInvitationStatuses),
    // As in Logto: one pending invitation per invitee and organization.
    uniqueIndex('organization_invitations__pending_invitee').on(t.tenantId, t.invitee, t.organizationId).where(sql`status = 'Pending'`),
    // The list's order (newest first) and its filters, each an index range.
    index('organization_invitations__tenant_id_created_at').on(t.tenantId, t.createdAt.desc(), t.id.desc()),
    index('organization_invitations__organization').on(t.tenantId, t.organizationId, t.createdAt.desc()),
    index('organization_invitations__inviter').on(t.tenantId, t.inviterId),
    index('organization_invitations__accepted_user').on(t.tenantId, t.acceptedUserId),
    tenantReference('organization_invitations__organization_fkey', [t.tenantId, t.organizationId], organizations),
    tenantReference('organization_invitations__inviter_fkey', [t.tenantId, t.inviterId], users),
    tenantReference('organization_invitations__accepted_user_fkey', [t.tenantId, t.acceptedUserId], users),
  ],
);

export type OrganizationInvitation = typeof organizationInvitations.$inferSelect;
export type NewOrganizationInvitation = typeof organizationInvitations.$inferInsert;

/** The organization roles an invitee gets on accepting. */
export const organizationInvitationRoleRelations = pgTable(
  'organization_invitation_role_relations',
  {
    tenantId: tenantIdColumn(),
    organizationInvitationId: idColumn('organization_invitation_id').notNull(),
    organizationRoleId: idColumn('organization_role_id').notNull(),
  },
  (t) => [
    primaryKey({
      name: 'organization_invitation_role_relations_pkey',
      columns: [t.tenantId, t.organizationInvitationId, t.organizationRoleId],
    }),
    index('organization_invitation_role_relations__role').on(t.tenantId, t.organizationRoleId),
    tenantReference(
      'organization_invitation_role_relations__invitation_fkey',
      [t.tenantId, t.organizationInvitationId],
      organizationInvitations,
    ),
    tenantReference('organization_invitation_role_relations__role_fkey', [t.tenantId, t.organizationRoleId], organizationRoles),
  ],
);
