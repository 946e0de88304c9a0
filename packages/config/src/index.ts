export { ConfigError, loadConfig } from './load-config.ts';
export {
  BackendConfigSchema,
  databaseConfigProperties,
  serviceConfigProperties,
  type BackendConfig,
} from './service-config.ts';
