// GET /api/.well-known/sign-in-exp: the tenant's settings the pages follow.
import { browserSupportsWebAuthn } from '@simplewebauthn/browser';
import type { IdentifierType } from '@idp/schemas';
import { requestJson } from './http.ts';

export type { IdentifierType } from '@idp/schemas';
export type SignInMode = 'SignIn' | 'Register' | 'SignInAndRegister';

export type SignInMethod = {
  identifier: IdentifierType;
  password: boolean;
  verificationCode: boolean;
  isPasswordPrimary: boolean;
};

/** A social sign-in option; `name` may be one text or one per language. */
export type SocialConnector = {
  id: string;
  target: string;
  name?: string | Record<string, string>;
  logo?: string;
  logoDark?: string | null;
};

export type PasswordPolicy = {
  length?: { min?: number; max?: number };
  characterTypes?: { min?: number };
};

/** Sign-in with a passkey alone; the button shows unless `showPasskeyButton` is false. */
export type PasskeySignIn = { enabled: boolean; showPasskeyButton?: boolean; allowAutofill?: boolean };

export type SignInExperience = {
  color: { primaryColor: string; isDarkModeEnabled: boolean; darkPrimaryColor: string };
  branding: { logoUrl?: string; darkLogoUrl?: string; favicon?: string; darkFavicon?: string };
  languageInfo: { autoDetect: boolean; fallbackLanguage: string };
  termsOfUseUrl: string | null;
  privacyPolicyUrl: string | null;
  signInMode: SignInMode;
  signUp: { identifiers: IdentifierType[]; password: boolean; verify: boolean };
  signIn: { methods: SignInMethod[] };
  socialSignInConnectorTargets: string[];
  /** Logto answers the enabled social connectors here; older or minimal servers may not. */
  socialConnectors?: SocialConnector[];
  passwordPolicy: PasswordPolicy;
  /** Absent on servers without passkey sign-in. */
  passkeySignIn?: PasskeySignIn;
  /** Where people who need help can turn (shown under every page); absent on older servers. */
  supportEmail?: string | null;
  supportWebsiteUrl?: string | null;
  /** Which channels may reset a password; null or absent: every channel. */
  forgotPasswordMethods?: Array<'EmailVerificationCode' | 'PhoneVerificationCode'> | null;
};

/** The contact types a password reset may use, of those given (Logto's forgotPasswordMethods). */
export function resetTypesOf<T extends string>(settings: Pick<SignInExperience, 'forgotPasswordMethods'>, types: readonly T[]): T[] {
  const methods = settings.forgotPasswordMethods;
  if (!methods) return [...types];
  return types.filter(
    (type) =>
      (type === 'email' && methods.includes('EmailVerificationCode')) || (type === 'phone' && methods.includes('PhoneVerificationCode')),
  );
}

/** The support links to show: a mailto for the email, the website only when it is http(s). */
export function supportLinksOf(settings: Pick<SignInExperience, 'supportEmail' | 'supportWebsiteUrl'>) {
  const email = settings.supportEmail?.trim() || undefined;
  const website = settings.supportWebsiteUrl && /^https?:\/\//i.test(settings.supportWebsiteUrl) ? settings.supportWebsiteUrl : undefined;
  return {
    ...(email ? { email, mailto: `mailto:${encodeURIComponent(email).replace(/%40/g, '@')}` } : {}),
    ...(website ? { website } : {}),
  };
}

export const fetchSignInExperience = () => requestJson<SignInExperience>('GET', '/api/.well-known/sign-in-exp');

export const canSignIn = (settings: SignInExperience) => settings.signInMode !== 'Register';
export const canRegister = (settings: SignInExperience) => settings.signInMode !== 'SignIn';

/** The social options to show: the listed connectors, else one per enabled target. */
export function socialConnectorsOf(settings: SignInExperience): SocialConnector[] {
  if (settings.socialConnectors) return settings.socialConnectors;
  return settings.socialSignInConnectorTargets.map((target) => ({ id: target, target, name: target }));
}

/** The "Sign in with a passkey" button: enabled, not hidden, and the browser can use passkeys. */
export const showsPasskeyButton = (settings: SignInExperience) =>
  Boolean(settings.passkeySignIn?.enabled) && settings.passkeySignIn?.showPasskeyButton !== false && browserSupportsWebAuthn();

export const allowsPasskeyAutofill = (settings: SignInExperience) =>
  Boolean(settings.passkeySignIn?.enabled) && settings.passkeySignIn?.allowAutofill === true;
