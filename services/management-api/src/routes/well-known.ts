import type { Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import { JsonObjectSchema, PhrasesQuerySchema, SignInExperienceSchema } from '@idp/schemas';
import type { App } from '@idp/server-kit';
import { connectorFactories } from '@idp/connectors';
import { connectors } from '@idp/schemas';
import { eq } from 'drizzle-orm';
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
  const rows = await db.select().from(connectors).where(eq(connectors.tenantId, tenantId));
  const social = rows.flatMap((row) => {
    const factory = connectorFactories.find(({ id }) => id === row.connectorId);
    if (factory?.type !== 'Social') return [];
    const metadata = row.metadata as { target?: unknown; name?: unknown; logo?: unknown; logoDark?: unknown };
    const config = row.config as { target?: unknown };
    const target = typeof metadata.target === 'string' ? metadata.target : typeof config.target === 'string' ? config.target : row.connectorId;
    const name = typeof metadata.name === 'string' || (typeof metadata.name === 'object' && metadata.name !== null) ? (metadata.name as string | Record<string, string>) : target;
    return [{ id: row.id, target, name, ...(typeof metadata.logo === 'string' ? { logo: metadata.logo } : {}), ...(typeof metadata.logoDark === 'string' ? { logoDark: metadata.logoDark } : {}) }];
  });
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
