// Management API shapes of /api/resources and their scopes (permissions), as Logto's clients send
// and read them.
import { Type, type Static } from 'typebox';
import { closedObject, PathIdSchema } from './common.ts';

export const ResourceResponseSchema = Type.Object({
  tenantId: Type.String(),
  id: Type.String(),
  name: Type.String(),
  indicator: Type.String(),
  isDefault: Type.Boolean(),
  accessTokenTtl: Type.Number({ description: 'Access token lifetime in seconds.' }),
});
export type ResourceResponse = Static<typeof ResourceResponseSchema>;

export const ScopeResponseSchema = Type.Object({
  tenantId: Type.String(),
  id: Type.String(),
  resourceId: Type.String(),
  name: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.Number({ description: 'Milliseconds since the epoch.' }),
});
export type ScopeResponse = Static<typeof ScopeResponseSchema>;

/** GET /api/resources?includeScopes=true and POST /api/resources add the resource's scopes. */
export const ResourceWithScopesResponseSchema = Type.Object({
  ...ResourceResponseSchema.properties,
  scopes: Type.Optional(Type.Array(ScopeResponseSchema)),
});
export type ResourceWithScopesResponse = Static<typeof ResourceWithScopesResponseSchema>;

// The column is a 32-bit integer; a token must live at least a second.
const accessTokenTtl = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const resourceName = Type.String({ minLength: 1, maxLength: 256 });

export const CreateResourceBodySchema = closedObject({
  name: resourceName,
  /** An absolute URI (checked by the route), unique in the tenant. */
  indicator: Type.String({ minLength: 1, maxLength: 2048 }),
  accessTokenTtl: Type.Optional(accessTokenTtl),
});
export type CreateResourceBody = Static<typeof CreateResourceBodySchema>;

/** The indicator is fixed once created; `isDefault` has its own route since it changes other rows. */
export const UpdateResourceBodySchema = closedObject({ name: Type.Optional(resourceName), accessTokenTtl: Type.Optional(accessTokenTtl) });
export type UpdateResourceBody = Static<typeof UpdateResourceBodySchema>;

export const UpdateResourceIsDefaultBodySchema = closedObject({ isDefault: Type.Boolean() });

const scopeName = Type.String({ minLength: 1, maxLength: 256 });
const scopeDescription = Type.Union([Type.String({ maxLength: 1024 }), Type.Null()]);

export const CreateScopeBodySchema = closedObject({ name: scopeName, description: Type.Optional(scopeDescription) });
export type CreateScopeBody = Static<typeof CreateScopeBodySchema>;

export const UpdateScopeBodySchema = closedObject({ name: Type.Optional(scopeName), description: Type.Optional(scopeDescription) });
export type UpdateScopeBody = Static<typeof UpdateScopeBodySchema>;

export const ResourceIdParamsSchema = Type.Object({ resourceId: PathIdSchema });
export const ResourceScopeParamsSchema = Type.Object({ resourceId: PathIdSchema, scopeId: PathIdSchema });
