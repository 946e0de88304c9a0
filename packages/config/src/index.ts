export { ConfigError, loadConfig } from './load-config.ts';
export {
  BackendConfigSchema,
  databaseConfigProperties,
  databaseOptions,
  endpointConfigProperties,
  oidcInternalApiConfigProperties,
  outboundConfigProperties,
  secretEncryptionConfigProperties,
  serviceConfigProperties,
  socketConfigProperties,
  type BackendConfig,
} from './service-config.ts';
export { userAssetsConfigProperties } from './user-assets-config.ts';
