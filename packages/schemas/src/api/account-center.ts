// The account center settings (Logto's `/api/account-center`): whether end users may use the
// Account API at all, and, field by field, whether they may see (`ReadOnly`) or change (`Edit`) it.
// A field that is not set is `Off`. Stored per tenant in logto_configs under `accountCenter`.
import { Type, type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import { closedObject } from './common.ts';

export const accountCenterControlValues = ['Off', 'ReadOnly', 'Edit'] as const;
export type AccountCenterControlValue = (typeof accountCenterControlValues)[number];
export const AccountCenterControlSchema = Type.Union([Type.Literal('Off'), Type.Literal('ReadOnly'), Type.Literal('Edit')]);

/** The fields an administrator controls (Logto's names). */
export const accountCenterFieldNames = [
  'name',
  'avatar',
  'profile',
  'email',
  'phone',
  'password',
  'username',
  'social',
  'customData',
  'mfa',
  'session',
] as const;
export type AccountCenterFieldName = (typeof accountCenterFieldNames)[number];

const control = Type.Optional(AccountCenterControlSchema);
export const AccountCenterFieldsSchema = closedObject({
  name: control,
  avatar: control,
  profile: control,
  email: control,
  phone: control,
  password: control,
  username: control,
  social: control,
  customData: control,
  mfa: control,
  session: control,
});
export type AccountCenterFields = Static<typeof AccountCenterFieldsSchema>;

/** An origin such as https://app.example.com (no path), as WebAuthn's related origins are. */
const origin = Type.String({ maxLength: 2048, pattern: '^https?://[^/?#\\s]+$' });
const url = Type.String({ maxLength: 2048, pattern: '^https?://\\S+$' });

export const AccountCenterSchema = Type.Object({
  tenantId: Type.String({ maxLength: 21 }),
  id: Type.String({ minLength: 1, maxLength: 21 }),
  enabled: Type.Boolean(),
  fields: AccountCenterFieldsSchema,
  webauthnRelatedOrigins: Type.Array(Type.String()),
  deleteAccountUrl: Type.Union([Type.String(), Type.Null()]),
});
export type AccountCenter = Static<typeof AccountCenterSchema>;

/** PATCH /api/account-center: what is sent replaces what is stored (`fields` as a whole). */
export const UpdateAccountCenterBodySchema = closedObject({
  enabled: Type.Optional(Type.Boolean()),
  fields: Type.Optional(AccountCenterFieldsSchema),
  webauthnRelatedOrigins: Type.Optional(Type.Array(origin, { maxItems: 20 })),
  deleteAccountUrl: Type.Optional(Type.Union([url, Type.Null()])),
});
export type UpdateAccountCenterBody = Static<typeof UpdateAccountCenterBodySchema>;

/** The logto_configs key the settings are stored under. */
export const accountCenterConfigKey = 'accountCenter';
/** Logto's id of the one account center a tenant has. */
export const defaultAccountCenterId = 'default';

const StoredAccountCenterSchema = Type.Object({
  enabled: Type.Optional(Type.Boolean()),
  fields: Type.Optional(AccountCenterFieldsSchema),
  webauthnRelatedOrigins: Type.Optional(Type.Array(Type.String())),
  deleteAccountUrl: Type.Optional(Type.Union([Type.String(), Type.Null()])),
});
const storedAccountCenter = Compile(StoredAccountCenterSchema);

/**
 * The settings as the API shows them, from the stored value (undefined: never saved). Off by
 * default, as in Logto: disabled, every field `Off`. A stored value of another shape counts as unset.
 */
export function toAccountCenter(tenantId: string, stored: unknown): AccountCenter {
  const value = storedAccountCenter.Check(stored) ? stored : {};
  return {
    tenantId,
    id: defaultAccountCenterId,
    enabled: value.enabled ?? false,
    fields: value.fields ?? {},
    webauthnRelatedOrigins: value.webauthnRelatedOrigins ?? [],
    deleteAccountUrl: value.deleteAccountUrl ?? null,
  };
}
