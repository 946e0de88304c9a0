import type { Db } from '@idp/db';
import { applications, organizations, organizationUserRelations, resources, scopes } from '@idp/schemas';
import { and, asc, eq, inArray } from 'drizzle-orm';

export async function findApplicationSummary(db: Db, tenantId: string, id: string) {
  const [row] = await db
    .select({ id: applications.id, name: applications.name })
    .from(applications)
    .where(and(eq(applications.tenantId, tenantId), eq(applications.id, id)));
  return row;
}

/** The resource of `indicator` with those of `names` among its scopes (id, name, description). */
export async function findResourceWithNamedScopes(db: Db, tenantId: string, indicator: string, names: string[]) {
  const [resource] = await db
    .select({ id: resources.id, name: resources.name, indicator: resources.indicator })
    .from(resources)
    .where(and(eq(resources.tenantId, tenantId), eq(resources.indicator, indicator)));
  if (!resource || names.length === 0) return undefined;
  const found = await db
    .select({ id: scopes.id, name: scopes.name, description: scopes.description })
    .from(scopes)
    .where(and(eq(scopes.tenantId, tenantId), eq(scopes.resourceId, resource.id), inArray(scopes.name, names)));
  return { resource, scopes: found.sort((a, b) => names.indexOf(a.name) - names.indexOf(b.name)) };
}

/** The user's organizations (id and name, by name) for the consent page's picker. */
export async function findOrganizationsOfUser(db: Db, tenantId: string, userId: string) {
  return db
    .select({ id: organizations.id, name: organizations.name })
    .from(organizationUserRelations)
    .innerJoin(
      organizations,
      and(eq(organizations.tenantId, organizationUserRelations.tenantId), eq(organizations.id, organizationUserRelations.organizationId)),
    )
    .where(and(eq(organizationUserRelations.tenantId, tenantId), eq(organizationUserRelations.userId, userId)))
    .orderBy(asc(organizations.name), asc(organizations.id));
}
