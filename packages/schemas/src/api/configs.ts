// Management API shapes of /api/configs: the tenant's OIDC keys (listed by id and age only, never
// their material) and the admin console's settings.
import { Type, type Static } from 'typebox';
import { closedObject } from './common.ts';

export const OidcKeyTypeSchema = Type.Union([Type.Literal('private-keys'), Type.Literal('cookie-keys')]);
export type OidcKeyType = Static<typeof OidcKeyTypeSchema>;

export const OidcKeyTypeParamsSchema = Type.Object({ keyType: OidcKeyTypeSchema });
export const OidcKeyParamsSchema = Type.Object({ keyType: OidcKeyTypeSchema, keyId: Type.String({ minLength: 1, maxLength: 64 }) });

export const SigningKeyAlgorithmSchema = Type.Union([Type.Literal('RSA'), Type.Literal('EC')]);

export const OidcKeyResponseSchema = Type.Object({
  id: Type.String(),
  createdAt: Type.Number({ description: 'Milliseconds since the epoch.' }),
  /** The key family; absent for cookie keys and for EdDSA (OKP) signing keys, which Logto's enum lacks. */
  signingKeyAlgorithm: Type.Optional(SigningKeyAlgorithmSchema),
  /** `Current` keys sign; `Previous` keys were rotated out and only verify until their grace period ends. */
  status: Type.Optional(Type.Union([Type.Literal('Current'), Type.Literal('Previous')])),
});
export type OidcKeyResponse = Static<typeof OidcKeyResponseSchema>;

export const RotateOidcKeysBodySchema = closedObject({ signingKeyAlgorithm: Type.Optional(SigningKeyAlgorithmSchema) });

const DevelopmentTenantMigrationNotificationSchema = closedObject({
  isPaidTenant: Type.Boolean(),
  tag: Type.String({ maxLength: 256 }),
  readAt: Type.Optional(Type.Number()),
});
const CheckedChargeNotificationSchema = closedObject({
  token: Type.Optional(Type.Boolean()),
  apiResource: Type.Optional(Type.Boolean()),
  machineToMachineApp: Type.Optional(Type.Boolean()),
  tenantMember: Type.Optional(Type.Boolean()),
});

export const AdminConsoleConfigSchema = Type.Object({
  signInExperienceCustomized: Type.Boolean(),
  organizationCreated: Type.Boolean(),
  developmentTenantMigrationNotification: Type.Optional(DevelopmentTenantMigrationNotificationSchema),
  checkedChargeNotification: Type.Optional(CheckedChargeNotificationSchema),
});
export type AdminConsoleConfig = Static<typeof AdminConsoleConfigSchema>;

export const UpdateAdminConsoleConfigBodySchema = closedObject({
  signInExperienceCustomized: Type.Optional(Type.Boolean()),
  organizationCreated: Type.Optional(Type.Boolean()),
  developmentTenantMigrationNotification: Type.Optional(DevelopmentTenantMigrationNotificationSchema),
  checkedChargeNotification: Type.Optional(CheckedChargeNotificationSchema),
});
export type UpdateAdminConsoleConfigBody = Static<typeof UpdateAdminConsoleConfigBodySchema>;
