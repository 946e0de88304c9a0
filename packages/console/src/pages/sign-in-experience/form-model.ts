import type { SignInExperienceDetails, UpdateSignInExperienceBody } from '@idp/schemas';

// The page's form, flat enough for inputs, and the PATCH body built from it. The same conversion of
// the stored settings gives the baseline, so "what changed" is a comparison of two bodies.

export const identifiers = ['username', 'email', 'phone'] as const;
export type Identifier = (typeof identifiers)[number];
export const mfaFactors = ['Totp', 'WebAuthn', 'BackupCode', 'EmailVerificationCode', 'PhoneVerificationCode'] as const;
export const mfaPolicies = [
  'UserControlled',
  'Mandatory',
  'PromptOnlyAtSignIn',
  'PromptAtSignInAndSignUp',
  'NoPrompt',
  'PromptAtSignInAndSignUpMandatory',
  'PromptOnlyAtSignInMandatory',
] as const;
type MfaFactor = (typeof mfaFactors)[number];
type MfaPolicy = (typeof mfaPolicies)[number];

// Logto's defaults, shown when the stored policy leaves a part out.
const sentinelDefaults = { maxAttempts: 10, attemptWindow: 15, lockoutDuration: 15 };
const passwordDefaults = { min: 8, max: 256, characterTypes: 1 };

type Method = { enabled: boolean; password: boolean; verificationCode: boolean; isPasswordPrimary: boolean };

export type Form = {
  primaryColor: string;
  isDarkModeEnabled: boolean;
  darkPrimaryColor: string;
  logoUrl: string;
  darkLogoUrl: string;
  favicon: string;
  darkFavicon: string;
  customCss: string;
  signUpIdentifiers: Record<Identifier, boolean>;
  signUpPassword: boolean;
  signUpVerify: boolean;
  signInMethods: Record<Identifier, Method>;
  socialTargets: string[];
  passwordMin: string;
  passwordMax: string;
  characterTypes: string;
  rejectPwned: boolean;
  rejectRepetition: boolean;
  rejectUserInfo: boolean;
  rejectWords: string;
  mfaPolicy: MfaPolicy;
  mfaFactors: Record<MfaFactor, boolean>;
  maxAttempts: string;
  attemptWindow: string;
  lockoutDuration: string;
};

const text = (value: number | undefined, fallback: number) => String(value ?? fallback);

export function formOf(settings: SignInExperienceDetails): Form {
  const { color, branding, signUp, signIn, passwordPolicy, mfa, sentinelPolicy } = settings;
  const methodOf = (identifier: Identifier): Method => {
    const method = signIn.methods.find((candidate) => candidate.identifier === identifier);
    return {
      enabled: Boolean(method),
      password: method?.password ?? true,
      verificationCode: method?.verificationCode ?? false,
      isPasswordPrimary: method?.isPasswordPrimary ?? true,
    };
  };
  return {
    primaryColor: color.primaryColor,
    isDarkModeEnabled: color.isDarkModeEnabled,
    darkPrimaryColor: color.darkPrimaryColor,
    logoUrl: branding.logoUrl ?? '',
    darkLogoUrl: branding.darkLogoUrl ?? '',
    favicon: branding.favicon ?? '',
    darkFavicon: branding.darkFavicon ?? '',
    customCss: settings.customCss ?? '',
    signUpIdentifiers: Object.fromEntries(identifiers.map((name) => [name, signUp.identifiers.includes(name)])) as Record<
      Identifier,
      boolean
    >,
    signUpPassword: signUp.password,
    signUpVerify: signUp.verify,
    signInMethods: Object.fromEntries(identifiers.map((name) => [name, methodOf(name)])) as Record<Identifier, Method>,
    socialTargets: settings.socialSignInConnectorTargets,
    passwordMin: text(passwordPolicy.length?.min, passwordDefaults.min),
    passwordMax: text(passwordPolicy.length?.max, passwordDefaults.max),
    characterTypes: text(passwordPolicy.characterTypes?.min, passwordDefaults.characterTypes),
    rejectPwned: passwordPolicy.rejects?.pwned ?? true,
    rejectRepetition: passwordPolicy.rejects?.repetitionAndSequence ?? true,
    rejectUserInfo: passwordPolicy.rejects?.userInfo ?? true,
    rejectWords: (passwordPolicy.rejects?.words ?? []).join('\n'),
    mfaPolicy: (mfaPolicies as readonly string[]).includes(mfa.policy) ? (mfa.policy as MfaPolicy) : 'UserControlled',
    mfaFactors: Object.fromEntries(mfaFactors.map((name) => [name, mfa.factors.includes(name)])) as Record<MfaFactor, boolean>,
    maxAttempts: text(sentinelPolicy.maxAttempts, sentinelDefaults.maxAttempts),
    attemptWindow: text(sentinelPolicy.attemptWindow, sentinelDefaults.attemptWindow),
    lockoutDuration: text(sentinelPolicy.lockoutDuration, sentinelDefaults.lockoutDuration),
  };
}

/** A URL field: left out when empty (the API takes no empty branding URLs). */
const url = (value: string) => (value.trim() ? value.trim() : undefined);
const lines = (value: string) =>
  value
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

export type Body = Required<
  Pick<
    UpdateSignInExperienceBody,
    'color' | 'branding' | 'customCss' | 'signUp' | 'signIn' | 'socialSignInConnectorTargets' | 'passwordPolicy' | 'mfa' | 'sentinelPolicy'
  >
>;
export type Section = keyof Body;

export function bodyOf(form: Form): Body {
  const dropUndefined = <T extends object>(value: T) => JSON.parse(JSON.stringify(value)) as T;
  return {
    color: { primaryColor: form.primaryColor, isDarkModeEnabled: form.isDarkModeEnabled, darkPrimaryColor: form.darkPrimaryColor },
    branding: dropUndefined({
      logoUrl: url(form.logoUrl),
      darkLogoUrl: url(form.darkLogoUrl),
      favicon: url(form.favicon),
      darkFavicon: url(form.darkFavicon),
    }),
    customCss: form.customCss.trim() ? form.customCss : null,
    signUp: {
      identifiers: identifiers.filter((name) => form.signUpIdentifiers[name]),
      password: form.signUpPassword,
      verify: form.signUpVerify,
    },
    signIn: {
      methods: identifiers
        .filter((name) => form.signInMethods[name].enabled)
        .map((identifier) => {
          const { password, verificationCode, isPasswordPrimary } = form.signInMethods[identifier];
          return { identifier, password, verificationCode, isPasswordPrimary };
        }),
    },
    socialSignInConnectorTargets: form.socialTargets,
    passwordPolicy: {
      length: { min: Number(form.passwordMin), max: Number(form.passwordMax) },
      characterTypes: { min: Number(form.characterTypes) },
      rejects: {
        pwned: form.rejectPwned,
        repetitionAndSequence: form.rejectRepetition,
        userInfo: form.rejectUserInfo,
        words: lines(form.rejectWords),
      },
    },
    mfa: { policy: form.mfaPolicy, factors: mfaFactors.filter((name) => form.mfaFactors[name]) },
    sentinelPolicy: {
      maxAttempts: Number(form.maxAttempts),
      attemptWindow: Number(form.attemptWindow),
      lockoutDuration: Number(form.lockoutDuration),
    },
  };
}

/** The parts of the body that differ from the saved settings: only these are sent. */
export function changes(saved: Body, next: Body): Partial<Body> {
  const changed: Partial<Body> = {};
  for (const key of Object.keys(next) as Section[]) {
    if (JSON.stringify(saved[key]) !== JSON.stringify(next[key])) Object.assign(changed, { [key]: next[key] });
  }
  return changed;
}
