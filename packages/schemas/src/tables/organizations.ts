// Organizations (Logto's B2B model) and their template: the organization scopes and roles that every
// organization shares. Who belongs to an organization is in organization-relations.ts.
import { boolean, index, jsonb, pgTable, unique, varchar } from 'drizzle-orm/pg-core';

import type { JsonObject } from '../json/common.ts';
import type { Branding, Color } from '../json/sign-in-experience.ts';
import { createdAtColumn, idColumn, oneOf, tenantIdColumn } from './columns.ts';
import { roleTypes, type RoleType } from './roles.ts';

export const organizations = pgTable(
  'organizations',
  {
    tenantId: tenantIdColumn(),
    id: idColumn().primaryKey(),
    name: varchar('name', { length: 128 }).notNull(),
    description: varchar('description', { length: 256 }),
    customData: jsonb('custom_data').$type<JsonObject>().notNull().default({}),
    /** Members must have a second factor bound before they sign in (Logto's `isMfaRequired`). */
    isMfaRequired: boolean('is_mfa_required').notNull().default(false),
    /** The organization's own colors and logos on the sign-in page; empty means the tenant's. */
    color: jsonb('color').$type<Partial<Color>>().notNull().default({}),
    branding: jsonb('branding').$type<Branding>().notNull().default({}),
    createdAt: createdAtColumn(),
  },
  (t) => [
    unique('organizations__tenant_id_id').on(t.tenantId, t.id),
    // The list's order (newest first), so a page is an index range.
    index('organizations__tenant_id_created_at_id').on(t.tenantId, t.createdAt.desc(), t.id.desc()),
  ],
);

export type Organization = typeof organizations.$inferSelect;
export type NewOrganization = typeof organizations.$inferInsert;

/** The permissions of the organization template (e.g. `invite:member`). */
export const organizationScopes = pgTable(
  'organization_scopes',
  {
    tenantId: tenantIdColumn(),
    id: idColumn().primaryKey(),
    name: varchar('name', { length: 128 }).notNull(),
    description: varchar('description', { length: 256 }),
  },
  (t) => [unique('organization_scopes__tenant_id_id').on(t.tenantId, t.id), unique('organization_scopes__name').on(t.tenantId, t.name)],
);

export type OrganizationScope = typeof organizationScopes.$inferSelect;

/** The roles of the organization template; a `User` role goes to members, a `MachineToMachine` one to apps. */
export const organizationRoles = pgTable(
  'organization_roles',
  {
    tenantId: tenantIdColumn(),
    id: idColumn().primaryKey(),
    name: varchar('name', { length: 128 }).notNull(),
    description: varchar('description', { length: 256 }),
    type: varchar('type', { length: 32 }).$type<RoleType>().notNull().default('User'),
  },
  (t) => [
    unique('organization_roles__tenant_id_id').on(t.tenantId, t.id),
    unique('organization_roles__name').on(t.tenantId, t.name),
    oneOf('organization_roles__type', t.type, roleTypes),
  ],
);

export type OrganizationRole = typeof organizationRoles.$inferSelect;
