// GET /api/.well-known/sign-in-exp: the public sign-in experience the UI renders. Built from the
// same JSON shapes as the table, but it is its own shape: no tenant id, no custom CSS or
// sentinel policy, and serialisation drops anything not listed here.
import { Type, type Static } from 'typebox';

import {
  BrandingSchema,
  ColorSchema,
  LanguageInfoSchema,
  MfaSchema,
  PasswordPolicySchema,
  SignInModeSchema,
  SignInSchema,
  SignUpSchema,
} from '../json/sign-in-experience.ts';

export const SignInExperienceSchema = Type.Object({
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
});
export type SignInExperience = Static<typeof SignInExperienceSchema>;
