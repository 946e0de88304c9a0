// The jsonb columns of `applications`: one typebox definition serves the column type ($type)
// and any API schema that exposes the same object.
import { Type, type Static } from 'typebox';

export const ApplicationTypeSchema = Type.Union([
  Type.Literal('Native'),
  Type.Literal('SPA'),
  Type.Literal('Traditional'),
  Type.Literal('MachineToMachine'),
  Type.Literal('Protected'),
  Type.Literal('SAML'),
]);
export type ApplicationType = Static<typeof ApplicationTypeSchema>;

export const OidcClientMetadataSchema = Type.Object({
  redirectUris: Type.Array(Type.String()),
  postLogoutRedirectUris: Type.Array(Type.String()),
  backchannelLogoutUri: Type.Optional(Type.String()),
  backchannelLogoutSessionRequired: Type.Optional(Type.Boolean()),
  logoUri: Type.Optional(Type.String()),
});
export type OidcClientMetadata = Static<typeof OidcClientMetadataSchema>;

export const CustomClientMetadataSchema = Type.Object({
  corsAllowedOrigins: Type.Optional(Type.Array(Type.String())),
  idTokenTtl: Type.Optional(Type.Number()),
  refreshTokenTtl: Type.Optional(Type.Number()),
  refreshTokenTtlInDays: Type.Optional(Type.Number()),
  tenantId: Type.Optional(Type.String()),
  alwaysIssueRefreshToken: Type.Optional(Type.Boolean()),
  rotateRefreshToken: Type.Optional(Type.Boolean()),
  allowTokenExchange: Type.Optional(Type.Boolean()),
  isDeviceFlow: Type.Optional(Type.Boolean()),
  /** Logto's per-user limit of active grants (signed-in devices) for the app; the oldest go first. */
  maxAllowedGrants: Type.Optional(Type.Integer({ minimum: 1 })),
  /** Our addition: the algorithm this app's ID tokens are signed with (default ES256). */
  idTokenSignedResponseAlg: Type.Optional(
    Type.Union([Type.Literal('ES256'), Type.Literal('ES384'), Type.Literal('RS256'), Type.Literal('EdDSA')]),
  ),
});
export type CustomClientMetadata = Static<typeof CustomClientMetadataSchema>;

/** Extra user data a protected app may ask for, as Logto names the scopes. */
export const ProtectedAppAdditionalScopeSchema = Type.Union([
  Type.Literal('custom_data'),
  Type.Literal('identities'),
  Type.Literal('roles'),
  Type.Literal('urn:logto:scope:organizations'),
  Type.Literal('urn:logto:scope:organization_roles'),
]);

/** Logto's states of a custom domain; without an edge provider, domains stay `PendingVerification`. */
export const DomainStatusSchema = Type.Union([
  Type.Literal('PendingVerification'),
  Type.Literal('PendingSsl'),
  Type.Literal('Active'),
  Type.Literal('Error'),
]);

/** A DNS record the domain's owner has to create for the domain to reach the app. */
export const DomainDnsRecordSchema = Type.Object({ name: Type.String(), type: Type.String(), value: Type.String() });

/** A custom domain of a protected app, in Logto's shape (`cloudflareData` is the edge provider's record). */
export const ProtectedAppCustomDomainSchema = Type.Object({
  domain: Type.String(),
  status: DomainStatusSchema,
  errorMessage: Type.Union([Type.String(), Type.Null()]),
  dnsRecords: Type.Array(DomainDnsRecordSchema),
  cloudflareData: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
});
export type ProtectedAppCustomDomain = Static<typeof ProtectedAppCustomDomainSchema>;

/**
 * A protected app: the site at `origin`, to be served behind sign-in at `host`
 * (`<subDomain>.<PROTECTED_APP_DOMAIN>`). `sessionDuration` is in seconds; each page rule's `path`
 * is a regular expression of request paths.
 */
export const ProtectedAppMetadataSchema = Type.Object({
  host: Type.String(),
  origin: Type.String(),
  sessionDuration: Type.Number(),
  pageRules: Type.Array(Type.Object({ path: Type.String() })),
  additionalScopes: Type.Optional(Type.Array(ProtectedAppAdditionalScopeSchema)),
  customDomains: Type.Optional(Type.Array(ProtectedAppCustomDomainSchema)),
});
export type ProtectedAppMetadata = Static<typeof ProtectedAppMetadataSchema>;
