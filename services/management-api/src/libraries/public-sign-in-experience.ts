// What the sign-in UI reads before anyone has signed in: the sign-in experience with its social
// connectors, and its phrases in the language the visitor gets.
import type { Db } from '@idp/db';
import { notFound } from '@idp/errors';
import type { FullSignInExperience } from '@idp/schemas';
import { builtInLanguages, builtInPhrases, mergePhrases, type Phrases } from '../phrases/index.ts';
import { listCustomPhrases } from '../queries/custom-phrases.ts';
import { findSignInExperience, getSignInExperience } from '../queries/sign-in-experiences.ts';
import { toConnectorResponse } from './connector-responses.ts';
import { listConnectors, type ConnectorWithFactory } from './connectors.ts';
import { toSignInExperienceDetails } from './sign-in-experience.ts';

/** Language tags from an Accept-Language header, most preferred first. */
function acceptedLanguages(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((part) => {
      const [tag = '', ...parameters] = part.trim().split(';');
      const quality = parameters.map((parameter) => /^\s*q=([0-9.]+)\s*$/.exec(parameter)?.[1]).find(Boolean);
      return { tag: tag.trim(), quality: quality === undefined ? 1 : Number(quality) };
    })
    .filter(({ tag, quality }) => tag && tag !== '*' && quality > 0)
    .sort((a, b) => b.quality - a.quality)
    .map(({ tag }) => tag);
}

/** The first wanted language that has phrases: exactly, ignoring case, or by its primary subtag (`ko-KR` → `ko`). */
function pickLanguage(wanted: string[], available: string[]): string | undefined {
  for (const tag of wanted) {
    const lower = tag.toLowerCase();
    const match =
      available.find((candidate) => candidate.toLowerCase() === lower) ??
      available.find((candidate) => candidate.toLowerCase() === lower.split('-')[0]);
    if (match) return match;
  }
  return undefined;
}

/** The social connectors whose target the sign-in experience enables, in that order. */
function enabledSocialConnectors(connectors: ConnectorWithFactory[], targets: string[]) {
  const social = connectors.filter(({ factory }) => factory.type === 'Social').map(({ row, factory }) => toConnectorResponse(row, factory));
  return targets.flatMap((target) => social.filter((connector) => connector.target === target));
}

/** The enabled social connectors as the sign-in UI lists them. */
export async function listSocialConnectors(db: Db, tenantId: string, targets: string[]) {
  if (targets.length === 0) return [];
  return enabledSocialConnectors(await listConnectors(db, tenantId), targets).map(({ id, target, name, logo, logoDark }) => ({
    id,
    target,
    name,
    logo,
    ...(typeof logoDark === 'string' ? { logoDark } : {}),
  }));
}

/** Logto's full sign-in experience; what this platform has no setting for is off or empty. */
export async function getFullSignInExperience(db: Db, tenantId: string): Promise<FullSignInExperience> {
  const [signInExperience, connectors] = await Promise.all([findSignInExperience(db, tenantId), listConnectors(db, tenantId)]);
  if (!signInExperience) throw notFound('The tenant has no sign-in experience.');
  const hasConnector = (type: string) => connectors.some(({ factory }) => factory.type === type);
  // Password reset by the channels that have a connector and, when the list is set, are in it.
  const methods = signInExperience.forgotPasswordMethods;
  const details = toSignInExperienceDetails(signInExperience);
  return {
    ...details,
    adaptiveMfa: { enabled: false, ...details.adaptiveMfa },
    captchaPolicy: { enabled: false, ...details.captchaPolicy },
    passwordExpiration: { enabled: false, ...signInExperience.passwordExpiration },
    socialConnectors: enabledSocialConnectors(connectors, signInExperience.socialSignInConnectorTargets).map(
      ({ id, target, name, logo, logoDark, platform, isStandard, isTokenStorageSupported }) => ({
        id,
        target,
        name,
        logo,
        logoDark,
        platform,
        isStandard,
        isTokenStorageSupported,
      }),
    ),
    ssoConnectors: [],
    forgotPassword: {
      email: hasConnector('Email') && (!methods || methods.includes('EmailVerificationCode')),
      phone: hasConnector('Sms') && (!methods || methods.includes('PhoneVerificationCode')),
    },
    isDevelopmentTenant: false,
    customProfileFields: [],
  };
}

/**
 * The UI's phrases in one language: built-in English, under the language's built-in phrases, under
 * the tenant's custom phrases for it. The language is `lng` when it has phrases, else the browser's
 * preference (when the tenant lets it be detected), else the tenant's fallback.
 */
export async function findPhrases(db: Db, tenantId: string, lng: string | undefined, acceptLanguage: string | undefined) {
  const [{ languageInfo }, custom] = await Promise.all([getSignInExperience(db, tenantId), listCustomPhrases(db, tenantId)]);
  const available = [...new Set([...builtInLanguages, ...custom.map(({ languageTag }) => languageTag)])];
  const wanted = [
    ...(lng ? [lng] : []),
    ...(languageInfo.autoDetect ? acceptedLanguages(acceptLanguage) : []),
    languageInfo.fallbackLanguage,
  ];
  const language = pickLanguage(wanted, available) ?? 'en';
  const customPhrases = custom.find(({ languageTag }) => languageTag === language)?.translation as Phrases | undefined;
  return { language, phrases: mergePhrases(builtInPhrases.en ?? {}, builtInPhrases[language] ?? {}, customPhrases ?? {}) };
}
