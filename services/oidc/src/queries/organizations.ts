// The organizations a user belongs to and the organization roles they hold in each, for the
// `organizations`, `organization_roles` and `organization_data` claims. Read on every token, never
// cached: a membership or role change shows in the next token.
import type { Db } from '@idp/db';
import {
  organizationApplicationRelations,
  organizationRoleApplicationRelations,
  organizationRoleScopeRelations,
  organizationRoleUserRelations,
  organizationRoles,
  organizationScopes,
  organizations,
  organizationUserRelations,
} from '@idp/schemas';
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

/**
 * The names of the organization scopes a user holds in one organization through their organization
 * roles, or undefined when the user is not a member. One query, each join a primary-key lookup from
 * the membership row, so its cost does not depend on how many organizations the user is in.
 */
export async function findOrganizationScopesOfUser(
  db: Db,
  tenantId: string,
  organizationId: string,
  userId: string,
): Promise<string[] | undefined> {
  const rows = await db
    .select({ name: organizationScopes.name })
    .from(organizationUserRelations)
    .leftJoin(
      organizationRoleUserRelations,
      and(
        eq(organizationRoleUserRelations.tenantId, organizationUserRelations.tenantId),
        eq(organizationRoleUserRelations.organizationId, organizationUserRelations.organizationId),
        eq(organizationRoleUserRelations.userId, organizationUserRelations.userId),
      ),
    )
    .leftJoin(
      organizationRoleScopeRelations,
      and(
        eq(organizationRoleScopeRelations.tenantId, organizationRoleUserRelations.tenantId),
        eq(organizationRoleScopeRelations.organizationRoleId, organizationRoleUserRelations.organizationRoleId),
      ),
    )
    .leftJoin(
      organizationScopes,
      and(
        eq(organizationScopes.tenantId, organizationRoleScopeRelations.tenantId),
        eq(organizationScopes.id, organizationRoleScopeRelations.organizationScopeId),
      ),
    )
    .where(
      and(
        eq(organizationUserRelations.tenantId, tenantId),
        eq(organizationUserRelations.organizationId, organizationId),
        eq(organizationUserRelations.userId, userId),
      ),
    );
  return rows.length === 0 ? undefined : namesOf(rows);
}

/** The same for a machine-to-machine application that is a member of the organization. */
export async function findOrganizationScopesOfApplication(
  db: Db,
  tenantId: string,
  organizationId: string,
  applicationId: string,
): Promise<string[] | undefined> {
  const rows = await db
    .select({ name: organizationScopes.name })
    .from(organizationApplicationRelations)
    .leftJoin(
      organizationRoleApplicationRelations,
      and(
        eq(organizationRoleApplicationRelations.tenantId, organizationApplicationRelations.tenantId),
        eq(organizationRoleApplicationRelations.organizationId, organizationApplicationRelations.organizationId),
        eq(organizationRoleApplicationRelations.applicationId, organizationApplicationRelations.applicationId),
      ),
    )
    .leftJoin(
      organizationRoleScopeRelations,
      and(
        eq(organizationRoleScopeRelations.tenantId, organizationRoleApplicationRelations.tenantId),
        eq(organizationRoleScopeRelations.organizationRoleId, organizationRoleApplicationRelations.organizationRoleId),
      ),
    )
    .leftJoin(
      organizationScopes,
      and(
        eq(organizationScopes.tenantId, organizationRoleScopeRelations.tenantId),
        eq(organizationScopes.id, organizationRoleScopeRelations.organizationScopeId),
      ),
    )
    .where(
      and(
        eq(organizationApplicationRelations.tenantId, tenantId),
        eq(organizationApplicationRelations.organizationId, organizationId),
        eq(organizationApplicationRelations.applicationId, applicationId),
      ),
    );
  return rows.length === 0 ? undefined : namesOf(rows);
}

const namesOf = (rows: Array<{ name: string | null }>) => [...new Set(rows.flatMap(({ name }) => (name === null ? [] : [name])))];
