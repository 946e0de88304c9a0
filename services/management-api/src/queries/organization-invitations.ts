// The organization invitations of a tenant and the roles each brings. As in Logto, a `Pending`
// invitation past its `expiresAt` reads as `Expired` (computed in SQL, so a list and a filter agree
// with the clock without a background job); a write that needs the row to be pending checks the
// clock in the same statement.
import { entityNotFound } from '@idp/errors';
import type { Db } from '@idp/db';
import {
  organizationInvitationRoleRelations,
  organizationInvitations,
  organizationRoles,
  organizationUserRelations,
  users,
  type NewOrganizationInvitation,
  type OrganizationInvitationStatus,
} from '@idp/schemas';
import { and, count, desc, eq, gt, lte, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { findPage, type Page } from './page.ts';

const t = organizationInvitations;

/** The status as clients see it: a pending invitation past its time is expired. */
const effectiveStatus = sql<OrganizationInvitationStatus>`(case when ${t.status} = 'Pending' and ${t.expiresAt} <= now() then 'Expired' else ${t.status} end)`;

// Drizzle leaves columns unqualified in a one-table select; the correlated subquery needs them qualified.
const q = (table: PgTable, column: PgColumn) => sql`${table}.${sql.identifier(column.name)}`;
const r = organizationInvitationRoleRelations;
const role = organizationRoles;

const invitationRoles = sql<Array<{ id: string; name: string }>>`coalesce((
  select json_agg(json_build_object('id', ${q(role, role.id)}, 'name', ${q(role, role.name)}) order by ${q(role, role.name)})
  from ${r} join ${role} on ${q(role, role.tenantId)} = ${q(r, r.tenantId)} and ${q(role, role.id)} = ${q(r, r.organizationRoleId)}
  where ${q(r, r.tenantId)} = ${q(t, t.tenantId)} and ${q(r, r.organizationInvitationId)} = ${q(t, t.id)}
), '[]'::json)`;

const columns = {
  tenantId: t.tenantId,
  id: t.id,
  inviterId: t.inviterId,
  invitee: t.invitee,
  acceptedUserId: t.acceptedUserId,
  organizationId: t.organizationId,
  status: effectiveStatus,
  createdAt: t.createdAt,
  updatedAt: t.updatedAt,
  expiresAt: t.expiresAt,
  organizationRoles: invitationRoles,
};

export type InvitationRow = {
  tenantId: string;
  id: string;
  inviterId: string | null;
  invitee: string;
  acceptedUserId: string | null;
  organizationId: string;
  status: OrganizationInvitationStatus;
  createdAt: Date;
  updatedAt: Date;
  expiresAt: Date;
  organizationRoles: Array<{ id: string; name: string }>;
};

const byId = (tenantId: string, id: string) => and(eq(t.tenantId, tenantId), eq(t.id, id));

export async function findInvitation(db: Db, tenantId: string, id: string): Promise<InvitationRow> {
  const [row] = await db.select(columns).from(t).where(byId(tenantId, id));
  if (!row) throw entityNotFound('organization invitation', id);
  return row;
}

export type InvitationFilters = { organizationId?: string; inviterId?: string; invitee?: string };

export async function listInvitations(db: Db, tenantId: string, filters: InvitationFilters, page: Page | undefined) {
  const where = and(
    eq(t.tenantId, tenantId),
    filters.organizationId === undefined ? undefined : eq(t.organizationId, filters.organizationId),
    filters.inviterId === undefined ? undefined : eq(t.inviterId, filters.inviterId),
    filters.invitee === undefined ? undefined : eq(t.invitee, filters.invitee),
  );
  const rows = db.select(columns).from(t).where(where).orderBy(desc(t.createdAt), desc(t.id)).$dynamic();
  if (!page) return { rows: (await rows) as InvitationRow[], total: undefined };
  return findPage(
    rows.limit(page.limit).offset(page.offset) as PromiseLike<InvitationRow[]>,
    db.select({ value: count() }).from(t).where(where),
  );
}

/**
 * Marks the invitee's pending invitations to the organization that are past their time as
 * `Expired`, so the one-pending-invitation index leaves room for a new one (as Logto does).
 */
export async function expirePendingInvitations(db: Db, tenantId: string, invitee: string, organizationId: string): Promise<void> {
  await db
    .update(t)
    .set({ status: 'Expired', updatedAt: new Date() })
    .where(
      and(
        eq(t.tenantId, tenantId),
        eq(t.invitee, invitee),
        eq(t.organizationId, organizationId),
        eq(t.status, 'Pending'),
        lte(t.expiresAt, sql`now()`),
      ),
    );
}

export async function insertInvitation(db: Db, values: NewOrganizationInvitation, roleIds: string[]): Promise<void> {
  await db.insert(t).values(values);
  if (roleIds.length === 0) return;
  await db
    .insert(organizationInvitationRoleRelations)
    .values(roleIds.map((organizationRoleId) => ({ tenantId: values.tenantId, organizationInvitationId: values.id!, organizationRoleId })));
}

/** Ends a pending, unexpired invitation; false when it is no longer pending (a racing change). */
export async function endInvitation(
  db: Db,
  tenantId: string,
  id: string,
  values: { status: 'Accepted' | 'Revoked'; acceptedUserId?: string },
): Promise<boolean> {
  const pending: SQL = and(byId(tenantId, id), eq(t.status, 'Pending'), gt(t.expiresAt, sql`now()`))!;
  const updated = await db
    .update(t)
    .set({ ...values, updatedAt: new Date() })
    .where(pending)
    .returning({ id: t.id });
  return updated.length > 0;
}

export async function deleteInvitation(db: Db, tenantId: string, id: string): Promise<void> {
  const deleted = await db.delete(t).where(byId(tenantId, id)).returning({ id: t.id });
  if (deleted.length === 0) throw entityNotFound('organization invitation', id);
}

/** Whether a user with this primary email (any case) is a member of the organization already. */
export async function isEmailMember(db: Db, tenantId: string, organizationId: string, email: string): Promise<boolean> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .innerJoin(
      organizationUserRelations,
      and(
        eq(organizationUserRelations.tenantId, users.tenantId),
        eq(organizationUserRelations.organizationId, organizationId),
        eq(organizationUserRelations.userId, users.id),
      ),
    )
    .where(and(eq(users.tenantId, tenantId), sql`lower(${users.primaryEmail}) = lower(${email})`))
    .limit(1);
  return row !== undefined;
}
