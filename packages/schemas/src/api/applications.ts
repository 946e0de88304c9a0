// Management API shapes of /api/applications, as Logto's clients send and read them.
import { Type, type Static } from 'typebox';
import {
  ApplicationTypeSchema,
  CustomClientMetadataSchema,
  OidcClientMetadataSchema,
  ProtectedAppMetadataSchema,
} from '../json/application.ts';
import { JsonObjectSchema } from '../json/common.ts';

const uri = Type.String({ minLength: 1, maxLength: 2048 });

/** Client metadata as written through the API: URIs bounded and checked when the app is saved. */
const OidcClientMetadataInputSchema = Type.Object(
  {
    redirectUris: Type.Array(uri, { maxItems: 100 }),
    postLogoutRedirectUris: Type.Array(uri, { maxItems: 100 }),
    backchannelLogoutUri: Type.Optional(uri),
    backchannelLogoutSessionRequired: Type.Optional(Type.Boolean()),
    logoUri: Type.Optional(uri),
  },
  { additionalProperties: false },
);

const CustomClientMetadataInputSchema = Type.Object(CustomClientMetadataSchema.properties, { additionalProperties: false });

export const ApplicationResponseSchema = Type.Object({
  tenantId: Type.String(),
  id: Type.String(),
  name: Type.String(),
  secret: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  type: ApplicationTypeSchema,
  oidcClientMetadata: OidcClientMetadataSchema,
  customClientMetadata: CustomClientMetadataSchema,
  protectedAppMetadata: Type.Union([ProtectedAppMetadataSchema, Type.Null()]),
  customData: JsonObjectSchema,
  isThirdParty: Type.Boolean(),
  appLevelAccessControlEnabled: Type.Boolean(),
  createdAt: Type.Number({ description: 'Milliseconds since the epoch.' }),
});
export type ApplicationResponse = Static<typeof ApplicationResponseSchema>;

/** GET /api/applications/:id adds whether an M2M app holds a Management API role. */
export const ApplicationDetailsResponseSchema = Type.Object({
  ...ApplicationResponseSchema.properties,
  isAdmin: Type.Boolean(),
});

export const CreateApplicationBodySchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 256 }),
    description: Type.Optional(Type.Union([Type.String({ maxLength: 2048 }), Type.Null()])),
    type: ApplicationTypeSchema,
    oidcClientMetadata: Type.Optional(OidcClientMetadataInputSchema),
    customClientMetadata: Type.Optional(CustomClientMetadataInputSchema),
    customData: Type.Optional(JsonObjectSchema),
    isThirdParty: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type CreateApplicationBody = Static<typeof CreateApplicationBodySchema>;

export const UpdateApplicationBodySchema = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
    description: Type.Optional(Type.Union([Type.String({ maxLength: 2048 }), Type.Null()])),
    oidcClientMetadata: Type.Optional(Type.Partial(OidcClientMetadataInputSchema)),
    customClientMetadata: Type.Optional(CustomClientMetadataInputSchema),
    customData: Type.Optional(JsonObjectSchema),
    /** Logto's switch for the legacy Management API flag; accepted, ignored here. */
    isAdmin: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type UpdateApplicationBody = Static<typeof UpdateApplicationBodySchema>;

export const IdParamsSchema = Type.Object({ id: Type.String({ minLength: 1, maxLength: 21 }) });
