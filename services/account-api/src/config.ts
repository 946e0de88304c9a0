import {
  BackendConfigSchema,
  loadConfig,
  oidcInternalApiConfigProperties,
  outboundConfigProperties,
  secretEncryptionConfigProperties,
  userAssetsConfigProperties,
} from '@idp/config';
import { Type, type Static } from 'typebox';

export const AccountApiConfigSchema = Type.Object({
  ...BackendConfigSchema.properties,
  ...oidcInternalApiConfigProperties,
  ...outboundConfigProperties,
  ...secretEncryptionConfigProperties,
  ...userAssetsConfigProperties,
});

export type AccountApiConfig = Static<typeof AccountApiConfigSchema>;

export const loadAccountApiConfig = (env?: Record<string, string | undefined>) => loadConfig(AccountApiConfigSchema, env);
