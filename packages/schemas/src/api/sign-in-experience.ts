// GET /api/.well-known/sign-in-exp: the public sign-in experience the UI renders. Built from the
// same JSON shapes as the table, but it is its own shape: no tenant id, no custom CSS or
// sentinel policy, and serialisation drops anything not listed here.
import { Type, type Static } from 'typebox';

import {
  AdaptiveMfaSchema,
  BrandingSchema,
  CaptchaPolicySchema,
  ColorSchema,
  CustomUiAssetsSchema,
  CustomUiCspSchema,
  EmailBlocklistPolicySchema,
  LanguageInfoSchema,
  MfaSchema,
  PasskeySignInSchema,
  PasswordExpirationSchema,
  PasswordPolicySchema,
  SentinelPolicySchema,
  SignInModeSchema,
  SignInSchema,
  SignUpSchema,
  SocialSignInSchema,
  UsernamePolicySchema,
} from '../json/sign-in-experience.ts';
import { closedObject, emailPattern, hexColorPattern, languageTagPattern, PathIdSchema } from './common.ts';

const AgreeToTermsPolicySchema = Type.Union([Type.Literal('Automatic'), Type.Literal('ManualRegistrationOnly'), Type.Literal('Manual')]);
const ForgotPasswordMethodSchema = Type.Union([Type.Literal('EmailVerificationCode'), Type.Literal('PhoneVerificationCode')]);

const signInExperienceProperties = {
  id: Type.String(),
  color: ColorSchema,
  branding: BrandingSchema,
  languageInfo: LanguageInfoSchema,
  termsOfUseUrl: Type.Union([Type.String(), Type.Null()]),
  privacyPolicyUrl: Type.Union([Type.String(), Type.Null()]),
  signInMode: SignInModeSchema,
  signUp: SignUpSchema,
  signIn: SignInSchema,
  socialSignInConnectorTargets: Type.Array(Type.String()),
  passwordPolicy: PasswordPolicySchema,
  mfa: MfaSchema,
  passkeySignIn: PasskeySignInSchema,
  /** Where the sign-in UI sends people who need help (shown on its pages). */
  supportEmail: Type.Union([Type.String(), Type.Null()]),
  supportWebsiteUrl: Type.Union([Type.String(), Type.Null()]),
  /** Which channels may reset a password; null: every channel that has a connector. */
  forgotPasswordMethods: Type.Union([Type.Array(ForgotPasswordMethodSchema), Type.Null()]),
};

export const SignInExperienceSchema = Type.Object({
  ...signInExperienceProperties,
  /** The enabled social connectors, so the UI can draw a button per connector and address it by id. */
  socialConnectors: Type.Array(
    Type.Object({
      id: Type.String(),
      target: Type.String(),
      name: Type.Union([Type.String(), Type.Record(Type.String(), Type.String())]),
      logo: Type.Optional(Type.String()),
      logoDark: Type.Optional(Type.String()),
    }),
  ),
});
export type SignInExperience = Static<typeof SignInExperienceSchema>;

// GET/PATCH /api/sign-in-exp: the Management API's view, which adds what only administrators see
// (tenant, sentinel policy, custom CSS). The update body is closed at every level: a key the
// platform would not store is an error, not silently dropped.
export const SignInExperienceDetailsSchema = Type.Object({
  tenantId: Type.String(),
  ...signInExperienceProperties,
  sentinelPolicy: SentinelPolicySchema,
  customCss: Type.Union([Type.String(), Type.Null()]),
  socialSignIn: SocialSignInSchema,
  adaptiveMfa: AdaptiveMfaSchema,
  usernamePolicy: UsernamePolicySchema,
  captchaPolicy: CaptchaPolicySchema,
  emailBlocklistPolicy: EmailBlocklistPolicySchema,
  singleSignOnEnabled: Type.Boolean(),
  customUiCsp: CustomUiCspSchema,
  customUiAssets: Type.Union([CustomUiAssetsSchema, Type.Null()]),
  passwordExpiration: PasswordExpirationSchema,
  // Stored and returned as Logto does; the sign-in UI does not act on them yet.
  hideLogtoBranding: Type.Boolean(),
  agreeToTermsPolicy: AgreeToTermsPolicySchema,
  customContent: Type.Record(Type.String(), Type.String()),
  unknownSessionRedirectUrl: Type.Union([Type.String(), Type.Null()]),
  verificationCodePolicy: Type.Object({
    expirationDuration: Type.Optional(Type.Number()),
    maxRetryAttempts: Type.Optional(Type.Number()),
  }),
  signUpProfileFields: Type.Union([Type.Array(Type.Object({ name: Type.String() })), Type.Null()]),
});
export type SignInExperienceDetails = Static<typeof SignInExperienceDetailsSchema>;

// GET /api/.well-known/experience: Logto's "full sign-in experience", everything the sign-in app
// needs in one read. Settings this platform does not have yet carry the value that means "off".
const nullableString = Type.Union([Type.String(), Type.Null()]);
export const FullSignInExperienceSchema = Type.Object({
  ...SignInExperienceDetailsSchema.properties,
  /** The enabled social connectors, in the order of `socialSignInConnectorTargets`. */
  socialConnectors: Type.Array(
    Type.Object({
      id: Type.String(),
      target: Type.String(),
      name: Type.Record(Type.String(), Type.String()),
      logo: Type.String(),
      logoDark: nullableString,
      platform: Type.Union([Type.Literal('Native'), Type.Literal('Universal'), Type.Literal('Web'), Type.Null()]),
      isStandard: Type.Boolean(),
      isTokenStorageSupported: Type.Boolean(),
    }),
  ),
  /** Enterprise SSO is not offered yet: always empty. */
  ssoConnectors: Type.Array(
    Type.Object({ id: Type.String(), connectorName: Type.String(), logo: Type.String(), darkLogo: Type.Optional(Type.String()) }),
  ),
  /** Which channels can send a password-reset code: the tenant has an email / SMS connector. */
  forgotPassword: Type.Object({ phone: Type.Boolean(), email: Type.Boolean() }),
  isDevelopmentTenant: Type.Boolean(),
  customProfileFields: Type.Array(Type.Record(Type.String(), Type.Unknown())),
});
export type FullSignInExperience = Static<typeof FullSignInExperienceSchema>;

export const FullSignInExperienceQuerySchema = Type.Object({
  organizationId: Type.Optional(PathIdSchema),
  appId: Type.Optional(PathIdSchema),
});

const hexColor = Type.String({ pattern: hexColorPattern });
const httpUrl = Type.String({ maxLength: 2048, pattern: '^https?://[^\\s]+$' });
/** An empty string clears the link, as in Logto. */
const optionalUrl = Type.Union([httpUrl, Type.Literal(''), Type.Null()]);
export const LanguageTagSchema = Type.String({ maxLength: 16, pattern: languageTagPattern });
const identifier = Type.Union([Type.Literal('username'), Type.Literal('email'), Type.Literal('phone')]);
const smallInteger = (minimum: number, maximum: number) => Type.Integer({ minimum, maximum });

export const MfaFactorSchema = Type.Union([
  Type.Literal('Totp'),
  Type.Literal('WebAuthn'),
  Type.Literal('BackupCode'),
  Type.Literal('EmailVerificationCode'),
  Type.Literal('PhoneVerificationCode'),
]);
export const MfaPolicySchema = Type.Union([
  Type.Literal('UserControlled'),
  Type.Literal('Mandatory'),
  Type.Literal('PromptOnlyAtSignIn'),
  Type.Literal('PromptAtSignInAndSignUp'),
  Type.Literal('NoPrompt'),
  Type.Literal('PromptAtSignInAndSignUpMandatory'),
  Type.Literal('PromptOnlyAtSignInMandatory'),
]);

export const UpdateSignInExperienceBodySchema = closedObject({
  color: Type.Optional(closedObject({ primaryColor: hexColor, isDarkModeEnabled: Type.Boolean(), darkPrimaryColor: hexColor })),
  branding: Type.Optional(
    closedObject({
      logoUrl: Type.Optional(httpUrl),
      darkLogoUrl: Type.Optional(httpUrl),
      favicon: Type.Optional(httpUrl),
      darkFavicon: Type.Optional(httpUrl),
    }),
  ),
  languageInfo: Type.Optional(closedObject({ autoDetect: Type.Boolean(), fallbackLanguage: LanguageTagSchema })),
  termsOfUseUrl: Type.Optional(optionalUrl),
  privacyPolicyUrl: Type.Optional(optionalUrl),
  signInMode: Type.Optional(SignInModeSchema),
  signUp: Type.Optional(
    closedObject({
      identifiers: Type.Array(identifier, { maxItems: 3 }),
      password: Type.Boolean(),
      verify: Type.Boolean(),
      secondaryIdentifiers: Type.Optional(
        Type.Array(
          closedObject({
            identifier: Type.Union([identifier, Type.Literal('emailOrPhone')]),
            verify: Type.Optional(Type.Boolean()),
          }),
          { maxItems: 4 },
        ),
      ),
    }),
  ),
  signIn: Type.Optional(
    closedObject({
      methods: Type.Array(
        closedObject({
          identifier,
          password: Type.Boolean(),
          verificationCode: Type.Boolean(),
          isPasswordPrimary: Type.Boolean(),
        }),
        { maxItems: 3 },
      ),
    }),
  ),
  socialSignInConnectorTargets: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 128 }), { maxItems: 100 })),
  passwordPolicy: Type.Optional(
    closedObject({
      length: Type.Optional(closedObject({ min: Type.Optional(smallInteger(1, 256)), max: Type.Optional(smallInteger(1, 256)) })),
      characterTypes: Type.Optional(closedObject({ min: Type.Optional(smallInteger(1, 4)) })),
      rejects: Type.Optional(
        closedObject({
          pwned: Type.Optional(Type.Boolean()),
          repetitionAndSequence: Type.Optional(Type.Boolean()),
          userInfo: Type.Optional(Type.Boolean()),
          words: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 256 }), { maxItems: 1000 })),
        }),
      ),
    }),
  ),
  mfa: Type.Optional(
    closedObject({
      factors: Type.Array(MfaFactorSchema, { maxItems: 5 }),
      policy: MfaPolicySchema,
      organizationRequiredMfaPolicy: Type.Optional(Type.Union([Type.Literal('NoPrompt'), Type.Literal('Mandatory')])),
    }),
  ),
  passkeySignIn: Type.Optional(
    closedObject({
      enabled: Type.Boolean(),
      showPasskeyButton: Type.Optional(Type.Boolean()),
      allowAutofill: Type.Optional(Type.Boolean()),
    }),
  ),
  sentinelPolicy: Type.Optional(
    closedObject({
      maxAttempts: Type.Optional(smallInteger(1, 10_000)),
      /** Minutes in which failures are counted. */
      attemptWindow: Type.Optional(smallInteger(1, 60 * 24)),
      /** Minutes. */
      lockoutDuration: Type.Optional(smallInteger(1, 60 * 24 * 365)),
    }),
  ),
  customCss: Type.Optional(Type.Union([Type.String({ maxLength: 100_000 }), Type.Null()])),
  socialSignIn: Type.Optional(
    closedObject({
      automaticAccountLinking: Type.Optional(Type.Boolean()),
      skipRequiredIdentifiers: Type.Optional(Type.Boolean()),
    }),
  ),
  adaptiveMfa: Type.Optional(closedObject({ enabled: Type.Optional(Type.Boolean()) })),
  /** Every part is required, as in Logto; the cross-field rules are checked by the route. */
  usernamePolicy: Type.Optional(
    closedObject({
      caseSensitive: Type.Boolean(),
      minLength: smallInteger(1, 128),
      maxLength: smallInteger(1, 128),
      allowedChars: closedObject({
        lowercase: Type.Boolean(),
        uppercase: Type.Boolean(),
        numbers: Type.Boolean(),
        underscore: Type.Boolean(),
      }),
    }),
  ),
  captchaPolicy: Type.Optional(closedObject({ enabled: Type.Optional(Type.Boolean()) })),
  emailBlocklistPolicy: Type.Optional(
    closedObject({
      blockDisposableAddresses: Type.Optional(Type.Boolean()),
      blockSubaddressing: Type.Optional(Type.Boolean()),
      /** Checked item by item by the route, so a bad item is named in the error. */
      customBlocklist: Type.Optional(Type.Array(Type.String({ maxLength: 256 }), { maxItems: 1000 })),
    }),
  ),
  singleSignOnEnabled: Type.Optional(Type.Boolean()),
  customUiCsp: Type.Optional(
    closedObject({
      scriptSrc: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 2048 }), { maxItems: 50 })),
      connectSrc: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 2048 }), { maxItems: 50 })),
    }),
  ),
  customUiAssets: Type.Optional(
    Type.Union([closedObject({ id: Type.String({ minLength: 1, maxLength: 128 }), createdAt: Type.Integer({ minimum: 0 }) }), Type.Null()]),
  ),
  passwordExpiration: Type.Optional(
    closedObject({
      enabled: Type.Optional(Type.Boolean()),
      /** Checked by the route (Logto's own code for a bad period). */
      validPeriodDays: Type.Optional(Type.Integer()),
      reminderPeriodDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 36_500 })),
      /** Set by the server; a value sent back from a GET is ignored. */
      enabledAt: Type.Optional(Type.Number()),
    }),
  ),
  /** An empty string clears it, as in Logto. */
  supportEmail: Type.Optional(Type.Union([Type.String({ maxLength: 256, pattern: emailPattern }), Type.Literal(''), Type.Null()])),
  supportWebsiteUrl: Type.Optional(optionalUrl),
  forgotPasswordMethods: Type.Optional(Type.Union([Type.Array(ForgotPasswordMethodSchema, { maxItems: 2 }), Type.Null()])),
  hideLogtoBranding: Type.Optional(Type.Boolean()),
  agreeToTermsPolicy: Type.Optional(AgreeToTermsPolicySchema),
  /** HTML per page of the sign-in UI, keyed by the page's path (e.g. `/sign-in`). */
  customContent: Type.Optional(
    Type.Record(Type.String({ minLength: 1, maxLength: 256 }), Type.String({ maxLength: 100_000 }), { maxProperties: 50 }),
  ),
  unknownSessionRedirectUrl: Type.Optional(Type.Union([httpUrl, Type.Null()])),
  verificationCodePolicy: Type.Optional(
    closedObject({
      /** Seconds. */
      expirationDuration: Type.Optional(smallInteger(60, 86_400)),
      maxRetryAttempts: Type.Optional(smallInteger(1, 100)),
    }),
  ),
  signUpProfileFields: Type.Optional(
    Type.Union([Type.Array(closedObject({ name: Type.String({ minLength: 1, maxLength: 128 }) }), { maxItems: 50 }), Type.Null()]),
  ),
});
export type UpdateSignInExperienceBody = Static<typeof UpdateSignInExperienceBodySchema>;

/** POST /api/sign-in-exp/default/check-password. */
export const CheckPasswordBodySchema = closedObject({
  password: Type.String({ maxLength: 4096 }),
  userId: Type.Optional(PathIdSchema),
});
export const CheckPasswordFailureSchema = Type.Object({
  result: Type.Literal(false),
  issues: Type.Array(Type.Object({ code: Type.String(), interpolation: Type.Optional(Type.Record(Type.String(), Type.Unknown())) })),
});
export const CheckPasswordResponseSchema = Type.Object({ result: Type.Literal(true) });

/** GET /api/sign-in-exp/username-policy/case-sensitivity-conflicts. */
export const CaseConflictsQuerySchema = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
});
export const CaseConflictsResponseSchema = Type.Object({
  totalConflicts: Type.Integer({ minimum: 0 }),
  samples: Type.Array(Type.Object({ usernameLower: Type.String(), userIds: Type.Array(Type.String()) })),
});
