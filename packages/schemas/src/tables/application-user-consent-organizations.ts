// Third-party applications and organizations: which organization permissions such an app may ask
// its users for, and which of their organizations each user let it into on the consent page.
// First-party apps need none of this: they reach every organization their user belongs to.
import { foreignKey, index, pgTable, primaryKey } from 'drizzle-orm/pg-core';

import { applications } from './applications.ts';
import { idColumn, tenantIdColumn, tenantReference } from './columns.ts';
import { organizationUserRelations } from './organization-relations.ts';
import { organizationScopes } from './organizations.ts';
import { scopes } from './scopes.ts';

export const applicationUserConsentOrganizationScopes = pgTable(
  'application_user_consent_organization_scopes',
  {
    tenantId: tenantIdColumn(),
    applicationId: idColumn('application_id').notNull(),
    organizationScopeId: idColumn('organization_scope_id').notNull(),
  },
  (t) => [
    primaryKey({
      name: 'application_user_consent_organization_scopes_pkey',
      columns: [t.tenantId, t.applicationId, t.organizationScopeId],
    }),
    tenantReference('application_user_consent_organization_scopes__application_fkey', [t.tenantId, t.applicationId], applications),
    tenantReference('application_user_consent_organization_scopes__scope_fkey', [t.tenantId, t.organizationScopeId], organizationScopes),
  ],
);

/** API resource scopes the app may ask for at organization level (a resource + organization_id). */
export const applicationUserConsentOrganizationResourceScopes = pgTable(
  'application_user_consent_organization_resource_scopes',
  {
    tenantId: tenantIdColumn(),
    applicationId: idColumn('application_id').notNull(),
    scopeId: idColumn('scope_id').notNull(),
  },
  (t) => [
    primaryKey({
      name: 'application_user_consent_organization_resource_scopes_pkey',
      columns: [t.tenantId, t.applicationId, t.scopeId],
    }),
    tenantReference('application_user_consent_organization_resource_scopes__application_fkey', [t.tenantId, t.applicationId], applications),
    tenantReference('application_user_consent_organization_resource_scopes__scope_fkey', [t.tenantId, t.scopeId], scopes),
  ],
);

/**
 * The organizations a user granted a third-party app. The grant hangs off the membership, so a
 * member who leaves (or is removed) takes the app's access to that organization with them.
 */
export const applicationUserConsentOrganizations = pgTable(
  'application_user_consent_organizations',
  {
    tenantId: tenantIdColumn(),
    applicationId: idColumn('application_id').notNull(),
    userId: idColumn('user_id').notNull(),
    organizationId: idColumn('organization_id').notNull(),
  },
  (t) => [
    primaryKey({
      name: 'application_user_consent_organizations_pkey',
      columns: [t.tenantId, t.applicationId, t.userId, t.organizationId],
    }),
    index('application_user_consent_organizations__membership').on(t.tenantId, t.organizationId, t.userId),
    tenantReference('application_user_consent_organizations__application_fkey', [t.tenantId, t.applicationId], applications),
    foreignKey({
      name: 'application_user_consent_organizations__membership_fkey',
      columns: [t.tenantId, t.organizationId, t.userId],
      foreignColumns: [organizationUserRelations.tenantId, organizationUserRelations.organizationId, organizationUserRelations.userId],
    })
      .onDelete('cascade')
      .onUpdate('cascade'),
  ],
);
