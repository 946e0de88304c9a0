// /api/applications/:applicationId/user-consent-scopes: what a third-party app asks its users to
// consent to.
import { Type, type Static } from 'typebox';

import { userConsentUserScopes, type UserConsentUserScope } from '../tables/application-user-consent-scopes.ts';
import { closedObject, PathIdSchema } from './common.ts';

export const UserConsentUserScopeSchema = Type.Union([
  Type.Literal('profile'),
  Type.Literal('email'),
  Type.Literal('phone'),
  Type.Literal('address'),
  Type.Literal('custom_data'),
  Type.Literal('identities'),
  Type.Literal('roles'),
  Type.Literal('urn:logto:scope:organizations'),
  Type.Literal('urn:logto:scope:organization_roles'),
  Type.Literal('urn:logto:scope:sessions'),
]);
// The schema and the table's check constraint name the same scopes.
type Listed = Static<typeof UserConsentUserScopeSchema>;
const sameScopes: [Listed] extends [UserConsentUserScope] ? ([UserConsentUserScope] extends [Listed] ? true : false) : false = true;
void sameScopes;

const ScopeSummarySchema = Type.Object({ id: Type.String(), name: Type.String(), description: Type.Union([Type.String(), Type.Null()]) });
const ResourceScopesSchema = Type.Array(
  Type.Object({
    resource: Type.Object({ id: Type.String(), name: Type.String(), indicator: Type.String() }),
    scopes: Type.Array(ScopeSummarySchema),
  }),
);

export const ApplicationUserConsentScopesResponseSchema = Type.Object({
  /** Organization scopes (permissions of the organization template) the app may ask for. */
  organizationScopes: Type.Array(ScopeSummarySchema),
  resourceScopes: ResourceScopesSchema,
  /** API resource scopes the app may ask for in an organization's context, grouped by resource. */
  organizationResourceScopes: ResourceScopesSchema,
  userScopes: Type.Array(UserConsentUserScopeSchema),
});
export type ApplicationUserConsentScopesResponse = Static<typeof ApplicationUserConsentScopesResponseSchema>;

const scopeIds = Type.Array(PathIdSchema, { maxItems: 100 });

export const AssignUserConsentScopesBodySchema = closedObject({
  organizationScopes: Type.Optional(scopeIds),
  resourceScopes: Type.Optional(scopeIds),
  organizationResourceScopes: Type.Optional(scopeIds),
  userScopes: Type.Optional(Type.Array(UserConsentUserScopeSchema, { maxItems: userConsentUserScopes.length })),
});
export type AssignUserConsentScopesBody = Static<typeof AssignUserConsentScopesBodySchema>;

export const UserConsentScopeParamsSchema = Type.Object({
  applicationId: PathIdSchema,
  scopeType: Type.Union([
    Type.Literal('organization-scopes'),
    Type.Literal('resource-scopes'),
    Type.Literal('organization-resource-scopes'),
    Type.Literal('user-scopes'),
  ]),
  scopeId: Type.String({ minLength: 1, maxLength: 64 }),
});
