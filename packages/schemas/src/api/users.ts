// Management API shapes of /api/users, as Logto's clients send and read them.
import { Type, type Static } from 'typebox';
import { JsonObjectSchema } from '../json/common.ts';
import { IdentitiesSchema, IdentitySchema } from '../json/user.ts';
import { passwordEncryptionMethods } from '../tables/users.ts';
import { closedObject, emailPattern, PathIdSchema, phoneNumberPattern, usernamePattern } from './common.ts';
import { ApplicationRoleIdsBodySchema, AssignApplicationRolesResponseSchema, RoleUserResponseSchema } from './roles.ts';

/** A user as the API shows it: Logto's user info fields, never the password digest, only whether there is one. */
export const UserResponseSchema = Type.Object({
  ...RoleUserResponseSchema.properties,
  hasPassword: Type.Boolean(),
});
export type UserResponse = Static<typeof UserResponseSchema>;

/**
 * GET /api/users/:userId with Logto's switches: `includePasswordHash` adds the stored digest and its
 * algorithm (null without a password), `includeSsoIdentities` the enterprise SSO identities.
 */
export const UserDetailsResponseSchema = Type.Object({
  ...UserResponseSchema.properties,
  passwordDigest: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  passwordAlgorithm: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  ssoIdentities: Type.Optional(Type.Array(JsonObjectSchema)),
});
export type UserDetailsResponse = Static<typeof UserDetailsResponseSchema>;

/** GET /api/users/:userId's query: Logto's yes/no switches (`true`, `1`, `yes`, …). */
export const UserDetailsQuerySchema = Type.Object({
  includeSsoIdentities: Type.Optional(Type.String({ maxLength: 16 })),
  includePasswordHash: Type.Optional(Type.String({ maxLength: 16 })),
});

// The columns hold 128 characters.
const username = Type.String({ maxLength: 128, pattern: usernamePattern });
const email = Type.String({ maxLength: 128, pattern: emailPattern });
const phone = Type.String({ maxLength: 128, pattern: phoneNumberPattern });
const name = Type.String({ maxLength: 128 });
/** Checked as an http(s) URL by the route; '' clears it, as in Logto. */
const avatar = Type.String({ maxLength: 2048 });
// Argon2 of a very long input is slow on purpose: bound what one request can make the server hash.
const password = Type.String({ minLength: 1, maxLength: 256 });

const profileText = Type.Optional(Type.String({ maxLength: 256 }));
/** The standard OIDC profile claims Logto keeps in `profile`; unknown keys are refused, not stored. */
export const UserProfileInputSchema = closedObject({
  familyName: profileText,
  givenName: profileText,
  middleName: profileText,
  nickname: profileText,
  preferredUsername: profileText,
  profile: profileText,
  website: profileText,
  gender: profileText,
  birthdate: profileText,
  zoneinfo: profileText,
  locale: profileText,
  address: Type.Optional(
    closedObject({
      formatted: profileText,
      streetAddress: profileText,
      locality: profileText,
      region: profileText,
      postalCode: profileText,
      country: profileText,
    }),
  ),
});

/** The digest algorithms a user row can hold (Logto's `Legacy` expressions are not supported). */
export const PasswordAlgorithmSchema = Type.Union(passwordEncryptionMethods.map((method) => Type.Literal(method)));

export const CreateUserBodySchema = closedObject({
  /** Logto's migration case: keep the user's id from another system (letters, digits, `_`, `-`). */
  id: Type.Optional(Type.String({ minLength: 1, maxLength: 12, pattern: '^[A-Za-z0-9_-]+$' })),
  username: Type.Optional(username),
  primaryEmail: Type.Optional(email),
  primaryPhone: Type.Optional(phone),
  password: Type.Optional(password),
  /** An imported digest (from another system), instead of `password`; as long as Logto takes (256). */
  passwordDigest: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
  passwordAlgorithm: Type.Optional(PasswordAlgorithmSchema),
  name: Type.Optional(name),
  avatar: Type.Optional(Type.Union([avatar, Type.Null()])),
  customData: Type.Optional(JsonObjectSchema),
  profile: Type.Optional(UserProfileInputSchema),
});
export type CreateUserBody = Static<typeof CreateUserBodySchema>;

// In an update, '' and null both clear a field.
const clearable = <T extends ReturnType<typeof Type.String>>(schema: T) =>
  Type.Optional(Type.Union([schema, Type.Literal(''), Type.Null()]));

/** PATCH /api/users/:userId; `customData` and `profile` replace the stored objects whole. */
export const UpdateUserBodySchema = closedObject({
  username: clearable(username),
  primaryEmail: clearable(email),
  primaryPhone: clearable(phone),
  name: clearable(name),
  avatar: clearable(avatar),
  customData: Type.Optional(JsonObjectSchema),
  profile: Type.Optional(UserProfileInputSchema),
});
export type UpdateUserBody = Static<typeof UpdateUserBodySchema>;

export const UserPasswordBodySchema = closedObject({ password });
export const UserSuspensionBodySchema = closedObject({ isSuspended: Type.Boolean() });
/** PATCH …/custom-data and …/profile merge these keys into the stored object. */
export const UserCustomDataBodySchema = closedObject({ customData: JsonObjectSchema });
export const UserProfileBodySchema = closedObject({ profile: UserProfileInputSchema });

/** An enrolled MFA factor as Logto lists it: what it is, never its secret. */
export const UserMfaVerificationResponseSchema = Type.Object({
  id: Type.String(),
  createdAt: Type.String(),
  lastUsedAt: Type.Optional(Type.String()),
  type: Type.Union([Type.Literal('Totp'), Type.Literal('WebAuthn'), Type.Literal('BackupCode')]),
  agent: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  /** Backup codes not used yet. */
  remainCodes: Type.Optional(Type.Number()),
});
export type UserMfaVerificationResponse = Static<typeof UserMfaVerificationResponseSchema>;

// A user's roles take and answer the same bodies as an application's.
export const UserRoleIdsBodySchema = ApplicationRoleIdsBodySchema;
export const AssignUserRolesResponseSchema = AssignApplicationRolesResponseSchema;

export const UserIdParamsSchema = Type.Object({ userId: PathIdSchema });
export const UserRoleParamsSchema = Type.Object({ userId: PathIdSchema, roleId: PathIdSchema });
export const UserIdentityParamsSchema = Type.Object({ userId: PathIdSchema, target: Type.String({ minLength: 1, maxLength: 128 }) });
export const UserMfaVerificationParamsSchema = Type.Object({
  userId: PathIdSchema,
  verificationId: Type.String({ minLength: 1, maxLength: 128 }),
});

// --- Social identities ---

/** GET …/identities/:target takes Logto's switch; no provider tokens are kept here, so it changes nothing. */
export const UserIdentityQuerySchema = Type.Object({ includeTokenSecret: Type.Optional(Type.String({ maxLength: 16 })) });
export const UserIdentityResponseSchema = Type.Object({ identity: IdentitySchema });

/** PUT …/identities/:target: the provider's id for the user and, optionally, what it said about them. */
export const PutUserIdentityBodySchema = closedObject({
  userId: Type.String({ minLength: 1, maxLength: 256 }),
  details: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { maxProperties: 100 })),
});
export type PutUserIdentityBody = Static<typeof PutUserIdentityBodySchema>;

/**
 * POST …/identities: links the identity a social connector vouches for. `connectorData` is what the
 * provider sent back to the callback (`code`, `state`) plus the `redirectUri` the authorization URI
 * was built with (see POST /api/connectors/:connectorId/authorization-uri).
 */
export const LinkUserIdentityBodySchema = closedObject({
  connectorId: Type.String({ minLength: 1, maxLength: 128 }),
  connectorData: Type.Record(Type.String(), Type.Unknown(), { maxProperties: 50 }),
});
export type LinkUserIdentityBody = Static<typeof LinkUserIdentityBodySchema>;

/** The identities endpoints that change something answer the user's whole map, keyed by target. */
export const UserIdentitiesResponseSchema = IdentitiesSchema;
