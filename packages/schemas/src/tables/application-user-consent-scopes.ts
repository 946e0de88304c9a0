// What a (third-party) application asks its users to consent to: API resource scopes and Logto's
// user-info scopes (organization permissions: application-user-consent-organizations.ts).
import { pgTable, primaryKey, varchar } from 'drizzle-orm/pg-core';

import { applications } from './applications.ts';
import { idColumn, oneOf, tenantIdColumn, tenantReference } from './columns.ts';
import { scopes } from './scopes.ts';

export const applicationUserConsentResourceScopes = pgTable(
  'application_user_consent_resource_scopes',
  {
    tenantId: tenantIdColumn(),
    applicationId: idColumn('application_id').notNull(),
    scopeId: idColumn('scope_id').notNull(),
  },
  (t) => [
    primaryKey({ name: 'application_user_consent_resource_scopes_pkey', columns: [t.tenantId, t.applicationId, t.scopeId] }),
    tenantReference('application_user_consent_resource_scopes__application_id_fkey', [t.tenantId, t.applicationId], applications),
    tenantReference('application_user_consent_resource_scopes__scope_id_fkey', [t.tenantId, t.scopeId], scopes),
  ],
);

export const userConsentUserScopes = [
  'profile',
  'email',
  'phone',
  'address',
  'custom_data',
  'identities',
  'roles',
  'urn:logto:scope:organizations',
  'urn:logto:scope:organization_roles',
  'urn:logto:scope:sessions',
] as const;
export type UserConsentUserScope = (typeof userConsentUserScopes)[number];

export const applicationUserConsentUserScopes = pgTable(
  'application_user_consent_user_scopes',
  {
    tenantId: tenantIdColumn(),
    applicationId: idColumn('application_id').notNull(),
    userScope: varchar('user_scope', { length: 64 }).$type<UserConsentUserScope>().notNull(),
  },
  (t) => [
    primaryKey({ name: 'application_user_consent_user_scopes_pkey', columns: [t.tenantId, t.applicationId, t.userScope] }),
    tenantReference('application_user_consent_user_scopes__application_id_fkey', [t.tenantId, t.applicationId], applications),
    oneOf('application_user_consent_user_scopes__user_scope', t.userScope, userConsentUserScopes),
  ],
);
