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

/** An identifier registration asks for besides the primary one; `emailOrPhone` takes either. */
export const SecondaryIdentifierSchema = Type.Object({
  identifier: Type.String(),
  verify: Type.Optional(Type.Boolean()),
});
export type SecondaryIdentifier = Static<typeof SecondaryIdentifierSchema>;

export const SignUpSchema = Type.Object({
  identifiers: Type.Array(Type.String()),
  password: Type.Boolean(),
  verify: Type.Boolean(),
  secondaryIdentifiers: Type.Optional(Type.Array(SecondaryIdentifierSchema)),
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
  /** What to ask of members of organizations that require MFA: `NoPrompt` (the default) or `Mandatory`. */
  organizationRequiredMfaPolicy: Type.Optional(Type.String()),
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

/** Logto's username rules; only `caseSensitive` is applied by the experience API today. */
export const UsernamePolicySchema = Type.Object({
  caseSensitive: Type.Boolean(),
  minLength: Type.Integer(),
  maxLength: Type.Integer(),
  allowedChars: Type.Object({
    lowercase: Type.Boolean(),
    uppercase: Type.Boolean(),
    numbers: Type.Boolean(),
    underscore: Type.Boolean(),
  }),
});
export type UsernamePolicy = Static<typeof UsernamePolicySchema>;

export const usernamePolicyDefaults: UsernamePolicy = {
  caseSensitive: true,
  minLength: 1,
  maxLength: 128,
  allowedChars: { lowercase: true, uppercase: true, numbers: true, underscore: true },
};

/** Which email addresses registration and adding an email refuse. */
export const EmailBlocklistPolicySchema = Type.Object({
  blockDisposableAddresses: Type.Optional(Type.Boolean()),
  blockSubaddressing: Type.Optional(Type.Boolean()),
  /** Whole addresses (`someone@example.com`) and domains (`@example.com`), matched regardless of case. */
  customBlocklist: Type.Optional(Type.Array(Type.String())),
});
export type EmailBlocklistPolicy = Static<typeof EmailBlocklistPolicySchema>;

/**
 * Passwords older than `validPeriodDays` are refused at sign-in (`password.expired`) until reset.
 * `enabledAt` (set by the server) is the age anchor of passwords set before the policy existed.
 */
export const PasswordExpirationSchema = Type.Object({
  enabled: Type.Optional(Type.Boolean()),
  validPeriodDays: Type.Optional(Type.Integer()),
  reminderPeriodDays: Type.Optional(Type.Integer()),
  enabledAt: Type.Optional(Type.Number()),
});
export type PasswordExpiration = Static<typeof PasswordExpirationSchema>;

export const forgotPasswordMethods = ['EmailVerificationCode', 'PhoneVerificationCode'] as const;
export type ForgotPasswordMethod = (typeof forgotPasswordMethods)[number];

export const AdaptiveMfaSchema = Type.Object({ enabled: Type.Optional(Type.Boolean()) });
export type AdaptiveMfa = Static<typeof AdaptiveMfaSchema>;

export const CaptchaPolicySchema = Type.Object({ enabled: Type.Optional(Type.Boolean()) });
export type CaptchaPolicy = Static<typeof CaptchaPolicySchema>;

export const CustomUiCspSchema = Type.Object({
  scriptSrc: Type.Optional(Type.Array(Type.String())),
  connectSrc: Type.Optional(Type.Array(Type.String())),
});
export type CustomUiCsp = Static<typeof CustomUiCspSchema>;

export const CustomUiAssetsSchema = Type.Object({ id: Type.String(), createdAt: Type.Number() });
export type CustomUiAssets = Static<typeof CustomUiAssetsSchema>;

export const SocialSignInSchema = Type.Object({
  automaticAccountLinking: Type.Optional(Type.Boolean()),
  skipRequiredIdentifiers: Type.Optional(Type.Boolean()),
});
export type SocialSignIn = Static<typeof SocialSignInSchema>;
