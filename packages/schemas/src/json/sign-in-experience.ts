// The jsonb columns of `sign_in_experiences`; the public API schema is built from the same pieces.
import { Type, type Static } from 'typebox';

export const SignInModeSchema = Type.Union([Type.Literal('SignIn'), Type.Literal('Register'), Type.Literal('SignInAndRegister')]);
export type SignInMode = Static<typeof SignInModeSchema>;

export const ColorSchema = Type.Object({
  primaryColor: Type.String(),
  isDarkModeEnabled: Type.Boolean(),
  darkPrimaryColor: Type.String(),
});
export type Color = Static<typeof ColorSchema>;

export const BrandingSchema = Type.Object({
  logoUrl: Type.Optional(Type.String()),
  darkLogoUrl: Type.Optional(Type.String()),
  favicon: Type.Optional(Type.String()),
  darkFavicon: Type.Optional(Type.String()),
});
export type Branding = Static<typeof BrandingSchema>;

export const LanguageInfoSchema = Type.Object({
  autoDetect: Type.Boolean(),
  fallbackLanguage: Type.String(),
});
export type LanguageInfo = Static<typeof LanguageInfoSchema>;

export const SignUpSchema = Type.Object({
  identifiers: Type.Array(Type.String()),
  password: Type.Boolean(),
  verify: Type.Boolean(),
});
export type SignUp = Static<typeof SignUpSchema>;

export const SignInMethodSchema = Type.Object({
  identifier: Type.String(),
  password: Type.Boolean(),
  verificationCode: Type.Boolean(),
  isPasswordPrimary: Type.Boolean(),
});
export type SignInMethod = Static<typeof SignInMethodSchema>;

export const SignInSchema = Type.Object({ methods: Type.Array(SignInMethodSchema) });
export type SignIn = Static<typeof SignInSchema>;

/** Every part is optional: an empty object means "use the defaults". */
export const PasswordPolicySchema = Type.Object({
  length: Type.Optional(Type.Object({ min: Type.Optional(Type.Integer()), max: Type.Optional(Type.Integer()) })),
  characterTypes: Type.Optional(Type.Object({ min: Type.Optional(Type.Integer()) })),
  rejects: Type.Optional(
    Type.Object({
      pwned: Type.Optional(Type.Boolean()),
      repetitionAndSequence: Type.Optional(Type.Boolean()),
      userInfo: Type.Optional(Type.Boolean()),
      words: Type.Optional(Type.Array(Type.String())),
    }),
  ),
});
export type PasswordPolicy = Static<typeof PasswordPolicySchema>;

export const MfaSchema = Type.Object({
  factors: Type.Array(Type.String()),
  policy: Type.String(),
});
export type Mfa = Static<typeof MfaSchema>;

/**
 * Failed attempts per identifier before it is locked, within `attemptWindow` minutes, for
 * `lockoutDuration` minutes. Defaults (see sentinelDefaults): 10 attempts, 15 minutes, 15 minutes;
 * a client IP gets ten times the attempts.
 */
export const SentinelPolicySchema = Type.Object({
  maxAttempts: Type.Optional(Type.Integer()),
  attemptWindow: Type.Optional(Type.Integer()),
  lockoutDuration: Type.Optional(Type.Integer()),
});
export type SentinelPolicy = Static<typeof SentinelPolicySchema>;

export const sentinelDefaults = { maxAttempts: 10, attemptWindow: 15, lockoutDuration: 15, ipMultiplier: 10 } as const;

/** Sign-in with a passkey alone (a discoverable WebAuthn credential), without an identifier first. */
export const PasskeySignInSchema = Type.Object({
  enabled: Type.Boolean(),
  showPasskeyButton: Type.Optional(Type.Boolean()),
  allowAutofill: Type.Optional(Type.Boolean()),
});
export type PasskeySignIn = Static<typeof PasskeySignInSchema>;
