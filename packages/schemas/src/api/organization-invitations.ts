// Management API shapes of /api/organization-invitations, as Logto's clients send and read them.
import { Type, type Static } from 'typebox';
import { closedObject, emailPattern, PathIdSchema } from './common.ts';

const idAndName = Type.Object({ id: Type.String(), name: Type.String() });

/** The statuses of tables/organization-invitations.ts. */
export const OrganizationInvitationStatusSchema = Type.Union([
  Type.Literal('Pending'),
  Type.Literal('Accepted'),
  Type.Literal('Expired'),
  Type.Literal('Revoked'),
]);

export const OrganizationInvitationResponseSchema = Type.Object({
  tenantId: Type.String(),
  id: Type.String(),
  inviterId: Type.Union([Type.String(), Type.Null()]),
  invitee: Type.String(),
  acceptedUserId: Type.Union([Type.String(), Type.Null()]),
  organizationId: Type.String(),
  status: OrganizationInvitationStatusSchema,
  createdAt: Type.Number({ description: 'Milliseconds since the epoch.' }),
  updatedAt: Type.Number({ description: 'Milliseconds since the epoch.' }),
  expiresAt: Type.Number({ description: 'Milliseconds since the epoch.' }),
  /** The organization roles the invitee gets on accepting. */
  organizationRoles: Type.Array(idAndName),
});
export type OrganizationInvitationResponse = Static<typeof OrganizationInvitationResponseSchema>;

/**
 * Logto's message payload for the `OrganizationInvitation` template. Open like Logto's, which
 * ignores keys it does not name, so a client's extra template variables are no error.
 */
export const InvitationMessagePayloadSchema = Type.Object({
  code: Type.Optional(Type.String({ maxLength: 256 })),
  link: Type.Optional(Type.String({ maxLength: 2048 })),
  locale: Type.Optional(Type.String({ maxLength: 64 })),
  uiLocales: Type.Optional(Type.String({ maxLength: 256 })),
});
export type InvitationMessagePayload = Static<typeof InvitationMessagePayloadSchema>;

export const CreateOrganizationInvitationBodySchema = closedObject({
  inviterId: Type.Optional(Type.Union([PathIdSchema, Type.Null()])),
  invitee: Type.String({ maxLength: 256, pattern: emailPattern }),
  organizationId: PathIdSchema,
  expiresAt: Type.Number({ description: 'When the invitation expires, in milliseconds since the epoch; must be in the future.' }),
  organizationRoleIds: Type.Optional(Type.Array(PathIdSchema, { maxItems: 100 })),
  /** `false` (the default): no email is sent. */
  messagePayload: Type.Optional(Type.Union([InvitationMessagePayloadSchema, Type.Literal(false)])),
});
export type CreateOrganizationInvitationBody = Static<typeof CreateOrganizationInvitationBodySchema>;

export const OrganizationInvitationListQuerySchema = Type.Object({
  page: Type.Optional(Type.String()),
  page_size: Type.Optional(Type.String()),
  organizationId: Type.Optional(Type.String({ maxLength: 21 })),
  inviterId: Type.Optional(Type.String({ maxLength: 21 })),
  invitee: Type.Optional(Type.String({ maxLength: 256 })),
});

export const UpdateOrganizationInvitationStatusBodySchema = closedObject({
  status: Type.Union([Type.Literal('Accepted'), Type.Literal('Revoked')]),
  acceptedUserId: Type.Optional(Type.Union([PathIdSchema, Type.Null()])),
});
export type UpdateOrganizationInvitationStatusBody = Static<typeof UpdateOrganizationInvitationStatusBodySchema>;
