// Who belongs to an organization and with which roles, what each organization role grants, and the
// organization's just-in-time provisioning. Every key starts with tenant_id, and each link is
// indexed from both ends: the members of an organization and the organizations of a user (or app)
// are each one index range, however many rows the other side has.
import { foreignKey, index, pgTable, primaryKey, varchar } from 'drizzle-orm/pg-core';

import { applications } from './applications.ts';
import { idColumn, tenantIdColumn, tenantReference } from './columns.ts';
import { organizationRoles, organizationScopes, organizations } from './organizations.ts';
import { scopes } from './scopes.ts';
import { users } from './users.ts';

/** The organization scopes an organization role grants. */
export const organizationRoleScopeRelations = pgTable(
  'organization_role_scope_relations',
  {
    tenantId: tenantIdColumn(),
    organizationRoleId: idColumn('organization_role_id').notNull(),
    organizationScopeId: idColumn('organization_scope_id').notNull(),
  },
  (t) => [
    primaryKey({ name: 'organization_role_scope_relations_pkey', columns: [t.tenantId, t.organizationRoleId, t.organizationScopeId] }),
    index('organization_role_scope_relations__scope').on(t.tenantId, t.organizationScopeId),
    tenantReference('organization_role_scope_relations__role_fkey', [t.tenantId, t.organizationRoleId], organizationRoles),
    tenantReference('organization_role_scope_relations__scope_fkey', [t.tenantId, t.organizationScopeId], organizationScopes),
  ],
);

/** The API resource scopes an organization role grants (organization-level API resources). */
export const organizationRoleResourceScopeRelations = pgTable(
  'organization_role_resource_scope_relations',
  {
    tenantId: tenantIdColumn(),
    organizationRoleId: idColumn('organization_role_id').notNull(),
    scopeId: idColumn('scope_id').notNull(),
  },
  (t) => [
    primaryKey({ name: 'organization_role_resource_scope_relations_pkey', columns: [t.tenantId, t.organizationRoleId, t.scopeId] }),
    index('organization_role_resource_scope_relations__scope').on(t.tenantId, t.scopeId),
    tenantReference('organization_role_resource_scope_relations__role_fkey', [t.tenantId, t.organizationRoleId], organizationRoles),
    tenantReference('organization_role_resource_scope_relations__scope_fkey', [t.tenantId, t.scopeId], scopes),
  ],
);

/** Members: the users of an organization. */
export const organizationUserRelations = pgTable(
  'organization_user_relations',
  {
    tenantId: tenantIdColumn(),
    organizationId: idColumn('organization_id').notNull(),
    userId: idColumn('user_id').notNull(),
  },
  (t) => [
    primaryKey({ name: 'organization_user_relations_pkey', columns: [t.tenantId, t.organizationId, t.userId] }),
    index('organization_user_relations__user').on(t.tenantId, t.userId, t.organizationId),
    tenantReference('organization_user_relations__organization_fkey', [t.tenantId, t.organizationId], organizations),
    tenantReference('organization_user_relations__user_fkey', [t.tenantId, t.userId], users),
  ],
);

/** The organization roles a member holds; a role needs the membership, and leaves with it. */
export const organizationRoleUserRelations = pgTable(
  'organization_role_user_relations',
  {
    tenantId: tenantIdColumn(),
    organizationId: idColumn('organization_id').notNull(),
    userId: idColumn('user_id').notNull(),
    organizationRoleId: idColumn('organization_role_id').notNull(),
  },
  (t) => [
    primaryKey({
      name: 'organization_role_user_relations_pkey',
      columns: [t.tenantId, t.organizationId, t.userId, t.organizationRoleId],
    }),
    index('organization_role_user_relations__role').on(t.tenantId, t.organizationRoleId),
    index('organization_role_user_relations__user').on(t.tenantId, t.userId),
    foreignKey({
      name: 'organization_role_user_relations__membership_fkey',
      columns: [t.tenantId, t.organizationId, t.userId],
      foreignColumns: [organizationUserRelations.tenantId, organizationUserRelations.organizationId, organizationUserRelations.userId],
    })
      .onDelete('cascade')
      .onUpdate('cascade'),
    tenantReference('organization_role_user_relations__role_fkey', [t.tenantId, t.organizationRoleId], organizationRoles),
  ],
);

/** Machine-to-machine applications that are members of an organization. */
export const organizationApplicationRelations = pgTable(
  'organization_application_relations',
  {
    tenantId: tenantIdColumn(),
    organizationId: idColumn('organization_id').notNull(),
    applicationId: idColumn('application_id').notNull(),
  },
  (t) => [
    primaryKey({ name: 'organization_application_relations_pkey', columns: [t.tenantId, t.organizationId, t.applicationId] }),
    index('organization_application_relations__application').on(t.tenantId, t.applicationId, t.organizationId),
    tenantReference('organization_application_relations__organization_fkey', [t.tenantId, t.organizationId], organizations),
    tenantReference('organization_application_relations__application_fkey', [t.tenantId, t.applicationId], applications),
  ],
);

/** The organization roles a member application holds. */
export const organizationRoleApplicationRelations = pgTable(
  'organization_role_application_relations',
  {
    tenantId: tenantIdColumn(),
    organizationId: idColumn('organization_id').notNull(),
    applicationId: idColumn('application_id').notNull(),
    organizationRoleId: idColumn('organization_role_id').notNull(),
  },
  (t) => [
    primaryKey({
      name: 'organization_role_application_relations_pkey',
      columns: [t.tenantId, t.organizationId, t.applicationId, t.organizationRoleId],
    }),
    index('organization_role_application_relations__role').on(t.tenantId, t.organizationRoleId),
    index('organization_role_application_relations__application').on(t.tenantId, t.applicationId),
    foreignKey({
      name: 'organization_role_application_relations__membership_fkey',
      columns: [t.tenantId, t.organizationId, t.applicationId],
      foreignColumns: [
        organizationApplicationRelations.tenantId,
        organizationApplicationRelations.organizationId,
        organizationApplicationRelations.applicationId,
      ],
    })
      .onDelete('cascade')
      .onUpdate('cascade'),
    tenantReference('organization_role_application_relations__role_fkey', [t.tenantId, t.organizationRoleId], organizationRoles),
  ],
);

/** Users whose verified email has one of these domains join the organization on sign-up. */
export const organizationJitEmailDomains = pgTable(
  'organization_jit_email_domains',
  {
    tenantId: tenantIdColumn(),
    organizationId: idColumn('organization_id').notNull(),
    emailDomain: varchar('email_domain', { length: 128 }).notNull(),
  },
  (t) => [
    primaryKey({ name: 'organization_jit_email_domains_pkey', columns: [t.tenantId, t.organizationId, t.emailDomain] }),
    // Sign-up looks organizations up by the new user's domain.
    index('organization_jit_email_domains__domain').on(t.tenantId, t.emailDomain),
    tenantReference('organization_jit_email_domains__organization_fkey', [t.tenantId, t.organizationId], organizations),
  ],
);

/** The organization roles a just-in-time member gets. */
export const organizationJitRoles = pgTable(
  'organization_jit_roles',
  {
    tenantId: tenantIdColumn(),
    organizationId: idColumn('organization_id').notNull(),
    organizationRoleId: idColumn('organization_role_id').notNull(),
  },
  (t) => [
    primaryKey({ name: 'organization_jit_roles_pkey', columns: [t.tenantId, t.organizationId, t.organizationRoleId] }),
    index('organization_jit_roles__role').on(t.tenantId, t.organizationRoleId),
    tenantReference('organization_jit_roles__organization_fkey', [t.tenantId, t.organizationId], organizations),
    tenantReference('organization_jit_roles__role_fkey', [t.tenantId, t.organizationRoleId], organizationRoles),
  ],
);
