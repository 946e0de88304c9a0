// OIDC clients (and SAML/protected apps) of a tenant; the oidc service reads clients from here.
import { boolean, index, jsonb, pgTable, text, unique, varchar } from 'drizzle-orm/pg-core';

import type { ApplicationType, CustomClientMetadata, OidcClientMetadata, ProtectedAppMetadata } from '../json/application.ts';
import type { JsonObject } from '../json/common.ts';
import { createdAtColumn, idColumn, oneOf, tenantIdColumn } from './columns.ts';

export const applicationTypes = [
  'Native',
  'SPA',
  'Traditional',
  'MachineToMachine',
  'Protected',
  'SAML',
] as const satisfies readonly ApplicationType[];

export const applications = pgTable(
  'applications',
  {
    tenantId: tenantIdColumn(),
    id: idColumn().primaryKey(),
    name: varchar('name', { length: 256 }).notNull(),
    /** Legacy single secret; current secrets live in application_secrets. */
    secret: varchar('secret', { length: 64 }).notNull(),
    description: text('description'),
    type: varchar('type', { length: 32 }).$type<ApplicationType>().notNull(),
    oidcClientMetadata: jsonb('oidc_client_metadata')
      .$type<OidcClientMetadata>()
      .notNull()
      .default({ redirectUris: [], postLogoutRedirectUris: [] }),
    customClientMetadata: jsonb('custom_client_metadata').$type<CustomClientMetadata>().notNull().default({}),
    protectedAppMetadata: jsonb('protected_app_metadata').$type<ProtectedAppMetadata>(),
    customData: jsonb('custom_data').$type<JsonObject>().notNull().default({}),
    isThirdParty: boolean('is_third_party').notNull().default(false),
    createdAt: createdAtColumn(),
  },
  (t) => [
    unique('applications__tenant_id_id').on(t.tenantId, t.id),
    index('applications__tenant_id_created_at').on(t.tenantId, t.createdAt),
    oneOf('applications__type', t.type, applicationTypes),
  ],
);

export type Application = typeof applications.$inferSelect;
export type NewApplication = typeof applications.$inferInsert;
