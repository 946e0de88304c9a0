// The organizations table of a tenant, and the organizations a user or an application belongs to.
// Members and their roles are in organization-members.ts.
import { entityNotFound } from '@idp/errors';
import type { Db } from '@idp/db';
import {
  organizationApplicationRelations,
  organizationRoleApplicationRelations,
  organizationRoleUserRelations,
  organizationRoles,
  organizations,
  organizationUserRelations,
  users,
  type NewOrganization,
  type Organization,
} from '@idp/schemas';
import { and, asc, count, desc, eq, ilike, inArray, lte, or, sql, type SQL } from 'drizzle-orm';
import { findPage, type Page } from './page.ts';
import { likePattern } from './search.ts';

const byId = (tenantId: string, id: string) => and(eq(organizations.tenantId, tenantId), eq(organizations.id, id));

export async function findOrganization(db: Db, tenantId: string, id: string): Promise<Organization> {
  const [row] = await db.select().from(organizations).where(byId(tenantId, id));
  if (!row) throw entityNotFound('organization', id);
  return row;
}

/** Logto's `q` on organizations: a keyword in the id or the name, any case. */
export const organizationKeyword = (q: string | undefined): SQL | undefined =>
  q ? or(ilike(organizations.id, likePattern(q)), ilike(organizations.name, likePattern(q))) : undefined;

export async function listOrganizations(db: Db, tenantId: string, q: string | undefined, page: Page) {
  const where = and(eq(organizations.tenantId, tenantId), organizationKeyword(q));
  return findPage(
    db
      .select()
      .from(organizations)
      .where(where)
      .orderBy(desc(organizations.createdAt), desc(organizations.id))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ value: count() }).from(organizations).where(where),
  );
}

export async function insertOrganization(db: Db, values: NewOrganization): Promise<Organization> {
  const [row] = await db.insert(organizations).values(values).returning();
  return row!;
}

export async function updateOrganization(
  db: Db,
  tenantId: string,
  id: string,
  values: Partial<Omit<NewOrganization, 'tenantId' | 'id' | 'createdAt'>>,
): Promise<Organization> {
  if (Object.keys(values).length === 0) return findOrganization(db, tenantId, id);
  const [row] = await db.update(organizations).set(values).where(byId(tenantId, id)).returning();
  if (!row) throw entityNotFound('organization', id);
  return row;
}

export async function deleteOrganization(db: Db, tenantId: string, id: string): Promise<void> {
  // Members, their roles and the JIT settings go with it (foreign keys cascade).
  const deleted = await db.delete(organizations).where(byId(tenantId, id)).returning({ id: organizations.id });
  if (deleted.length === 0) throw entityNotFound('organization', id);
}

/**
 * How many members each listed organization has and its first `limit` members, in one query for
 * any number of organizations: a window function numbers and counts the members per organization.
 */
export async function findFeaturedMembers(db: Db, tenantId: string, organizationIds: string[], limit: number) {
  if (organizationIds.length === 0) return [];
  const ranked = db
    .select({
      organizationId: organizationUserRelations.organizationId,
      id: users.id,
      name: users.name,
      avatar: users.avatar,
      rank: sql<number>`(row_number() over (partition by ${organizationUserRelations.organizationId} order by ${users.id}))::int`.as(
        'rank',
      ),
      total: sql<number>`(count(*) over (partition by ${organizationUserRelations.organizationId}))::int`.as('total'),
    })
    .from(organizationUserRelations)
    .innerJoin(users, and(eq(users.tenantId, organizationUserRelations.tenantId), eq(users.id, organizationUserRelations.userId)))
    .where(and(eq(organizationUserRelations.tenantId, tenantId), inArray(organizationUserRelations.organizationId, organizationIds)))
    .as('ranked_members');
  return db.select().from(ranked).where(lte(ranked.rank, limit)).orderBy(asc(ranked.rank));
}

type RoleRef = { id: string; name: string };

/** The organization roles a member holds there, as `[{ id, name }]`, computed per row in SQL. */
const memberRoles = (
  relation: typeof organizationRoleUserRelations | typeof organizationRoleApplicationRelations,
  memberColumn: SQL,
  organizationColumn: SQL,
  tenantId: string,
) => {
  const member = 'userId' in relation ? relation.userId : relation.applicationId;
  return sql<RoleRef[]>`coalesce((
    select json_agg(json_build_object('id', ${organizationRoles.id}, 'name', ${organizationRoles.name}) order by ${organizationRoles.name})
    from ${relation} join ${organizationRoles}
      on ${organizationRoles.tenantId} = ${relation.tenantId} and ${organizationRoles.id} = ${relation.organizationRoleId}
    where ${relation.tenantId} = ${tenantId} and ${relation.organizationId} = ${organizationColumn} and ${member} = ${memberColumn}
  ), '[]'::json)`;
};
export { memberRoles };

/**
 * The organizations a user (or an app) belongs to, with the roles held in each. The membership
 * index from the member's side (tenant, member, organization) makes a page one index range, however
 * many organizations the member is in.
 */
export async function listMemberOrganizations(
  db: Db,
  tenantId: string,
  member: { userId: string } | { applicationId: string },
  page: Page | undefined,
) {
  const isUser = 'userId' in member;
  const relation = isUser ? organizationUserRelations : organizationApplicationRelations;
  const memberColumn = isUser ? organizationUserRelations.userId : organizationApplicationRelations.applicationId;
  const memberId = isUser ? member.userId : member.applicationId;
  const roleRelation = isUser ? organizationRoleUserRelations : organizationRoleApplicationRelations;
  const where = and(eq(relation.tenantId, tenantId), eq(memberColumn, memberId));
  const rows = db
    .select({
      organization: organizations,
      organizationRoles: memberRoles(roleRelation, sql`${memberColumn}`, sql`${relation.organizationId}`, tenantId),
    })
    .from(relation)
    .innerJoin(organizations, and(eq(organizations.tenantId, relation.tenantId), eq(organizations.id, relation.organizationId)))
    .where(where)
    .orderBy(asc(relation.organizationId))
    .$dynamic();
  if (!page) return { rows: await rows, total: undefined };
  return findPage(rows.limit(page.limit).offset(page.offset), db.select({ value: count() }).from(relation).where(where));
}
