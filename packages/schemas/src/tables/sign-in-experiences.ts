// How the sign-in UI looks and which methods it offers; one row ('default') per tenant today.
import { boolean, jsonb, pgTable, primaryKey, text, varchar } from 'drizzle-orm/pg-core';

import {
  type AdaptiveMfa,
  type Branding,
  type CaptchaPolicy,
  type CustomUiAssets,
  type CustomUiCsp,
  type EmailBlocklistPolicy,
  type ForgotPasswordMethod,
  type PasswordExpiration,
  type SocialSignIn,
  type UsernamePolicy,
  usernamePolicyDefaults,
  type Color,
  type LanguageInfo,
  type Mfa,
  type PasskeySignIn,
  type PasswordPolicy,
  type SentinelPolicy,
  type SignIn,
  type SignInMode,
  type SignUp,
} from '../json/sign-in-experience.ts';
import { idColumn, oneOf, tenantIdColumn } from './columns.ts';

export const agreeToTermsPolicies = ['Automatic', 'ManualRegistrationOnly', 'Manual'] as const;
export type AgreeToTermsPolicy = (typeof agreeToTermsPolicies)[number];
/** Seconds a verification code lives, and how many wrong tries it takes. */
export type VerificationCodePolicy = { expirationDuration?: number; maxRetryAttempts?: number };
export type SignUpProfileField = { name: string };

export const signInModes = ['SignIn', 'Register', 'SignInAndRegister'] as const satisfies readonly SignInMode[];

export const signInExperiences = pgTable(
  'sign_in_experiences',
  {
    tenantId: tenantIdColumn(),
    id: idColumn().notNull(),
    // No defaults where the shape has required fields: the seed writes them.
    color: jsonb('color').$type<Color>().notNull(),
    branding: jsonb('branding').$type<Branding>().notNull().default({}),
    languageInfo: jsonb('language_info').$type<LanguageInfo>().notNull(),
    termsOfUseUrl: varchar('terms_of_use_url', { length: 2048 }),
    privacyPolicyUrl: varchar('privacy_policy_url', { length: 2048 }),
    signInMode: varchar('sign_in_mode', { length: 32 }).$type<SignInMode>().notNull().default('SignInAndRegister'),
    signUp: jsonb('sign_up').$type<SignUp>().notNull(),
    signIn: jsonb('sign_in').$type<SignIn>().notNull(),
    socialSignInConnectorTargets: jsonb('social_sign_in_connector_targets').$type<string[]>().notNull().default([]),
    passwordPolicy: jsonb('password_policy').$type<PasswordPolicy>().notNull().default({}),
    mfa: jsonb('mfa').$type<Mfa>().notNull().default({ factors: [], policy: 'UserControlled' }),
    passkeySignIn: jsonb('passkey_sign_in').$type<PasskeySignIn>().notNull().default({ enabled: false }),
    sentinelPolicy: jsonb('sentinel_policy').$type<SentinelPolicy>().notNull().default({}),
    customCss: text('custom_css'),
    // Logto's later settings (migration 0008); which ones take effect is listed in the README.
    socialSignIn: jsonb('social_sign_in').$type<SocialSignIn>().notNull().default({}),
    adaptiveMfa: jsonb('adaptive_mfa').$type<AdaptiveMfa>().notNull().default({}),
    usernamePolicy: jsonb('username_policy').$type<UsernamePolicy>().notNull().default(usernamePolicyDefaults),
    captchaPolicy: jsonb('captcha_policy').$type<CaptchaPolicy>().notNull().default({}),
    emailBlocklistPolicy: jsonb('email_blocklist_policy').$type<EmailBlocklistPolicy>().notNull().default({}),
    singleSignOnEnabled: boolean('single_sign_on_enabled').notNull().default(false),
    customUiCsp: jsonb('custom_ui_csp').$type<CustomUiCsp>().notNull().default({}),
    customUiAssets: jsonb('custom_ui_assets').$type<CustomUiAssets>(),
    passwordExpiration: jsonb('password_expiration').$type<PasswordExpiration>().notNull().default({}),
    supportEmail: text('support_email'),
    supportWebsiteUrl: text('support_website_url'),
    /** Null: every channel with a connector may reset a password (Logto's reading of an unset list). */
    forgotPasswordMethods: jsonb('forgot_password_methods').$type<ForgotPasswordMethod[]>(),
    // Logto's remaining settings (migration 0011): stored and returned, not acted on yet.
    hideLogtoBranding: boolean('hide_logto_branding').notNull().default(false),
    agreeToTermsPolicy: varchar('agree_to_terms_policy', { length: 32 }).$type<AgreeToTermsPolicy>().notNull().default('Automatic'),
    customContent: jsonb('custom_content').$type<Record<string, string>>().notNull().default({}),
    unknownSessionRedirectUrl: text('unknown_session_redirect_url'),
    verificationCodePolicy: jsonb('verification_code_policy').$type<VerificationCodePolicy>().notNull().default({}),
    signUpProfileFields: jsonb('sign_up_profile_fields').$type<SignUpProfileField[]>(),
  },
  (t) => [
    primaryKey({ name: 'sign_in_experiences_pkey', columns: [t.tenantId, t.id] }),
    oneOf('sign_in_experiences__sign_in_mode', t.signInMode, signInModes),
    oneOf('sign_in_experiences__agree_to_terms_policy', t.agreeToTermsPolicy, agreeToTermsPolicies),
  ],
);

export type SignInExperienceRow = typeof signInExperiences.$inferSelect;
export type NewSignInExperienceRow = typeof signInExperiences.$inferInsert;
