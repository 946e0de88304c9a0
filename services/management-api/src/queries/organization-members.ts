// The members of an organization (users and machine-to-machine apps), the organization roles they
// hold there, and the organization's just-in-time settings. A page of members is one range of the
// membership's primary key (tenant, organization, member), however many members there are.
import type { Db } from '@idp/db';
import {
  applications,
  organizationApplicationRelations,
  organizationJitEmailDomains,
  organizationJitRoles,
  organizationRoleApplicationRelations,
  organizationRoleScopeRelations,
  organizationRoleUserRelations,
  organizationRoles,
  organizationScopes,
  organizationUserRelations,
  users,
} from '@idp/schemas';
import { and, asc, count, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { createCompositeLinks } from './organization-links.ts';
import { memberRoles } from './organizations.ts';
import { findPage, type Page } from './page.ts';
import { likePattern } from './search.ts';

type OrganizationOwner = { organizationId: string };
type UserOwner = { organizationId: string; userId: string };
type ApplicationOwner = { organizationId: string; applicationId: string };

export const organizationUserLinks = createCompositeLinks<OrganizationOwner>(organizationUserRelations, ['organizationId'], 'userId');
export const organizationApplicationLinks = createCompositeLinks<OrganizationOwner>(
  organizationApplicationRelations,
  ['organizationId'],
  'applicationId',
);
export const memberRoleLinks = createCompositeLinks<UserOwner>(
  organizationRoleUserRelations,
  ['organizationId', 'userId'],
  'organizationRoleId',
);
export const applicationRoleLinks = createCompositeLinks<ApplicationOwner>(
  organizationRoleApplicationRelations,
  ['organizationId', 'applicationId'],
  'organizationRoleId',
);
export const jitRoleLinks = createCompositeLinks<OrganizationOwner>(organizationJitRoles, ['organizationId'], 'organizationRoleId');
export const jitEmailDomainLinks = createCompositeLinks<OrganizationOwner>(organizationJitEmailDomains, ['organizationId'], 'emailDomain');

/** Logto's `q` on members: a keyword in any of the user's identifiers, any case. */
const userKeyword = (q: string | undefined): SQL | undefined =>
  q
    ? or(...[users.id, users.username, users.primaryEmail, users.primaryPhone, users.name].map((column) => ilike(column, likePattern(q))))
    : undefined;

const userJoin = and(eq(users.tenantId, organizationUserRelations.tenantId), eq(users.id, organizationUserRelations.userId));

export async function listOrganizationUsers(db: Db, tenantId: string, organizationId: string, q: string | undefined, page: Page) {
  const where = and(
    eq(organizationUserRelations.tenantId, tenantId),
    eq(organizationUserRelations.organizationId, organizationId),
    userKeyword(q),
  );
  const total = q
    ? db.select({ value: count() }).from(organizationUserRelations).innerJoin(users, userJoin).where(where)
    : db.select({ value: count() }).from(organizationUserRelations).where(where);
  return findPage(
    db
      .select({
        user: users,
        organizationRoles: memberRoles(
          organizationRoleUserRelations,
          sql`${organizationUserRelations.userId}`,
          sql`${organizationUserRelations.organizationId}`,
          tenantId,
        ),
      })
      .from(organizationUserRelations)
      .innerJoin(users, userJoin)
      .where(where)
      .orderBy(asc(organizationUserRelations.userId))
      .limit(page.limit)
      .offset(page.offset),
    total,
  );
}

const applicationKeyword = (q: string | undefined): SQL | undefined =>
  q ? or(...[applications.id, applications.name, applications.description].map((column) => ilike(column, likePattern(q)))) : undefined;

const applicationJoin = and(
  eq(applications.tenantId, organizationApplicationRelations.tenantId),
  eq(applications.id, organizationApplicationRelations.applicationId),
);

export async function listOrganizationApplications(db: Db, tenantId: string, organizationId: string, q: string | undefined, page: Page) {
  const where = and(
    eq(organizationApplicationRelations.tenantId, tenantId),
    eq(organizationApplicationRelations.organizationId, organizationId),
    applicationKeyword(q),
  );
  return findPage(
    db
      .select({
        application: applications,
        organizationRoles: memberRoles(
          organizationRoleApplicationRelations,
          sql`${organizationApplicationRelations.applicationId}`,
          sql`${organizationApplicationRelations.organizationId}`,
          tenantId,
        ),
      })
      .from(organizationApplicationRelations)
      .innerJoin(applications, applicationJoin)
      .where(where)
      .orderBy(asc(organizationApplicationRelations.applicationId))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ value: count() }).from(organizationApplicationRelations).innerJoin(applications, applicationJoin).where(where),
  );
}

const roleOf = (relation: { tenantId: PgColumn; organizationRoleId: PgColumn }) =>
  and(eq(organizationRoles.tenantId, relation.tenantId), eq(organizationRoles.id, relation.organizationRoleId));

/** The organization roles a member (user or app) holds in an organization, by name. */
export async function listMemberRoles(
  db: Db,
  tenantId: string,
  organizationId: string,
  member: { userId: string } | { applicationId: string },
  page: Page,
) {
  const relation = 'userId' in member ? organizationRoleUserRelations : organizationRoleApplicationRelations;
  const where = and(
    eq(relation.tenantId, tenantId),
    eq(relation.organizationId, organizationId),
    'userId' in member
      ? eq(organizationRoleUserRelations.userId, member.userId)
      : eq(organizationRoleApplicationRelations.applicationId, member.applicationId),
  );
  return findPage(
    db
      .select({ role: organizationRoles })
      .from(relation)
      .innerJoin(organizationRoles, roleOf(relation))
      .where(where)
      .orderBy(asc(organizationRoles.name), asc(organizationRoles.id))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ value: count() }).from(relation).where(where),
  );
}

/** The organization scopes a user holds in an organization through their roles there. */
export async function findMemberScopes(db: Db, tenantId: string, organizationId: string, userId: string) {
  const rows = await db
    .selectDistinct({ scope: organizationScopes })
    .from(organizationRoleUserRelations)
    .innerJoin(
      organizationRoleScopeRelations,
      and(
        eq(organizationRoleScopeRelations.tenantId, organizationRoleUserRelations.tenantId),
        eq(organizationRoleScopeRelations.organizationRoleId, organizationRoleUserRelations.organizationRoleId),
      ),
    )
    .innerJoin(
      organizationScopes,
      and(
        eq(organizationScopes.tenantId, organizationRoleScopeRelations.tenantId),
        eq(organizationScopes.id, organizationRoleScopeRelations.organizationScopeId),
      ),
    )
    .where(
      and(
        eq(organizationRoleUserRelations.tenantId, tenantId),
        eq(organizationRoleUserRelations.organizationId, organizationId),
        eq(organizationRoleUserRelations.userId, userId),
      ),
    )
    .orderBy(asc(organizationScopes.name));
  return rows.map(({ scope }) => scope);
}

/** The roles new JIT members get. */
export async function listJitRoles(db: Db, tenantId: string, organizationId: string, page: Page | undefined) {
  const where = and(eq(organizationJitRoles.tenantId, tenantId), eq(organizationJitRoles.organizationId, organizationId));
  const rows = db
    .select({ role: organizationRoles })
    .from(organizationJitRoles)
    .innerJoin(organizationRoles, roleOf(organizationJitRoles))
    .where(where)
    .orderBy(asc(organizationRoles.name), asc(organizationRoles.id))
    .$dynamic();
  if (!page) return { rows: await rows, total: undefined };
  return findPage(rows.limit(page.limit).offset(page.offset), db.select({ value: count() }).from(organizationJitRoles).where(where));
}

export async function listJitEmailDomains(db: Db, tenantId: string, organizationId: string, page: Page) {
  const where = and(eq(organizationJitEmailDomains.tenantId, tenantId), eq(organizationJitEmailDomains.organizationId, organizationId));
  return findPage(
    db
      .select()
      .from(organizationJitEmailDomains)
      .where(where)
      .orderBy(asc(organizationJitEmailDomains.emailDomain))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ value: count() }).from(organizationJitEmailDomains).where(where),
  );
}

/** The listed applications that exist in the tenant, with their types. */
export async function findApplicationTypes(db: Db, tenantId: string, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: applications.id, type: applications.type })
    .from(applications)
    .where(and(eq(applications.tenantId, tenantId), inArray(applications.id, ids)));
}

/** Adds a JIT email domain; one already there breaks the primary key (a conflict). */
export async function insertJitEmailDomain(db: Db, tenantId: string, organizationId: string, emailDomain: string): Promise<void> {
  await db.insert(organizationJitEmailDomains).values({ tenantId, organizationId, emailDomain });
}
