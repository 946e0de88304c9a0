// The organizations a user belongs to and the organization roles they hold in each, for the
// `organizations`, `organization_roles` and `organization_data` claims, and the scopes a member
// holds in one organization, for organization tokens. Read on every token, never cached: a
// membership or role change shows in the next token.
import type { Db } from '@idp/db';
import {
  organizationRoleUserRelations,
  organizationRoles,
  organizations,
  organizationScopes,
  organizationUserRelations,
} from '@idp/schemas';
import { and, asc, eq } from 'drizzle-orm';
import { type PreparedStatement, runPrepared } from './prepared.ts';

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

// The scopes an organization member holds through its organization roles, on every organization
// token request: named statements (see prepared.ts). No row means no membership; a member without
// roles or scopes gives one row with a null name. Each join is a primary-key lookup from the
// membership row, so the cost does not grow with how many organizations the member is in.
type Subject = 'user' | 'application';

function memberScopesStatement(subject: Subject, target: 'organization' | 'resource'): PreparedStatement {
  const column = `${subject}_id`;
  const scopeJoin =
    target === 'organization'
      ? `left join organization_role_scope_relations rs
           on rs.tenant_id = r.tenant_id and rs.organization_role_id = r.organization_role_id
         left join organization_scopes s on s.tenant_id = rs.tenant_id and s.id = rs.organization_scope_id`
      : `left join organization_role_resource_scope_relations rs
           on rs.tenant_id = r.tenant_id and rs.organization_role_id = r.organization_role_id
         left join scopes s on s.tenant_id = rs.tenant_id and s.id = rs.scope_id and s.resource_id = $4`;
  return {
    name: `oidc_organization_${target}_scopes_of_${subject}`,
    // For a user, also whether the organization requires MFA that the user has not set up. As at
    // sign-in, a verified email or phone counts as a factor where the tenant enables it as one.
    text: `select s.name, ${
      subject === 'user'
        ? `(select o.is_mfa_required and jsonb_array_length(u.mfa_verifications) = 0
             and not exists (
               select 1 from sign_in_experiences e
               where e.tenant_id = m.tenant_id
                 and ((u.primary_email is not null and e.mfa->'factors' ? 'EmailVerificationCode')
                   or (u.primary_phone is not null and e.mfa->'factors' ? 'PhoneVerificationCode')))
             from organizations o, users u
             where o.tenant_id = m.tenant_id and o.id = m.organization_id
               and u.tenant_id = m.tenant_id and u.id = m.user_id)`
        : 'false'
    } as mfa_missing
      from organization_${subject}_relations m
      left join organization_role_${subject}_relations r
        on r.tenant_id = m.tenant_id and r.organization_id = m.organization_id and r.${column} = m.${column}
      ${scopeJoin}
      where m.tenant_id = $1 and m.organization_id = $2 and m.${column} = $3`,
  };
}

const statements = {
  user: { organization: memberScopesStatement('user', 'organization'), resource: memberScopesStatement('user', 'resource') },
  application: {
    organization: memberScopesStatement('application', 'organization'),
    resource: memberScopesStatement('application', 'resource'),
  },
};

/**
 * The names of the organization scopes (or, given a resource id, of that API resource's scopes) a
 * user or M2M app holds in one organization through its organization roles; undefined when it is
 * not a member.
 */
export async function findMemberScopes(
  db: Db,
  tenantId: string,
  organizationId: string,
  member: { userId: string } | { applicationId: string },
  resourceId?: string,
): Promise<{ scopes: string[]; mfaMissing: boolean } | undefined> {
  const [subject, id] = 'userId' in member ? (['user', member.userId] as const) : (['application', member.applicationId] as const);
  const statement = statements[subject][resourceId === undefined ? 'organization' : 'resource'];
  const values = resourceId === undefined ? [tenantId, organizationId, id] : [tenantId, organizationId, id, resourceId];
  const { rows } = await runPrepared<{ name: string | null; mfa_missing: boolean | null }>(db, statement, values);
  if (rows.length === 0) return undefined;
  return {
    scopes: [...new Set(rows.flatMap(({ name }) => (name === null ? [] : [name])))],
    mfaMissing: rows[0]?.mfa_missing === true,
  };
}

/** The names of all the tenant's organization scopes: the scopes of Logto's reserved organizations resource. */
export async function findOrganizationScopeNames(db: Db, tenantId: string): Promise<string[]> {
  const rows = await db
    .select({ name: organizationScopes.name })
    .from(organizationScopes)
    .where(eq(organizationScopes.tenantId, tenantId))
    .orderBy(asc(organizationScopes.name));
  return rows.map(({ name }) => name);
}
