import type { Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import { JsonObjectSchema, PhrasesQuerySchema, SignInExperienceSchema } from '@idp/schemas';
import type { App } from '@idp/server-kit';
import { listConnectors, toConnectorResponse } from '../queries/connectors.ts';
import { listCustomPhrases } from '../queries/custom-phrases.ts';
import { findSignInExperience, getSignInExperience } from '../queries/sign-in-experiences.ts';
import { builtInLanguages, builtInPhrases, mergePhrases, type Phrases } from '../phrases/index.ts';

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

/** The tenant's social connectors whose target the sign-in experience enables, in that order. */
async function listSocialConnectors(db: Db, tenantId: string, targets: string[]) {
  if (targets.length === 0) return [];
  const social = (await listConnectors(db, tenantId))
    .filter(({ factory }) => factory.type === 'Social')
    .map(({ row, factory }) => toConnectorResponse(row, factory))
    .map(({ id, target, name, logo, logoDark }) => ({ id, target, name, logo, ...(typeof logoDark === 'string' ? { logoDark } : {}) }));
  return targets.flatMap((target) => social.filter((connector) => connector.target === target));
}

// Public, unauthenticated reads the sign-in UI needs before anyone has signed in.
export function registerWellKnownRoutes(app: App, db: Db): void {
  app.get(
    '/api/.well-known/sign-in-exp',
    { schema: { response: { 200: SignInExperienceSchema } } },
    async (request) => {
      const signInExperience = await findSignInExperience(db, request.tenantId);
      if (!signInExperience) {
        throw new RequestError('entity.not_found', { message: 'The tenant has no sign-in experience.' });
      }
      return { ...signInExperience, socialConnectors: await listSocialConnectors(db, request.tenantId, signInExperience.socialSignInConnectorTargets) };
    },
  );

  // The UI's phrases in one language: built-in English, under the language's built-in phrases,
  // under the tenant's custom phrases for it. The language is `lng` when it has phrases, else the
  // browser's preference (when the tenant lets it be detected), else the tenant's fallback.
  app.get(
    '/api/.well-known/phrases',
    { schema: { querystring: PhrasesQuerySchema, response: { 200: JsonObjectSchema } } },
    async (request, reply) => {
      const { tenantId } = request;
      const [{ languageInfo }, custom] = await Promise.all([getSignInExperience(db, tenantId), listCustomPhrases(db, tenantId)]);
      const available = [...new Set([...builtInLanguages, ...custom.map(({ languageTag }) => languageTag)])];
      const wanted = [
        ...(request.query.lng ? [request.query.lng] : []),
        ...(languageInfo.autoDetect ? acceptedLanguages(request.headers['accept-language']) : []),
        languageInfo.fallbackLanguage,
      ];
      const language = pickLanguage(wanted, available) ?? 'en';
      const customPhrases = custom.find(({ languageTag }) => languageTag === language)?.translation as Phrases | undefined;
      void reply.header('content-language', language);
      return mergePhrases(builtInPhrases.en ?? {}, builtInPhrases[language] ?? {}, customPhrases ?? {});
    },
  );
}
