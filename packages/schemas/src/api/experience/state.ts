// The state of one sign-in, registration or password reset. The Experience API keeps it with the
// OIDC interaction through the oidc service's internal API (interaction.ts), which stores it and
// hands it back without reading it; so it expires with the interaction and any replica continues it.
// Objects are open (no additionalProperties: false): the oidc service's validation accepts what the
// Experience API wrote, and its response schema strips what this shape does not name.
import { Type, type Static } from 'typebox';
import { closedObject } from '../common.ts';
import type { MfaFactorSchema } from '../sign-in-experience.ts';
import { passwordEncryptionMethods } from '../../tables/users.ts';

export const InteractionEventSchema = Type.Union([Type.Literal('SignIn'), Type.Literal('Register'), Type.Literal('ForgotPassword')]);
export type InteractionEvent = Static<typeof InteractionEventSchema>;

export const IdentifierTypeSchema = Type.Union([Type.Literal('username'), Type.Literal('email'), Type.Literal('phone')]);
export type IdentifierType = Static<typeof IdentifierTypeSchema>;

/** What the user signs in with: a username, an email address or a phone number. */
export const IdentifierSchema = closedObject({ type: IdentifierTypeSchema, value: Type.String({ minLength: 1, maxLength: 128 }) });
export type Identifier = Static<typeof IdentifierSchema>;

export type MfaFactor = Static<typeof MfaFactorSchema>;

const PasswordDigestSchema = Type.Object({
  passwordEncrypted: Type.String(),
  passwordEncryptionMethod: Type.Enum(passwordEncryptionMethods),
});

export const SocialUserInfoSchema = Type.Object({
  id: Type.String(),
  email: Type.Optional(Type.String()),
  emailVerified: Type.Optional(Type.Boolean()),
  phone: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  avatar: Type.Optional(Type.String()),
});
export type SocialUserInfo = Static<typeof SocialUserInfoSchema>;

/** A WebAuthn credential as verified at registration, waiting to be stored with the user. */
export const NewWebAuthnCredentialSchema = Type.Object({
  credentialId: Type.String(),
  publicKey: Type.String(),
  counter: Type.Number(),
  transports: Type.Optional(Type.Array(Type.String())),
  agent: Type.String(),
});
export type NewWebAuthnCredential = Static<typeof NewWebAuthnCredentialSchema>;

const id = Type.String();
const verified = Type.Boolean();
const record = <Kind extends string, Fields extends Record<string, Parameters<typeof Type.Object>[0][string]>>(
  type: Kind,
  fields: Fields,
) => Type.Object({ id, type: Type.Literal(type), verified, ...fields });
const codeTypes = <A extends string, B extends string>(a: A, b: B) => Type.Union([Type.Literal(a), Type.Literal(b)]);

/** Second-factor verifications: each belongs to the identified user (`userId`). */
export const MfaVerificationRecordSchema = Type.Union([
  /** A new TOTP secret (sealed) to bind once a code from it has been verified. */
  record('TotpBinding', { userId: Type.String(), sealedSecret: Type.String(), step: Type.Optional(Type.Number()) }),
  /** A code checked against the user's bound TOTP secret. */
  record('Totp', { userId: Type.String() }),
  record('WebAuthnRegistration', {
    userId: Type.String(),
    challenge: Type.String(),
    credential: Type.Optional(NewWebAuthnCredentialSchema),
  }),
  record('WebAuthnAuthentication', { userId: Type.String(), challenge: Type.String() }),
  /** New backup codes, kept hashed: the plain codes are shown once, in the response that made them. */
  record('BackupCodeGeneration', { userId: Type.String(), codeHashes: Type.Array(Type.String()) }),
  record('BackupCode', { userId: Type.String() }),
  Type.Object({
    id,
    type: codeTypes('MfaEmailVerificationCode', 'MfaPhoneVerificationCode'),
    verified,
    userId: Type.String(),
    codeId: Type.String(),
    to: Type.String(),
  }),
]);
export type MfaVerificationRecord = Static<typeof MfaVerificationRecordSchema>;

export const VerificationRecordSchema = Type.Union([
  ...MfaVerificationRecordSchema.anyOf,
  /** A passkey sign-in: the user is known once the assertion verifies (or from the identifier). */
  record('SignInPasskey', { challenge: Type.String(), userId: Type.Optional(Type.String()) }),
  record('Password', { identifier: IdentifierSchema, userId: Type.Optional(Type.String()) }),
  Type.Object({
    id,
    type: codeTypes('EmailVerificationCode', 'PhoneVerificationCode'),
    verified,
    identifier: IdentifierSchema,
    codeId: Type.String(),
  }),
  record('NewPasswordIdentity', { identifier: IdentifierSchema, passwordDigest: PasswordDigestSchema }),
  record('Social', {
    connectorId: Type.String(),
    target: Type.String(),
    state: Type.String(),
    redirectUri: Type.String(),
    nonce: Type.String(),
    codeVerifier: Type.String(),
    userInfo: Type.Optional(SocialUserInfoSchema),
  }),
]);
export type VerificationRecord = Static<typeof VerificationRecordSchema>;

export const ExperienceProfileSchema = Type.Object({
  username: Type.Optional(Type.String()),
  primaryEmail: Type.Optional(Type.String()),
  primaryPhone: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  avatar: Type.Optional(Type.String()),
  passwordDigest: Type.Optional(PasswordDigestSchema),
  socialIdentity: Type.Optional(Type.Object({ target: Type.String(), userInfo: SocialUserInfoSchema })),
});
export type ExperienceProfile = Static<typeof ExperienceProfileSchema>;

/** Second-factor bindings made in this interaction; stored with the user on submit. */
export const PendingMfaSchema = Type.Object({
  totp: Type.Optional(Type.Object({ sealedSecret: Type.String(), step: Type.Optional(Type.Number()) })),
  webAuthn: Type.Array(NewWebAuthnCredentialSchema),
  backupCodeHashes: Type.Optional(Type.Array(Type.String())),
  /** The user chose not to set up a second factor now (only where the policy allows it). */
  skipped: Type.Optional(Type.Boolean()),
  enabled: Type.Optional(Type.Boolean()),
  suggestionSkipped: Type.Optional(Type.Boolean()),
  passkeySkipped: Type.Optional(Type.Boolean()),
});
export type PendingMfa = Static<typeof PendingMfaSchema>;

export const ExperienceStateSchema = Type.Object({
  interactionEvent: InteractionEventSchema,
  /** Set once identification has found (or created) the user. */
  userId: Type.Optional(Type.String()),
  profile: ExperienceProfileSchema,
  verificationRecords: Type.Array(VerificationRecordSchema, { maxItems: 20 }),
  mfa: Type.Optional(PendingMfaSchema),
});
export type ExperienceState = Static<typeof ExperienceStateSchema>;
