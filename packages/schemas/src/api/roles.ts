// Management API shapes of /api/roles and of an application's roles, as Logto's clients send and
// read them.
import { Type, type Static } from 'typebox';
import { ApplicationTypeSchema } from '../json/application.ts';
import { JsonObjectSchema } from '../json/common.ts';
import { IdentitiesSchema, UserProfileSchema } from '../json/user.ts';
import { closedObject, PathIdSchema } from './common.ts';
import { ResourceResponseSchema, ScopeResponseSchema } from './resources.ts';

export const RoleTypeSchema = Type.Union([Type.Literal('User'), Type.Literal('MachineToMachine')]);

export const RoleResponseSchema = Type.Object({
  tenantId: Type.String(),
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  type: RoleTypeSchema,
  isDefault: Type.Boolean(),
});
export type RoleResponse = Static<typeof RoleResponseSchema>;

/** GET /api/roles adds who holds each role: counts and up to three of them. */
export const RoleWithHoldersResponseSchema = Type.Object({
  ...RoleResponseSchema.properties,
  usersCount: Type.Number(),
  featuredUsers: Type.Array(
    Type.Object({ id: Type.String(), avatar: Type.Union([Type.String(), Type.Null()]), name: Type.Union([Type.String(), Type.Null()]) }),
  ),
  applicationsCount: Type.Number(),
  featuredApplications: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), type: ApplicationTypeSchema })),
});
export type RoleWithHoldersResponse = Static<typeof RoleWithHoldersResponseSchema>;

/** A scope of a role, with the resource it belongs to (GET /api/roles/:id/scopes). */
export const RoleScopeResponseSchema = Type.Object({
  ...ScopeResponseSchema.properties,
  resource: ResourceResponseSchema,
});
export type RoleScopeResponse = Static<typeof RoleScopeResponseSchema>;

/** A user holding a role, as Logto lists them (its `userInfoSelectFields`, no secrets). */
export const RoleUserResponseSchema = Type.Object({
  id: Type.String(),
  username: Type.Union([Type.String(), Type.Null()]),
  primaryEmail: Type.Union([Type.String(), Type.Null()]),
  primaryPhone: Type.Union([Type.String(), Type.Null()]),
  name: Type.Union([Type.String(), Type.Null()]),
  avatar: Type.Union([Type.String(), Type.Null()]),
  customData: JsonObjectSchema,
  identities: IdentitiesSchema,
  lastSignInAt: Type.Union([Type.Number(), Type.Null()]),
  createdAt: Type.Number(),
  updatedAt: Type.Number(),
  profile: UserProfileSchema,
  applicationId: Type.Union([Type.String(), Type.Null()]),
  isSuspended: Type.Boolean(),
});
export type RoleUserResponse = Static<typeof RoleUserResponseSchema>;

const roleName = Type.String({ minLength: 1, maxLength: 128 });
const roleDescription = Type.String({ minLength: 1, maxLength: 128 });
// Bounded so one request does bounded work; duplicates are harmless (the routes dedupe).
const idList = (minItems: number) => Type.Array(PathIdSchema, { minItems, maxItems: 100 });

export const CreateRoleBodySchema = closedObject({
  name: roleName,
  description: roleDescription,
  /** Fixed once created; `User` when left out. */
  type: Type.Optional(RoleTypeSchema),
  isDefault: Type.Optional(Type.Boolean()),
  scopeIds: Type.Optional(idList(0)),
});
export type CreateRoleBody = Static<typeof CreateRoleBodySchema>;

export const UpdateRoleBodySchema = closedObject({
  name: Type.Optional(roleName),
  description: Type.Optional(roleDescription),
  isDefault: Type.Optional(Type.Boolean()),
});
export type UpdateRoleBody = Static<typeof UpdateRoleBodySchema>;

export const RoleScopeIdsBodySchema = closedObject({ scopeIds: idList(1) });
export const RoleUserIdsBodySchema = closedObject({ userIds: idList(1) });
export const RoleApplicationIdsBodySchema = closedObject({ applicationIds: idList(1) });
/** POST and PUT /api/applications/:applicationId/roles; an empty list with PUT removes every role. */
export const ApplicationRoleIdsBodySchema = closedObject({ roleIds: idList(0) });

export const AssignApplicationRolesResponseSchema = Type.Object({
  roleIds: Type.Array(Type.String()),
  /** The roles the app did not hold before. */
  addedRoleIds: Type.Array(Type.String()),
});

export const RoleScopeParamsSchema = Type.Object({ id: PathIdSchema, scopeId: PathIdSchema });
export const RoleUserParamsSchema = Type.Object({ id: PathIdSchema, userId: PathIdSchema });
export const RoleApplicationParamsSchema = Type.Object({ id: PathIdSchema, applicationId: PathIdSchema });
export const ApplicationIdParamsSchema = Type.Object({ applicationId: PathIdSchema });
export const ApplicationRoleParamsSchema = Type.Object({ applicationId: PathIdSchema, roleId: PathIdSchema });
