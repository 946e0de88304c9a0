// How the sign-in UI looks and which methods it offers; one row ('default') per tenant today.
import { jsonb, pgTable, primaryKey, text, varchar } from 'drizzle-orm/pg-core';

import type {
  Branding,
  Color,
  LanguageInfo,
  Mfa,
  PasskeySignIn,
  PasswordPolicy,
  SentinelPolicy,
  SignIn,
  SignInMode,
  SignUp,
} from '../json/sign-in-experience.ts';
import { idColumn, oneOf, tenantIdColumn } from './columns.ts';

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
  },
  (t) => [
    primaryKey({ name: 'sign_in_experiences_pkey', columns: [t.tenantId, t.id] }),
    oneOf('sign_in_experiences__sign_in_mode', t.signInMode, signInModes),
  ],
);

export type SignInExperienceRow = typeof signInExperiences.$inferSelect;
export type NewSignInExperienceRow = typeof signInExperiences.$inferInsert;
