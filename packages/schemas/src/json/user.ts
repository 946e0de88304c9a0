// The jsonb columns of `users` (profile, identities, mfa_verifications).
import { Type, type Static } from 'typebox';

import { JsonObjectSchema } from './common.ts';

const optionalString = () => Type.Optional(Type.String());

export const UserProfileSchema = Type.Object({
  familyName: optionalString(),
  givenName: optionalString(),
  middleName: optionalString(),
  nickname: optionalString(),
  preferredUsername: optionalString(),
  profile: optionalString(),
  website: optionalString(),
  gender: optionalString(),
  birthdate: optionalString(),
  zoneinfo: optionalString(),
  locale: optionalString(),
  address: Type.Optional(
    Type.Object({
      formatted: optionalString(),
      streetAddress: optionalString(),
      locality: optionalString(),
      region: optionalString(),
      postalCode: optionalString(),
      country: optionalString(),
    }),
  ),
});
export type UserProfile = Static<typeof UserProfileSchema>;

/** One social identity: the provider's id for the user, and what the provider said about them. */
export const IdentitySchema = Type.Object({ userId: Type.String(), details: Type.Optional(JsonObjectSchema) });
export type Identity = Static<typeof IdentitySchema>;

/** Social identities keyed by connector target (e.g. "google"). */
export const IdentitiesSchema = Type.Record(Type.String(), IdentitySchema);
export type Identities = Static<typeof IdentitiesSchema>;

const mfaBase = { id: Type.String(), createdAt: Type.String(), lastUsedAt: optionalString() };

/**
 * One enrolled MFA factor. Holds secrets: never return it as stored. The TOTP key is sealed
 * (AES-256-GCM, see the experience service's secret box) and `lastUsedStep` refuses a code twice;
 * backup codes are stored as sha256 hashes in `code`.
 */
export const MfaVerificationSchema = Type.Union([
  Type.Object({ ...mfaBase, type: Type.Literal('Totp'), key: Type.String(), lastUsedStep: Type.Optional(Type.Number()) }),
  Type.Object({
    ...mfaBase,
    type: Type.Literal('WebAuthn'),
    credentialId: Type.String(),
    publicKey: Type.String(),
    counter: Type.Number(),
    agent: Type.String(),
    transports: Type.Optional(Type.Array(Type.String())),
    name: optionalString(),
  }),
  Type.Object({
    ...mfaBase,
    type: Type.Literal('BackupCode'),
    codes: Type.Array(Type.Object({ code: Type.String(), usedAt: optionalString() })),
  }),
]);
export type MfaVerification = Static<typeof MfaVerificationSchema>;
