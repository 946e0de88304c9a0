import { generateId, generateSecret, managementApiAccessRoleName, type Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import {
  applications,
  applicationsRoles,
  roles,
  type Application,
  type ApplicationResponse,
  type ApplicationType,
  type NewApplication,
  type ProtectedAppMetadata,
} from '@idp/schemas';
import { and, count, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Page } from '../routes/pagination.ts';
import { likePattern } from './search.ts';

export const toApplicationResponse = (application: Application): ApplicationResponse => ({
  ...application,
  createdAt: application.createdAt.getTime(),
  appLevelAccessControlEnabled: false,
});

const byId = (tenantId: string, id: string) => and(eq(applications.tenantId, tenantId), eq(applications.id, id));

export async function findApplication(db: Db, tenantId: string, id: string): Promise<Application> {
  const [row] = await db.select().from(applications).where(byId(tenantId, id));
  if (!row) throw new RequestError('entity.not_exists_with_id', { message: `The application with id \`${id}\` does not exist.`, data: { id } });
  return row;
}

export type ApplicationFilter = { types?: ApplicationType[]; isThirdParty?: boolean; search?: string };

export async function listApplications(db: Db, tenantId: string, filter: ApplicationFilter, page: Page) {
  const conditions: Array<SQL | undefined> = [eq(applications.tenantId, tenantId)];
  if (filter.types?.length) conditions.push(inArray(applications.type, filter.types));
  if (filter.isThirdParty !== undefined) conditions.push(eq(applications.isThirdParty, filter.isThirdParty));
  if (filter.search) {
    const pattern = likePattern(filter.search);
    conditions.push(or(ilike(applications.id, pattern), ilike(applications.name, pattern), ilike(applications.description, pattern)));
  }
  const where = and(...conditions);
  const [rows, [total]] = await Promise.all([
    db.select().from(applications).where(where).orderBy(desc(applications.createdAt), applications.id).limit(page.limit).offset(page.offset),
    db.select({ value: count() }).from(applications).where(where),
  ]);
  return { rows, total: total?.value ?? 0 };
}

export async function insertApplication(db: Db, values: Omit<NewApplication, 'id' | 'secret'>): Promise<Application> {
  const [row] = await db.insert(applications).values({ ...values, id: generateId(), secret: generateSecret() }).returning();
  return row!;
}

/**
 * Inserts a protected app unless its host is taken. Hosts are names under one deployment-wide domain,
 * so the check spans every tenant (it answers only "taken", never whose). A transaction-scoped
 * advisory lock on the host makes two requests for the same host take turns, on any replica.
 */
export async function insertProtectedApplication(
  db: Db,
  values: Omit<NewApplication, 'id' | 'secret' | 'protectedAppMetadata'> & { protectedAppMetadata: ProtectedAppMetadata },
): Promise<Application> {
  const { host } = values.protectedAppMetadata;
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`protected-app-host:${host}`}))`);
    const [taken] = await tx
      .select({ id: applications.id })
      .from(applications)
      .where(and(eq(applications.type, 'Protected'), sql`${applications.protectedAppMetadata}->>'host' = ${host}`))
      .limit(1);
    if (taken) throw new RequestError('application.protected_application_subdomain_exists', { data: { host } });
    const [row] = await tx.insert(applications).values({ ...values, id: generateId(), secret: generateSecret() }).returning();
    return row!;
  });
}

export async function updateApplication(db: Db, tenantId: string, id: string, values: Partial<NewApplication>): Promise<Application> {
  if (Object.keys(values).length === 0) return findApplication(db, tenantId, id);
  const [row] = await db.update(applications).set(values).where(byId(tenantId, id)).returning();
  if (!row) throw new RequestError('entity.not_exists_with_id', { data: { id } });
  return row;
}

export async function deleteApplication(db: Db, tenantId: string, id: string): Promise<void> {
  const deleted = await db.delete(applications).where(byId(tenantId, id)).returning({ id: applications.id });
  if (deleted.length === 0) throw new RequestError('entity.not_exists_with_id', { data: { id } });
}

/** Whether an app holds the role that grants the Management API (Logto's `isAdmin`). */
export async function isManagementApiAdmin(db: Db, tenantId: string, applicationId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: applicationsRoles.id })
    .from(applicationsRoles)
    .innerJoin(roles, and(eq(roles.tenantId, applicationsRoles.tenantId), eq(roles.id, applicationsRoles.roleId)))
    .where(
      and(
        eq(applicationsRoles.tenantId, tenantId),
        eq(applicationsRoles.applicationId, applicationId),
        eq(roles.name, managementApiAccessRoleName),
      ),
    )
    .limit(1);
  return Boolean(row);
}

export async function setManagementApiAdmin(db: Db, tenantId: string, applicationId: string, isAdmin: boolean): Promise<void> {
  const [role] = await db
    .select({ id: roles.id })
    .from(roles)
    .where(and(eq(roles.tenantId, tenantId), eq(roles.name, managementApiAccessRoleName)));
  if (!role) return;
  if (isAdmin) {
    await db.insert(applicationsRoles).values({ tenantId, id: generateId(), applicationId, roleId: role.id }).onConflictDoNothing();
  } else {
    await db
      .delete(applicationsRoles)
      .where(and(eq(applicationsRoles.tenantId, tenantId), eq(applicationsRoles.applicationId, applicationId), eq(applicationsRoles.roleId, role.id)));
  }
}
