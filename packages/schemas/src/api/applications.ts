// Management API shapes of /api/applications, as Logto's clients send and read them.
import { Type, type Static } from 'typebox';
import {
  ApplicationTypeSchema,
  CustomClientMetadataSchema,
  OidcClientMetadataSchema,
  ProtectedAppAdditionalScopeSchema,
  ProtectedAppCustomDomainSchema,
  ProtectedAppMetadataSchema,
} from '../json/application.ts';
import { JsonObjectSchema } from '../json/common.ts';
import { closedObject, PathIdSchema } from './common.ts';

const uri = Type.String({ minLength: 1, maxLength: 2048 });

/** Client metadata as written through the API: URIs bounded and checked when the app is saved. */
const OidcClientMetadataInputSchema = closedObject({
  redirectUris: Type.Array(uri, { maxItems: 100 }),
  postLogoutRedirectUris: Type.Array(uri, { maxItems: 100 }),
  backchannelLogoutUri: Type.Optional(uri),
  backchannelLogoutSessionRequired: Type.Optional(Type.Boolean()),
  logoUri: Type.Optional(uri),
});

const CustomClientMetadataInputSchema = closedObject(CustomClientMetadataSchema.properties);

/** What creating a protected app takes: the subdomain it gets and the site it stands in front of. */
const ProtectedAppMetadataCreateSchema = closedObject({
  subDomain: Type.String({
    maxLength: 256,
    description: "A DNS label, e.g. `my-site`; the app's host is `<subDomain>.<PROTECTED_APP_DOMAIN>`.",
  }),
  origin: Type.String({ minLength: 1, maxLength: 2048, description: 'The origin of the protected site, e.g. `https://example.com`.' }),
});

/** What may change on a protected app: everything but its host. */
const ProtectedAppMetadataUpdateSchema = closedObject({
  origin: Type.Optional(Type.String({ minLength: 1, maxLength: 2048 })),
  sessionDuration: Type.Optional(Type.Integer({ minimum: 60, maximum: 31_536_000, description: 'Seconds, from one minute to a year.' })),
  pageRules: Type.Optional(Type.Array(closedObject({ path: Type.String({ minLength: 1, maxLength: 2048 }) }), { maxItems: 100 })),
  additionalScopes: Type.Optional(Type.Array(ProtectedAppAdditionalScopeSchema, { maxItems: 5, uniqueItems: true })),
});

export const ApplicationResponseSchema = Type.Object({
  tenantId: Type.String(),
  id: Type.String(),
  name: Type.String(),
  /**
   * The app's legacy secret, while it has one; a new confidential app's create answer shows its
   * `Default secret` here. Internal secrets (nobody's to use) are never shown, as in Logto.
   */
  secret: Type.Optional(Type.String()),
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

export const CreateApplicationBodySchema = closedObject({
  name: Type.String({ minLength: 1, maxLength: 256 }),
  description: Type.Optional(Type.Union([Type.String({ maxLength: 2048 }), Type.Null()])),
  type: ApplicationTypeSchema,
  oidcClientMetadata: Type.Optional(OidcClientMetadataInputSchema),
  customClientMetadata: Type.Optional(CustomClientMetadataInputSchema),
  customData: Type.Optional(JsonObjectSchema),
  isThirdParty: Type.Optional(Type.Boolean()),
  /** Required for, and only for, `type: 'Protected'`. */
  protectedAppMetadata: Type.Optional(ProtectedAppMetadataCreateSchema),
});
export type CreateApplicationBody = Static<typeof CreateApplicationBodySchema>;

export const UpdateApplicationBodySchema = closedObject({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
  description: Type.Optional(Type.Union([Type.String({ maxLength: 2048 }), Type.Null()])),
  oidcClientMetadata: Type.Optional(Type.Partial(OidcClientMetadataInputSchema)),
  customClientMetadata: Type.Optional(CustomClientMetadataInputSchema),
  customData: Type.Optional(JsonObjectSchema),
  /** Protected apps only; merged into the stored metadata. `null` changes nothing (as in Logto). */
  protectedAppMetadata: Type.Optional(Type.Union([ProtectedAppMetadataUpdateSchema, Type.Null()])),
  /** Logto's switch for the legacy Management API flag; accepted, ignored here. */
  isAdmin: Type.Optional(Type.Boolean()),
});
export type UpdateApplicationBody = Static<typeof UpdateApplicationBodySchema>;

export const IdParamsSchema = Type.Object({ id: PathIdSchema });

// --- Custom domains of protected apps ---

export const ProtectedAppCustomDomainListResponseSchema = Type.Array(ProtectedAppCustomDomainSchema);

/** A hostname, checked (RFC 1123, at least two labels) and lower-cased by the route. */
export const CreateProtectedAppCustomDomainBodySchema = closedObject({
  domain: Type.String({ minLength: 1, maxLength: 253, description: 'A hostname such as `app.example.com`.' }),
});
export type CreateProtectedAppCustomDomainBody = Static<typeof CreateProtectedAppCustomDomainBodySchema>;

export const ProtectedAppCustomDomainParamsSchema = Type.Object({
  id: PathIdSchema,
  domain: Type.String({ minLength: 1, maxLength: 253 }),
});
