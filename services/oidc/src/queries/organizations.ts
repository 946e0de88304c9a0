// The organizations a user belongs to and the organization roles they hold in each, for the
// `organizations`, `organization_roles` and `organization_data` claims. Read on every token, never
// cached: a membership or role change shows in the next token.
import type { Db } from '@idp/db';
import { organizationRoleUserRelations, organizationRoles, organizations, organizationUserRelations } from '@idp/schemas';
import { and, asc, eq } from 'drizzle-orm';

export type UserOrganization = { id: string; name: string; description: string | null; roleNames: string[] };

/** One query through the member's index (tenant, user, organization), however many organizations. */
export async function findOrganizationsOfUser(db: Db, tenantId: string, userId: string): Promise<UserOrganization[]> {
  const rows = await db
    .select({ id: organizations.id, name: organizations.name, description: organizations.description, roleName: organizationRoles.name })
    .from(organizationUserRelations)
    .innerJoin(
      organizations,
      and(eq(organizations.tenantId, organizationUserRelations.tenantId), eq(organizations.id, organizationUserRelations.organizationId)),
    )
    .leftJoin(
      organizationRoleUserRelations,
      and(
        eq(organizationRoleUserRelations.tenantId, organizationUserRelations.tenantId),
        eq(organizationRoleUserRelations.organizationId, organizationUserRelations.organizationId),
        eq(organizationRoleUserRelations.userId, organizationUserRelations.userId),
      ),
    )
    .leftJoin(
      organizationRoles,
      and(
        eq(organizationRoles.tenantId, organizationRoleUserRelations.tenantId),
        eq(organizationRoles.id, organizationRoleUserRelations.organizationRoleId),
      ),
    )
    .where(and(eq(organizationUserRelations.tenantId, tenantId), eq(organizationUserRelations.userId, userId)))
    .orderBy(asc(organizationUserRelations.organizationId), asc(organizationRoles.name));
  const byId = new Map<string, UserOrganization>();
  for (const { id, name, description, roleName } of rows) {
    const organization = byId.get(id) ?? { id, name, description, roleNames: [] };
    if (roleName !== null) organization.roleNames.push(roleName);
    byId.set(id, organization);
  }
  return [...byId.values()];
}
