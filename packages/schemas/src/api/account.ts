// Shapes of the Account API (/api/my-account, /api/verifications), where a signed-in end user
// manages their own account with an access token of the tenant's OP, and of the oidc service's
// internal access-token lookup the account service authenticates those tokens through.
import { Type, type Static } from 'typebox';
import { JsonObjectSchema } from '../json/common.ts';
import { IdentitiesSchema, UserProfileSchema } from '../json/user.ts';
import { closedObject, emailPattern, usernamePattern } from './common.ts';
import { UserProfileInputSchema } from './users.ts';

/** The header naming the verification record that proves the caller's identity (Logto's name). */
export const verificationRecordIdHeader = 'logto-verification-id';

// --- oidc service, internal: what an opaque access token stands for ---

export const AccessTokenLookupBodySchema = closedObject({ token: Type.String({ minLength: 1, maxLength: 4096 }) });
export type AccessTokenLookupBody = Static<typeof AccessTokenLookupBodySchema>;

export const AccessTokenInfoSchema = Type.Object({
  accountId: Type.String(),
  clientId: Type.String(),
  scopes: Type.Array(Type.String()),
  /** Milliseconds since the epoch. */
  expiresAt: Type.Number(),
  /** The grant the token was issued under: the sign-in (session) a change may keep while ending others. */
  grantId: Type.Optional(Type.String()),
});

/** Ends every session, grant and token of the user except those of the grant named. */
export const EndOtherSessionsBodySchema = closedObject({ keepGrantId: Type.String({ minLength: 1, maxLength: 128 }) });
export type AccessTokenInfo = Static<typeof AccessTokenInfoSchema>;

// --- /api/my-account ---

/** The user as the Account API shows them: only what the token's scopes and the settings allow. */
export const MyAccountSchema = Type.Object({
  id: Type.String(),
  username: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  primaryEmail: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  primaryPhone: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  name: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  avatar: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  customData: Type.Optional(JsonObjectSchema),
  identities: Type.Optional(IdentitiesSchema),
  profile: Type.Optional(UserProfileSchema),
  lastSignInAt: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
  createdAt: Type.Optional(Type.Number()),
  updatedAt: Type.Optional(Type.Number()),
  applicationId: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  isSuspended: Type.Optional(Type.Boolean()),
  hasPassword: Type.Optional(Type.Boolean()),
});
export type MyAccount = Static<typeof MyAccountSchema>;

/** PATCH /api/my-account: null clears a field; customData replaces the stored object. */
export const UpdateMyAccountBodySchema = closedObject({
  name: Type.Optional(Type.Union([Type.String({ maxLength: 128 }), Type.Null()])),
  /** An http(s) URL. */
  avatar: Type.Optional(Type.Union([Type.String({ maxLength: 2048, pattern: '^https?://\\S+$' }), Type.Null()])),
  username: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 128, pattern: usernamePattern }), Type.Null()])),
  customData: Type.Optional(JsonObjectSchema),
});
export type UpdateMyAccountBody = Static<typeof UpdateMyAccountBodySchema>;

export const UpdateMyProfileBodySchema = UserProfileInputSchema;
export const MyProfileSchema = UserProfileSchema;

export const MyLogtoConfigsSchema = Type.Object({
  mfa: Type.Object({ enabled: Type.Optional(Type.Boolean()), skipped: Type.Boolean(), skipMfaOnSignIn: Type.Boolean() }),
  passkeySignIn: Type.Object({ skipped: Type.Boolean() }),
});
export type MyLogtoConfigs = Static<typeof MyLogtoConfigsSchema>;

export const UpdateMyLogtoConfigsBodySchema = closedObject({
  mfa: Type.Optional(
    closedObject({
      enabled: Type.Optional(Type.Boolean()),
      skipped: Type.Optional(Type.Boolean()),
      skipMfaOnSignIn: Type.Optional(Type.Boolean()),
    }),
  ),
  passkeySignIn: Type.Optional(closedObject({ skipped: Type.Optional(Type.Boolean()) })),
});
export type UpdateMyLogtoConfigsBody = Static<typeof UpdateMyLogtoConfigsBodySchema>;

export const MyMfaSettingsSchema = Type.Object({ skipMfaOnSignIn: Type.Boolean() });
export const UpdateMyMfaSettingsBodySchema = closedObject({ skipMfaOnSignIn: Type.Boolean() });

// Argon2 of a very long input is slow on purpose: bound what one request can make the server hash.
const password = Type.String({ minLength: 1, maxLength: 256 });
const email = Type.String({ maxLength: 128, pattern: emailPattern });
/** As typed by the user (+, spaces and dashes allowed); stored as digits only. */
const phoneInput = Type.String({ minLength: 1, maxLength: 32, pattern: '^\\+?[\\d\\s().-]+$' });

export const MyPasswordBodySchema = closedObject({ password });

export const MyPrimaryEmailBodySchema = closedObject({
  email,
  newIdentifierVerificationRecordId: Type.String({ minLength: 1, maxLength: 21 }),
});
export const MyPrimaryPhoneBodySchema = closedObject({
  phone: phoneInput,
  newIdentifierVerificationRecordId: Type.String({ minLength: 1, maxLength: 21 }),
});

// --- /api/verifications ---

export const CreatePasswordVerificationBodySchema = closedObject({ password });

export const VerificationCodeIdentifierSchema = Type.Union([
  closedObject({ type: Type.Literal('email'), value: email }),
  closedObject({ type: Type.Literal('phone'), value: phoneInput }),
]);
export type VerificationCodeIdentifier = Static<typeof VerificationCodeIdentifierSchema>;

export const SendVerificationCodeBodySchema = closedObject({ identifier: VerificationCodeIdentifierSchema });

export const VerifyVerificationCodeBodySchema = closedObject({
  identifier: VerificationCodeIdentifierSchema,
  verificationId: Type.String({ minLength: 1, maxLength: 21 }),
  code: Type.String({ minLength: 1, maxLength: 16 }),
});

/** A new verification record; `expiresAt` is an ISO 8601 date, as in Logto. */
export const VerificationRecordCreatedSchema = Type.Object({ verificationRecordId: Type.String(), expiresAt: Type.String() });
export const VerificationRecordVerifiedSchema = Type.Object({ verificationRecordId: Type.String() });

// --- sessions and authorized apps (Logto's `/api/my-account/sessions` and `/grants`) ---

/** The scope a token needs for the session and grant routes (Logto's name). */
export const sessionsScope = 'urn:logto:scope:sessions';

/** An oidc-provider session as stored: its uid, sign-in time and the apps signed in through it. */
const SessionPayloadSchema = Type.Object(
  {
    exp: Type.Number(),
    iat: Type.Number(),
    jti: Type.String(),
    uid: Type.String(),
    kind: Type.Literal('Session'),
    loginTs: Type.Optional(Type.Number()),
    accountId: Type.Optional(Type.String()),
    authorizations: Type.Optional(
      Type.Record(
        Type.String(),
        Type.Object(
          { sid: Type.Optional(Type.String()), grantId: Type.Optional(Type.String()), persistsLogout: Type.Optional(Type.Boolean()) },
          { additionalProperties: true },
        ),
      ),
    ),
  },
  { additionalProperties: true },
);

export const AccountSessionSchema = Type.Object({
  payload: SessionPayloadSchema,
  /** Where the sign-in came from; not recorded here, always null. */
  lastSubmission: Type.Null(),
  /** The app the session was first signed in through. */
  clientId: Type.Union([Type.String(), Type.Null()]),
  accountId: Type.Union([Type.String(), Type.Null()]),
  /** Milliseconds since the epoch. */
  expiresAt: Type.Number(),
  /** Whether the calling access token was issued in this session. */
  isCurrent: Type.Boolean(),
});
export type AccountSession = Static<typeof AccountSessionSchema>;
export const AccountSessionsResponseSchema = Type.Object({ sessions: Type.Array(AccountSessionSchema) });

export const AccountGrantSchema = Type.Object({
  id: Type.String(),
  payload: Type.Object(
    {
      exp: Type.Number(),
      iat: Type.Number(),
      jti: Type.String(),
      kind: Type.Literal('Grant'),
      clientId: Type.String(),
      accountId: Type.String(),
    },
    { additionalProperties: true },
  ),
  /** Milliseconds since the epoch. */
  expiresAt: Type.Number(),
  application: Type.Object({ id: Type.String(), name: Type.String() }),
});
export type AccountGrant = Static<typeof AccountGrantSchema>;
export const AccountGrantsResponseSchema = Type.Object({ grants: Type.Array(AccountGrantSchema) });

export const SessionGrantRevokeTargetSchema = Type.Union([Type.Literal('all'), Type.Literal('firstParty')]);
export const DeleteSessionQuerySchema = Type.Object({ revokeGrantsTarget: Type.Optional(SessionGrantRevokeTargetSchema) });
export const ListGrantsQuerySchema = Type.Object({
  appType: Type.Optional(Type.Union([Type.Literal('firstParty'), Type.Literal('thirdParty')])),
});
/** Session uids and grant ids are oidc-provider's (21 or 43 characters). */
export const SessionIdParamsSchema = Type.Object({ sessionId: Type.String({ minLength: 1, maxLength: 128 }) });
export const GrantIdParamsSchema = Type.Object({ grantId: Type.String({ minLength: 1, maxLength: 128 }) });

// --- MFA factors (Logto's `/api/my-account/mfa-verifications`) ---

/** POST /api/my-account/mfa-verifications: binds a TOTP secret (with a code from the app), backup codes, or a passkey. */
export const BindMyMfaVerificationBodySchema = Type.Union([
  closedObject({
    type: Type.Literal('Totp'),
    secret: Type.String({ minLength: 1, maxLength: 256 }),
    code: Type.Optional(Type.String({ minLength: 1, maxLength: 16 })),
  }),
  closedObject({
    type: Type.Literal('BackupCode'),
    codes: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 64 }),
  }),
  closedObject({
    type: Type.Literal('WebAuthn'),
    newIdentifierVerificationRecordId: Type.String({ minLength: 1, maxLength: 21 }),
    name: Type.Optional(Type.String({ maxLength: 128 })),
  }),
]);
export type BindMyMfaVerificationBody = Static<typeof BindMyMfaVerificationBodySchema>;

/** PUT …/mfa-verifications/totp: binds a new authenticator app, replacing the one bound (a code is required). */
export const ReplaceMyTotpBodySchema = closedObject({
  secret: Type.String({ minLength: 1, maxLength: 256 }),
  code: Type.String({ minLength: 1, maxLength: 16 }),
});
export const MyTotpSecretSchema = Type.Object({ secret: Type.String() });
export const MyBackupCodesGeneratedSchema = Type.Object({ codes: Type.Array(Type.String()) });
/** GET …/backup-codes: codes are kept only as hashes here, so `code` is masked (see the README). */
export const MyBackupCodesSchema = Type.Object({
  codes: Type.Array(Type.Object({ code: Type.String(), usedAt: Type.Union([Type.String(), Type.Null()]) })),
});
export const MfaVerificationIdParamsSchema = Type.Object({ verificationId: Type.String({ minLength: 1, maxLength: 128 }) });
export const UpdateMfaVerificationNameBodySchema = closedObject({ name: Type.String({ minLength: 1, maxLength: 128 }) });

// --- WebAuthn (Logto's `/api/verifications/web-authn/registration`; the experience API's too) ---

/** A browser's WebAuthn response as @simplewebauthn/browser (or Logto's UI, with type "WebAuthn") sends it. */
export const WebAuthnPayloadSchema = Type.Object({
  type: Type.Union([Type.Literal('public-key'), Type.Literal('WebAuthn')]),
  id: Type.String({ minLength: 1, maxLength: 1024 }),
  rawId: Type.String({ minLength: 1, maxLength: 1024 }),
  authenticatorAttachment: Type.Optional(Type.Union([Type.Literal('platform'), Type.Literal('cross-platform')])),
  clientExtensionResults: Type.Record(Type.String(), Type.Unknown()),
  response: Type.Record(Type.String(), Type.Unknown()),
});

/** POST /api/verifications/web-authn/registration: options for navigator.credentials.create(). */
export const WebAuthnRegistrationRecordSchema = Type.Object({
  verificationRecordId: Type.String(),
  registrationOptions: Type.Record(Type.String(), Type.Unknown()),
  expiresAt: Type.String(),
});
export const VerifyWebAuthnRegistrationBodySchema = closedObject({
  verificationRecordId: Type.String({ minLength: 1, maxLength: 21 }),
  payload: WebAuthnPayloadSchema,
});

// --- social accounts (Logto's `/api/verifications/social` and `/api/my-account/identities`) ---

export const CreateSocialVerificationBodySchema = closedObject({
  connectorId: Type.String({ minLength: 1, maxLength: 128 }),
  state: Type.String({ minLength: 1, maxLength: 512 }),
  redirectUri: Type.String({ minLength: 1, maxLength: 2048, pattern: '^https?://' }),
  /** Logto lets a caller override the connector's scopes; these connectors always ask for their own. */
  scope: Type.Optional(Type.String({ maxLength: 1024 })),
});
export const SocialVerificationCreatedSchema = Type.Object({
  verificationRecordId: Type.String(),
  authorizationUri: Type.String(),
  expiresAt: Type.String(),
});
export const VerifySocialVerificationBodySchema = closedObject({
  /** The provider's callback query (`code`, `state`, …), as Logto takes it. */
  connectorData: Type.Record(Type.String(), Type.Unknown(), { maxProperties: 64 }),
  verificationRecordId: Type.String({ minLength: 1, maxLength: 21 }),
});

/** POST and PUT /api/my-account/identities: the social record proving the identity to link. */
export const LinkMyIdentityBodySchema = closedObject({
  newIdentifierVerificationRecordId: Type.String({ minLength: 1, maxLength: 21 }),
});
export const IdentityTargetParamsSchema = Type.Object({ target: Type.String({ minLength: 1, maxLength: 128 }) });
export const SsoConnectorIdParamsSchema = Type.Object({ connectorId: Type.String({ minLength: 1, maxLength: 128 }) });
export const UpdateIdentityAccessTokenBodySchema = closedObject({ verificationRecordId: Type.String({ minLength: 1, maxLength: 21 }) });

/** A provider's access token kept for the user (Logto's token storage), as OAuth names its fields. */
export const ThirdPartyAccessTokenSchema = Type.Object({
  access_token: Type.String(),
  scope: Type.Optional(Type.String()),
  token_type: Type.Optional(Type.String()),
  expires_in: Type.Optional(Type.Number()),
});

// --- trusted devices (Logto's `/api/my-account/trusted-devices`) ---

export const AccountTrustedDeviceSchema = Type.Object({
  id: Type.String(),
  userAgent: Type.Union([Type.String(), Type.Null()]),
  country: Type.Union([Type.String(), Type.Null()]),
  city: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.Number(),
  lastUsedAt: Type.Union([Type.Number(), Type.Null()]),
  expiresAt: Type.Number(),
  isCurrent: Type.Boolean(),
});
export const TrustedDeviceIdParamsSchema = Type.Object({ trustedDeviceId: Type.String({ minLength: 1, maxLength: 128 }) });
