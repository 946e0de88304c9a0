// Just-in-time organization membership, as Logto does it for email domains: a new user whose
// verified email has a domain one or more organizations list joins each of them with that
// organization's JIT (default) roles. Only on registration; users who exist already are left to
// invitations and the Management API.
import type { Db } from '@idp/db';
import { organizationJitEmailDomains, organizationJitRoles, organizationRoleUserRelations, organizationUserRelations } from '@idp/schemas';
import { sql } from 'drizzle-orm';

/** The part after the last `@`, any case, as the JIT settings store it. */
export const emailDomainOf = (email: string) => email.slice(email.lastIndexOf('@') + 1).toLowerCase();

/**
 * One statement: the organizations come off the (tenant, domain) index, the roles off each
 * organization's JIT-role key range; the memberships are in place before the roles' foreign key
 * is checked at the statement's end.
 */
export async function provisionOrganizationsByEmail(db: Db, tenantId: string, userId: string, email: string): Promise<void> {
  await db.execute(sql`
    with members as (
      insert into ${organizationUserRelations} (tenant_id, organization_id, user_id)
      select tenant_id, organization_id, ${userId} from ${organizationJitEmailDomains}
      where tenant_id = ${tenantId} and email_domain = ${emailDomainOf(email)}
      on conflict do nothing
      returning organization_id
    )
    insert into ${organizationRoleUserRelations} (tenant_id, organization_id, user_id, organization_role_id)
    select roles.tenant_id, roles.organization_id, ${userId}, roles.organization_role_id
    from ${organizationJitRoles} roles join members on members.organization_id = roles.organization_id
    where roles.tenant_id = ${tenantId}
    on conflict do nothing`);
}
