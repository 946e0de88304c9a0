import {
  BackendConfigSchema,
  loadConfig,
  oidcInternalApiConfigProperties,
  outboundConfigProperties,
  secretEncryptionConfigProperties,
} from '@idp/config';
import { Type, type Static } from 'typebox';

export const ExperienceApiConfigSchema = Type.Object({
  ...BackendConfigSchema.properties,
  ...oidcInternalApiConfigProperties,
  ...outboundConfigProperties,
  ...secretEncryptionConfigProperties,
});

export type ExperienceApiConfig = Static<typeof ExperienceApiConfigSchema>;

export const loadExperienceApiConfig = (env?: Record<string, string | undefined>) => loadConfig(ExperienceApiConfigSchema, env);
