// Management API shapes of /api/organizations, /api/organization-roles and /api/organization-scopes,
// and of the organizations seen from a user or an application, as Logto's clients send and read them.
import { Type, type Static } from 'typebox';
import { BrandingSchema } from '../json/sign-in-experience.ts';
import { JsonObjectSchema } from '../json/common.ts';
import { ApplicationResponseSchema } from './applications.ts';
import { closedObject, PathIdSchema } from './common.ts';
import { hexColorPattern } from './patterns.ts';
import { RoleTypeSchema, RoleUserResponseSchema } from './roles.ts';

const nullableString = (maxLength: number) => Type.Union([Type.String({ maxLength }), Type.Null()]);
const name = Type.String({ minLength: 1, maxLength: 128 });
const description = nullableString(256);

// --- Organizations ---

export const OrganizationColorSchema = closedObject({
  primaryColor: Type.Optional(Type.String({ pattern: hexColorPattern })),
  isDarkModeEnabled: Type.Optional(Type.Boolean()),
  darkPrimaryColor: Type.Optional(Type.String({ pattern: hexColorPattern })),
});

const url = Type.String({ maxLength: 2048 });
export const OrganizationBrandingSchema = closedObject({
  logoUrl: Type.Optional(url),
  darkLogoUrl: Type.Optional(url),
  favicon: Type.Optional(url),
  darkFavicon: Type.Optional(url),
});

export const OrganizationResponseSchema = Type.Object({
  tenantId: Type.String(),
  id: Type.String(),
  name: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  customData: JsonObjectSchema,
  isMfaRequired: Type.Boolean(),
  color: Type.Object({
    primaryColor: Type.Optional(Type.String()),
    isDarkModeEnabled: Type.Optional(Type.Boolean()),
    darkPrimaryColor: Type.Optional(Type.String()),
  }),
  branding: BrandingSchema,
  createdAt: Type.Number({ description: 'Milliseconds since the epoch.' }),
});
export type OrganizationResponse = Static<typeof OrganizationResponseSchema>;

/** GET /api/organizations?showFeatured=true adds how many members and the first few of them. */
export const OrganizationWithFeaturedResponseSchema = Type.Object({
  ...OrganizationResponseSchema.properties,
  usersCount: Type.Optional(Type.Number()),
  featuredUsers: Type.Optional(
    Type.Array(
      Type.Object({ id: Type.String(), avatar: Type.Union([Type.String(), Type.Null()]), name: Type.Union([Type.String(), Type.Null()]) }),
    ),
  ),
});
export type OrganizationWithFeaturedResponse = Static<typeof OrganizationWithFeaturedResponseSchema>;

export const CreateOrganizationBodySchema = closedObject({
  name,
  description: Type.Optional(description),
  customData: Type.Optional(JsonObjectSchema),
  isMfaRequired: Type.Optional(Type.Boolean()),
  color: Type.Optional(OrganizationColorSchema),
  branding: Type.Optional(OrganizationBrandingSchema),
});
export type CreateOrganizationBody = Static<typeof CreateOrganizationBodySchema>;

export const UpdateOrganizationBodySchema = closedObject({
  name: Type.Optional(name),
  description: Type.Optional(description),
  customData: Type.Optional(JsonObjectSchema),
  isMfaRequired: Type.Optional(Type.Boolean()),
  color: Type.Optional(OrganizationColorSchema),
  branding: Type.Optional(OrganizationBrandingSchema),
});
export type UpdateOrganizationBody = Static<typeof UpdateOrganizationBodySchema>;

/** Logto's `q`: a keyword matched against the listed fields. */
export const OrganizationListQuerySchema = Type.Object({
  page: Type.Optional(Type.String()),
  page_size: Type.Optional(Type.String()),
  q: Type.Optional(Type.String({ maxLength: 256 })),
  showFeatured: Type.Optional(Type.String({ maxLength: 16 })),
});

// --- The organization template: scopes and roles ---

export const OrganizationScopeResponseSchema = Type.Object({
  tenantId: Type.String(),
  id: Type.String(),
  name: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
});
export type OrganizationScopeResponse = Static<typeof OrganizationScopeResponseSchema>;

export const CreateOrganizationScopeBodySchema = closedObject({ name, description: Type.Optional(description) });
export const UpdateOrganizationScopeBodySchema = closedObject({ name: Type.Optional(name), description: Type.Optional(description) });

export const OrganizationRoleResponseSchema = Type.Object({
  tenantId: Type.String(),
  id: Type.String(),
  name: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  type: RoleTypeSchema,
});
export type OrganizationRoleResponse = Static<typeof OrganizationRoleResponseSchema>;

const idAndName = Type.Object({ id: Type.String(), name: Type.String() });

/** GET /api/organization-roles shows each role with the scopes it grants. */
export const OrganizationRoleWithScopesResponseSchema = Type.Object({
  ...OrganizationRoleResponseSchema.properties,
  scopes: Type.Array(idAndName),
  resourceScopes: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), resource: idAndName })),
});
export type OrganizationRoleWithScopesResponse = Static<typeof OrganizationRoleWithScopesResponseSchema>;

// Bounded so one request does bounded work; duplicates are harmless (the routes dedupe).
const idList = (minItems: number) => Type.Array(PathIdSchema, { minItems, maxItems: 100 });

export const CreateOrganizationRoleBodySchema = closedObject({
  name,
  description: Type.Optional(description),
  type: Type.Optional(RoleTypeSchema),
  organizationScopeIds: Type.Optional(idList(0)),
  resourceScopeIds: Type.Optional(idList(0)),
});
export type CreateOrganizationRoleBody = Static<typeof CreateOrganizationRoleBodySchema>;

export const UpdateOrganizationRoleBodySchema = closedObject({ name: Type.Optional(name), description: Type.Optional(description) });

// --- Members (users and machine-to-machine apps) and their organization roles ---

export const OrganizationRoleRefSchema = idAndName;

/** A member as GET /api/organizations/:id/users shows it: the user and the organization roles they hold. */
export const OrganizationUserResponseSchema = Type.Object({
  ...RoleUserResponseSchema.properties,
  organizationRoles: Type.Array(idAndName),
});
export type OrganizationUserResponse = Static<typeof OrganizationUserResponseSchema>;

export const OrganizationApplicationResponseSchema = Type.Object({
  ...ApplicationResponseSchema.properties,
  organizationRoles: Type.Array(idAndName),
});
export type OrganizationApplicationResponse = Static<typeof OrganizationApplicationResponseSchema>;

/** An organization seen from a member (users/:userId/organizations, applications/:id/organizations). */
export const OrganizationWithRolesResponseSchema = Type.Object({
  ...OrganizationResponseSchema.properties,
  organizationRoles: Type.Array(idAndName),
});
export type OrganizationWithRolesResponse = Static<typeof OrganizationWithRolesResponseSchema>;

export const OrganizationUserIdsBodySchema = closedObject({ userIds: idList(1) });
export const ReplaceOrganizationUserIdsBodySchema = closedObject({ userIds: idList(0) });
export const OrganizationApplicationIdsBodySchema = closedObject({ applicationIds: idList(1) });
export const ReplaceOrganizationApplicationIdsBodySchema = closedObject({ applicationIds: idList(0) });
export const OrganizationRoleIdsBodySchema = closedObject({ organizationRoleIds: idList(1) });
export const ReplaceOrganizationRoleIdsBodySchema = closedObject({ organizationRoleIds: idList(0) });
/** A member's roles (POST and PUT …/users/:userId/roles): by id, by name, or both. */
export const MemberRoleIdsOrNamesBodySchema = closedObject({
  organizationRoleIds: Type.Optional(idList(0)),
  organizationRoleNames: Type.Optional(Type.Array(name, { maxItems: 100 })),
});
export type MemberRoleIdsOrNamesBody = Static<typeof MemberRoleIdsOrNamesBodySchema>;
export const OrganizationScopeIdsBodySchema = closedObject({ organizationScopeIds: idList(1) });
export const ReplaceOrganizationScopeIdsBodySchema = closedObject({ organizationScopeIds: idList(0) });
export const ResourceScopeIdsBodySchema = closedObject({ scopeIds: idList(1) });
export const ReplaceResourceScopeIdsBodySchema = closedObject({ scopeIds: idList(0) });
export const OrganizationUsersRolesBodySchema = closedObject({ userIds: idList(1), organizationRoleIds: idList(1) });
export const OrganizationApplicationsRolesBodySchema = closedObject({ applicationIds: idList(1), organizationRoleIds: idList(1) });

export const OrganizationUserParamsSchema = Type.Object({ id: PathIdSchema, userId: PathIdSchema });
export const OrganizationUserRoleParamsSchema = Type.Object({ id: PathIdSchema, userId: PathIdSchema, organizationRoleId: PathIdSchema });
export const OrganizationApplicationParamsSchema = Type.Object({ id: PathIdSchema, applicationId: PathIdSchema });
export const OrganizationApplicationRoleParamsSchema = Type.Object({
  id: PathIdSchema,
  applicationId: PathIdSchema,
  organizationRoleId: PathIdSchema,
});
export const OrganizationRoleScopeParamsSchema = Type.Object({ id: PathIdSchema, organizationScopeId: PathIdSchema });
export const OrganizationRoleResourceScopeParamsSchema = Type.Object({ id: PathIdSchema, scopeId: PathIdSchema });
export const OrganizationJitRoleParamsSchema = Type.Object({ id: PathIdSchema, organizationRoleId: PathIdSchema });

// --- Just-in-time provisioning ---

const emailDomain = Type.String({ minLength: 1, maxLength: 128 });
export const OrganizationJitEmailDomainResponseSchema = Type.Object({
  tenantId: Type.String(),
  organizationId: Type.String(),
  emailDomain: Type.String(),
});
export const OrganizationEmailDomainBodySchema = closedObject({ emailDomain });
export const ReplaceOrganizationEmailDomainsBodySchema = closedObject({ emailDomains: Type.Array(emailDomain, { maxItems: 100 }) });
export const OrganizationEmailDomainParamsSchema = Type.Object({ id: PathIdSchema, emailDomain });
