// GET /api/.well-known/sign-in-exp: the public sign-in experience the UI renders. Built from the
// same JSON shapes as the table, but it is its own shape: no tenant id, no custom CSS or
// sentinel policy, and serialisation drops anything not listed here.
import { Type, type Static } from 'typebox';

import {
  BrandingSchema,
  ColorSchema,
  LanguageInfoSchema,
  MfaSchema,
  PasskeySignInSchema,
  PasswordPolicySchema,
  SentinelPolicySchema,
  SignInModeSchema,
  SignInSchema,
  SignUpSchema,
} from '../json/sign-in-experience.ts';

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
});
export type SignInExperienceDetails = Static<typeof SignInExperienceDetailsSchema>;

const closed = { additionalProperties: false } as const;
const hexColor = Type.String({ pattern: '^#([0-9a-fA-F]{3}){1,2}$' });
const httpUrl = Type.String({ maxLength: 2048, pattern: '^https?://[^\\s]+$' });
/** An empty string clears the link, as in Logto. */
const optionalUrl = Type.Union([httpUrl, Type.Literal(''), Type.Null()]);
export const LanguageTagSchema = Type.String({ maxLength: 16, pattern: '^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$' });
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

export const UpdateSignInExperienceBodySchema = Type.Object(
  {
    color: Type.Optional(
      Type.Object({ primaryColor: hexColor, isDarkModeEnabled: Type.Boolean(), darkPrimaryColor: hexColor }, closed),
    ),
    branding: Type.Optional(
      Type.Object(
        {
          logoUrl: Type.Optional(httpUrl),
          darkLogoUrl: Type.Optional(httpUrl),
          favicon: Type.Optional(httpUrl),
          darkFavicon: Type.Optional(httpUrl),
        },
        closed,
      ),
    ),
    languageInfo: Type.Optional(Type.Object({ autoDetect: Type.Boolean(), fallbackLanguage: LanguageTagSchema }, closed)),
    termsOfUseUrl: Type.Optional(optionalUrl),
    privacyPolicyUrl: Type.Optional(optionalUrl),
    signInMode: Type.Optional(SignInModeSchema),
    signUp: Type.Optional(
      Type.Object(
        { identifiers: Type.Array(identifier, { maxItems: 3 }), password: Type.Boolean(), verify: Type.Boolean() },
        closed,
      ),
    ),
    signIn: Type.Optional(
      Type.Object(
        {
          methods: Type.Array(
            Type.Object(
              {
                identifier,
                password: Type.Boolean(),
                verificationCode: Type.Boolean(),
                isPasswordPrimary: Type.Boolean(),
              },
              closed,
            ),
            { maxItems: 3 },
          ),
        },
        closed,
      ),
    ),
    socialSignInConnectorTargets: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 128 }), { maxItems: 100 })),
    passwordPolicy: Type.Optional(
      Type.Object(
        {
          length: Type.Optional(
            Type.Object({ min: Type.Optional(smallInteger(1, 256)), max: Type.Optional(smallInteger(1, 256)) }, closed),
          ),
          characterTypes: Type.Optional(Type.Object({ min: Type.Optional(smallInteger(1, 4)) }, closed)),
          rejects: Type.Optional(
            Type.Object(
              {
                pwned: Type.Optional(Type.Boolean()),
                repetitionAndSequence: Type.Optional(Type.Boolean()),
                userInfo: Type.Optional(Type.Boolean()),
                words: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 256 }), { maxItems: 1000 })),
              },
              closed,
            ),
          ),
        },
        closed,
      ),
    ),
    mfa: Type.Optional(Type.Object({ factors: Type.Array(MfaFactorSchema, { maxItems: 5 }), policy: MfaPolicySchema }, closed)),
    passkeySignIn: Type.Optional(
      Type.Object(
        { enabled: Type.Boolean(), showPasskeyButton: Type.Optional(Type.Boolean()), allowAutofill: Type.Optional(Type.Boolean()) },
        closed,
      ),
    ),
    sentinelPolicy: Type.Optional(
      Type.Object(
        {
          maxAttempts: Type.Optional(smallInteger(1, 10_000)),
          /** Minutes in which failures are counted. */
          attemptWindow: Type.Optional(smallInteger(1, 60 * 24)),
          /** Minutes. */
          lockoutDuration: Type.Optional(smallInteger(1, 60 * 24 * 365)),
        },
        closed,
      ),
    ),
    customCss: Type.Optional(Type.Union([Type.String({ maxLength: 100_000 }), Type.Null()])),
  },
  closed,
);
export type UpdateSignInExperienceBody = Static<typeof UpdateSignInExperienceBodySchema>;
