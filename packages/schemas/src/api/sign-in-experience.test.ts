// The public shape accepts what the seed will return and rejects an unknown sign-in mode.
import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';

import { ErrorResponseSchema } from './error.ts';
import { SignInExperienceSchema, type SignInExperience } from './sign-in-experience.ts';

const experience: SignInExperience = {
  id: 'default',
  color: { primaryColor: '#6139F6', isDarkModeEnabled: false, darkPrimaryColor: '#8F73FF' },
  branding: { logoUrl: 'https://example.com/logo.svg' },
  languageInfo: { autoDetect: true, fallbackLanguage: 'en' },
  signInMode: 'SignInAndRegister',
  signUp: { identifiers: ['username'], password: true, verify: false },
  signIn: {
    methods: [{ identifier: 'username', password: true, verificationCode: false, isPasswordPrimary: true }],
  },
  socialSignInConnectorTargets: [],
  socialConnectors: [],
  passwordPolicy: {},
  mfa: { factors: [], policy: 'UserControlled' },
  passkeySignIn: { enabled: false },
  termsOfUseUrl: null,
  privacyPolicyUrl: null,
  supportEmail: null,
  supportWebsiteUrl: null,
  forgotPasswordMethods: null,
};

describe('SignInExperienceSchema', () => {
  it('accepts the default experience', () => {
    expect(Value.Check(SignInExperienceSchema, experience)).toBe(true);
  });

  it('rejects an unknown sign-in mode', () => {
    expect(Value.Check(SignInExperienceSchema, { ...experience, signInMode: 'Open' })).toBe(false);
  });
});

describe('ErrorResponseSchema', () => {
  it('makes data optional', () => {
    expect(Value.Check(ErrorResponseSchema, { code: 'auth.unauthorized', message: 'no' })).toBe(true);
    expect(Value.Check(ErrorResponseSchema, { code: 'x' })).toBe(false);
  });
});
