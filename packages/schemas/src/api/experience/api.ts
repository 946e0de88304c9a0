// Bodies and responses of the Experience API (/api/experience), as Logto's sign-in UI and SDKs send
// and read them. The service validates and serialises with these; the sign-in UI imports the types.
import { Type, type Static } from 'typebox';
import { closedObject, usernamePattern } from '../common.ts';
import { IdentifierSchema, InteractionEventSchema, SocialUserInfoSchema, type VerificationRecord } from './state.ts';

export const CodeIdentifierSchema = closedObject({
  type: Type.Union([Type.Literal('email'), Type.Literal('phone')]),
  value: Type.String({ minLength: 1, maxLength: 128 }),
});
export type CodeIdentifier = Static<typeof CodeIdentifierSchema>;

// Argon2 of a very long input is slow on purpose: bound what one request can make the server hash.
export const ExperiencePasswordSchema = Type.String({ minLength: 1, maxLength: 256 });

export const StartExperienceBodySchema = closedObject({
  interactionEvent: InteractionEventSchema,
  captchaToken: Type.Optional(Type.String()),
});
export const InteractionEventBodySchema = closedObject({ interactionEvent: InteractionEventSchema });

export const PasswordVerificationBodySchema = closedObject({ identifier: IdentifierSchema, password: ExperiencePasswordSchema });
export const VerificationCodeBodySchema = closedObject({ identifier: CodeIdentifierSchema, interactionEvent: InteractionEventSchema });

/** What most verification steps answer: the record to name in later steps. */
export const VerificationIdResponseSchema = Type.Object({ verificationId: Type.String() });
export type VerificationIdResponse = Static<typeof VerificationIdResponseSchema>;

export const SocialAuthorizationUriResponseSchema = Type.Object({ authorizationUri: Type.String(), verificationId: Type.String() });
export type SocialAuthorizationUriResponse = Static<typeof SocialAuthorizationUriResponseSchema>;

export const ProfileBodySchema = Type.Union([
  closedObject({ type: Type.Literal('username'), value: Type.String({ minLength: 1, maxLength: 128, pattern: usernamePattern }) }),
  closedObject({ type: Type.Literal('password'), value: ExperiencePasswordSchema }),
  closedObject({
    type: Type.Union([Type.Literal('email'), Type.Literal('phone'), Type.Literal('social')]),
    verificationId: Type.String({ minLength: 1, maxLength: 64 }),
  }),
]);
export type ProfileBody = Static<typeof ProfileBodySchema>;

/** `submit`: where the browser goes on; nothing after a password reset (204). */
export const SubmitResponseSchema = Type.Object({ redirectTo: Type.String() });
export type SubmitResponse = Static<typeof SubmitResponseSchema>;

// Second factors and passkeys.

export const TotpSecretResponseSchema = Type.Object({ verificationId: Type.String(), secret: Type.String(), secretQrCode: Type.String() });
export type TotpSecretResponse = Static<typeof TotpSecretResponseSchema>;

export const BackupCodesResponseSchema = Type.Object({ verificationId: Type.String(), codes: Type.Array(Type.String()) });
export type BackupCodesResponse = Static<typeof BackupCodesResponseSchema>;

/** WebAuthn options as @simplewebauthn makes them; the UI reads them with that library's types. */
export const WebAuthnRegistrationResponseSchema = Type.Object({
  verificationId: Type.String(),
  registrationOptions: Type.Record(Type.String(), Type.Unknown()),
});
export const WebAuthnAuthenticationResponseSchema = Type.Object({
  verificationId: Type.String(),
  authenticationOptions: Type.Record(Type.String(), Type.Unknown()),
});

export const MfaCodeChannelSchema = Type.Union([
  Type.Literal('email'),
  Type.Literal('phone'),
  Type.Literal('Email'),
  Type.Literal('Phone'),
]);
export type MfaCodeChannel = Static<typeof MfaCodeChannelSchema>;

/** GET /api/experience/interaction: what the UI may know, never digests, codes or social tokens. */
export const PublicInteractionResponseSchema = Type.Object({
  interactionEvent: InteractionEventSchema,
  userId: Type.Optional(Type.String()),
  profile: Type.Object({
    username: Type.Optional(Type.String()),
    primaryEmail: Type.Optional(Type.String()),
    primaryPhone: Type.Optional(Type.String()),
    name: Type.Optional(Type.String()),
    avatar: Type.Optional(Type.String()),
    hasPassword: Type.Optional(Type.Boolean()),
    socialIdentity: Type.Optional(Type.Object({ target: Type.String(), userInfo: SocialUserInfoSchema })),
  }),
  verificationRecords: Type.Array(
    Type.Object({
      id: Type.String(),
      type: Type.String(),
      verified: Type.Boolean(),
      identifier: Type.Optional(IdentifierSchema),
      connectorId: Type.Optional(Type.String()),
    }),
  ),
});
export type PublicInteractionResponse = Static<typeof PublicInteractionResponseSchema>;
export type VerificationRecordType = VerificationRecord['type'];
