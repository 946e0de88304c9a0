// Who holds a role, read from the role's side: its users and (machine-to-machine) apps, listed and
// featured (the first few of each) for the roles list.
import type { Db } from '@idp/db';
import { applications, applicationsRoles, users, usersRoles } from '@idp/schemas';
import { and, asc, count, desc, eq, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { findPage, type Page } from './page.ts';

/**
 * The first `limit` users and apps of each role, each row with its role's total. Two queries for any
 * number of roles: a window function numbers the holders per role and counts them.
 */
export async function findFeaturedHolders(db: Db, tenantId: string, roleIds: string[], limit: number) {
  const rankedUsers = db
    .select({
      roleId: usersRoles.roleId,
      id: users.id,
      name: users.name,
      avatar: users.avatar,
      rank: sql<number>`(row_number() over (partition by ${usersRoles.roleId} order by ${users.createdAt} desc, ${users.id}))::int`.as(
        'rank',
      ),
      total: sql<number>`(count(*) over (partition by ${usersRoles.roleId}))::int`.as('total'),
    })
    .from(usersRoles)
    .innerJoin(users, and(eq(users.tenantId, usersRoles.tenantId), eq(users.id, usersRoles.userId)))
    .where(and(eq(usersRoles.tenantId, tenantId), inArray(usersRoles.roleId, roleIds)))
    .as('ranked_users');
  const rankedApps = db
    .select({
      roleId: applicationsRoles.roleId,
      id: applications.id,
      name: applications.name,
      type: applications.type,
      rank: sql<number>`(row_number() over (partition by ${applicationsRoles.roleId} order by ${applications.createdAt} desc, ${applications.id}))::int`.as(
        'rank',
      ),
      total: sql<number>`(count(*) over (partition by ${applicationsRoles.roleId}))::int`.as('total'),
    })
    .from(applicationsRoles)
    .innerJoin(
      applications,
      and(eq(applications.tenantId, applicationsRoles.tenantId), eq(applications.id, applicationsRoles.applicationId)),
    )
    .where(and(eq(applicationsRoles.tenantId, tenantId), inArray(applicationsRoles.roleId, roleIds)))
    .as('ranked_apps');
  const [userRows, appRows] = await Promise.all([
    db.select().from(rankedUsers).where(lte(rankedUsers.rank, limit)).orderBy(asc(rankedUsers.rank)),
    db.select().from(rankedApps).where(lte(rankedApps.rank, limit)).orderBy(asc(rankedApps.rank)),
  ]);
  return { userRows, appRows };
}

export async function listRoleUsers(db: Db, tenantId: string, roleId: string, search: SQL | undefined, page: Page) {
  const conditions: Array<SQL | undefined> = [eq(usersRoles.tenantId, tenantId), eq(usersRoles.roleId, roleId)];
  if (search) conditions.push(search);
  const where = and(...conditions);
  const userJoin = and(eq(users.tenantId, usersRoles.tenantId), eq(users.id, usersRoles.userId));
  const { rows, total } = await findPage(
    db
      .select({ user: users })
      .from(usersRoles)
      .innerJoin(users, userJoin)
      .where(where)
      .orderBy(desc(users.createdAt), users.id)
      .limit(page.limit)
      .offset(page.offset),
    db.select({ value: count() }).from(usersRoles).innerJoin(users, userJoin).where(where),
  );
  return { rows: rows.map(({ user }) => user), total };
}

/** The role's machine-to-machine apps (the only kind that holds roles). */
export async function listRoleApplications(db: Db, tenantId: string, roleId: string, search: SQL | undefined, page: Page) {
  const conditions: Array<SQL | undefined> = [
    eq(applicationsRoles.tenantId, tenantId),
    eq(applicationsRoles.roleId, roleId),
    eq(applications.type, 'MachineToMachine'),
  ];
  if (search) conditions.push(search);
  const where = and(...conditions);
  const appJoin = and(eq(applications.tenantId, applicationsRoles.tenantId), eq(applications.id, applicationsRoles.applicationId));
  const { rows, total } = await findPage(
    db
      .select({ application: applications })
      .from(applicationsRoles)
      .innerJoin(applications, appJoin)
      .where(where)
      .orderBy(desc(applications.createdAt), applications.id)
      .limit(page.limit)
      .offset(page.offset),
    db.select({ value: count() }).from(applicationsRoles).innerJoin(applications, appJoin).where(where),
  );
  return { rows: rows.map(({ application }) => application), total };
}
