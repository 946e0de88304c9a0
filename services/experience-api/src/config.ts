import { BackendConfigSchema, loadConfig } from '@idp/config';
import { Type, type Static } from 'typebox';

export const ExperienceApiConfigSchema = Type.Object({
  ...BackendConfigSchema.properties,
  /** Where the oidc service answers; its internal interaction API is how sign-ins are finished. */
  OIDC_URL: Type.String({ pattern: '^https?://' }),
});

export type ExperienceApiConfig = Static<typeof ExperienceApiConfigSchema>;

export const loadExperienceApiConfig = (env?: Record<string, string | undefined>) => loadConfig(ExperienceApiConfigSchema, env);
