// The applications table of a tenant (their secrets: application-secrets.ts; their roles: role-links.ts).
import { entityNotFound } from '@idp/errors';
import { generateId, generateSecret, managementApiAccessRoleName, type Db } from '@idp/db';
import { applications, applicationsRoles, roles, type Application, type ApplicationType, type NewApplication } from '@idp/schemas';
import { and, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { findPage, type Page } from './page.ts';
import { applicationRoleLinks } from './role-links.ts';
import { findRoleIdByName } from './roles.ts';

/** `protected_app_metadata.customDomains`, read as an empty list where it is missing. */
const customDomains = sql`coalesce(${applications.protectedAppMetadata} -> 'customDomains', '[]'::jsonb)`;

export const applicationById = (tenantId: string, id: string) => and(eq(applications.tenantId, tenantId), eq(applications.id, id));

export async function findApplication(db: Db, tenantId: string, id: string): Promise<Application> {
  const [row] = await db.select().from(applications).where(applicationById(tenantId, id));
  if (!row) throw entityNotFound('application', id);
  return row;
}

/** The listed applications that exist in the tenant, with their types. */
export async function findApplicationTypes(db: Db, tenantId: string, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: applications.id, type: applications.type })
    .from(applications)
    .where(and(eq(applications.tenantId, tenantId), inArray(applications.id, ids)));
}

export type ApplicationFilter = { types?: ApplicationType[]; isThirdParty?: boolean; search?: SQL };

export async function listApplications(db: Db, tenantId: string, filter: ApplicationFilter, page: Page) {
  const conditions: Array<SQL | undefined> = [eq(applications.tenantId, tenantId)];
  if (filter.types?.length) conditions.push(inArray(applications.type, filter.types));
  if (filter.isThirdParty !== undefined) conditions.push(eq(applications.isThirdParty, filter.isThirdParty));
  if (filter.search) {
    conditions.push(filter.search);
  }
  const where = and(...conditions);
  return findPage(
    db
      .select()
      .from(applications)
      .where(where)
      .orderBy(desc(applications.createdAt), applications.id)
      .limit(page.limit)
      .offset(page.offset),
    db.select({ value: count() }).from(applications).where(where),
  );
}

/**
 * The `secret` column of a new application: an internal secret nobody is given (as in Logto); the
 * secrets a client authenticates with are its named ones (application-secrets.ts).
 */
export const internalSecretPrefix = 'internal:';

export async function insertApplication(db: Db, values: Omit<NewApplication, 'id' | 'secret'>): Promise<Application> {
  const [row] = await db
    .insert(applications)
    .values({ ...values, id: generateId(), secret: `${internalSecretPrefix}${generateSecret()}` })
    .returning();
  return row!;
}

/**
 * Whether a protected app, in any tenant, is served at this host (as its subdomain host or, with
 * `includeCustomDomains`, as a custom domain): hosts are names under one deployment-wide domain.
 */
export async function isProtectedHostTaken(db: Db, host: string, includeCustomDomains = false): Promise<boolean> {
  const hostMatches = sql`${applications.protectedAppMetadata} ->> 'host' = ${host}`;
  const [taken] = await db
    .select({ id: applications.id })
    .from(applications)
    .where(
      and(
        eq(applications.type, 'Protected'),
        includeCustomDomains ? sql`(${hostMatches} or ${customDomains} @> ${JSON.stringify([{ domain: host }])}::jsonb)` : hostMatches,
      ),
    )
    .limit(1);
  return Boolean(taken);
}

export async function updateApplication(db: Db, tenantId: string, id: string, values: Partial<NewApplication>): Promise<Application> {
  if (Object.keys(values).length === 0) return findApplication(db, tenantId, id);
  const [row] = await db.update(applications).set(values).where(applicationById(tenantId, id)).returning();
  if (!row) throw entityNotFound('application', id);
  return row;
}

export async function deleteApplication(db: Db, tenantId: string, id: string): Promise<void> {
  const deleted = await db.delete(applications).where(applicationById(tenantId, id)).returning({ id: applications.id });
  if (deleted.length === 0) throw entityNotFound('application', id);
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
  const roleId = await findRoleIdByName(db, tenantId, managementApiAccessRoleName);
  if (roleId === undefined) return;
  if (isAdmin) await applicationRoleLinks.insert(db, tenantId, applicationId, [roleId], { ignoreExisting: true });
  else await applicationRoleLinks.delete(db, tenantId, applicationId, roleId);
}

// --- Protected apps' custom domains, in `protected_app_metadata.customDomains` ---

/** The application's row, locked until the transaction ends. */
export async function findApplicationForUpdate(db: Db, tenantId: string, id: string): Promise<Application> {
  const [row] = await db.select().from(applications).where(applicationById(tenantId, id)).for('update');
  if (!row) throw entityNotFound('application', id);
  return row;
}

export async function appendCustomDomain(db: Db, tenantId: string, id: string, entry: object): Promise<void> {
  await db
    .update(applications)
    .set({
      protectedAppMetadata: sql`jsonb_set(${applications.protectedAppMetadata}, '{customDomains}', ${customDomains} || ${JSON.stringify([entry])}::jsonb)`,
    })
    .where(applicationById(tenantId, id));
}

/** Whether the protected app had the domain to remove (filtered inside PostgreSQL: one statement, no read-modify-write). */
export async function removeCustomDomain(db: Db, tenantId: string, id: string, domain: string): Promise<boolean> {
  const [removed] = await db
    .update(applications)
    .set({
      protectedAppMetadata: sql`jsonb_set(${applications.protectedAppMetadata}, '{customDomains}', (
        select coalesce(jsonb_agg(entry order by position), '[]'::jsonb)
        from jsonb_array_elements(${customDomains}) with ordinality as entries(entry, position)
        where entry ->> 'domain' is distinct from ${domain}))`,
    })
    .where(
      and(
        applicationById(tenantId, id),
        eq(applications.type, 'Protected'),
        sql`${customDomains} @> ${JSON.stringify([{ domain }])}::jsonb`,
      ),
    )
    .returning({ id: applications.id });
  return Boolean(removed);
}
