import { fileURLToPath } from 'node:url';
import { loadConfig } from '@idp/config';
import { Type, type Static } from 'typebox';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

// Settings of the local stack that `pnpm start` runs; the README lists each with its default.
export const LauncherConfigSchema = Type.Object({
  /** An external PostgreSQL; when unset, an embedded one keeps its data under DATA_DIR. */
  DATABASE_URL: Type.Optional(Type.String({ minLength: 1 })),
  DATA_DIR: Type.String({ default: `${repoRoot}.data` }),
  PORT: Type.Integer({ minimum: 0, maximum: 65_535, default: 3001 }),
  ADMIN_PORT: Type.Integer({ minimum: 0, maximum: 65_535, default: 3002 }),
  /** Where the gateway listens; `localhost` covers both IPv4 and IPv6 loopback. */
  HOST: Type.String({ default: 'localhost' }),
  /** Public URLs of the two endpoints, used for redirect URIs; default to localhost and the ports. */
  ENDPOINT: Type.Optional(Type.String({ pattern: '^https?://' })),
  ADMIN_ENDPOINT: Type.Optional(Type.String({ pattern: '^https?://' })),
  /** Shared by gateway and services; a random one is made for each start when unset. */
  INTERNAL_SECRET: Type.Optional(Type.String({ minLength: 16 })),
  SIGNING_KEY_TYPE: Type.Union([Type.Literal('EC'), Type.Literal('RSA')], { default: 'EC' }),
  /**
   * Whether the seed gives tenant `default` the file-writing mock email and SMS connectors (their
   * last message lands in DATA_DIR/mock-connectors) when it has no connector yet.
   */
  MOCK_CONNECTORS: Type.Boolean({ default: true }),
  /**
   * `one-process` (default): the gateway and every service in the launcher's own process, for small
   * installs and local use. `services`: each service in its own process behind the proxying gateway,
   * as compose and multi-host deployments run them. `pnpm start --services` picks the latter too.
   */
  IDP_MODE: Type.Union([Type.Literal('one-process'), Type.Literal('services')], { default: 'one-process' }),
  /** Log level of the services (their logs are JSON lines, prefixed with the service name). */
  LOG_LEVEL: Type.String({ default: 'warn' }),
});

export type LauncherConfig = Static<typeof LauncherConfigSchema>;

export const loadLauncherConfig = (env?: Record<string, string | undefined>) => loadConfig(LauncherConfigSchema, env);

export const endpoints = (config: LauncherConfig) => ({
  endpoint: config.ENDPOINT ?? `http://localhost:${config.PORT}`,
  adminEndpoint: config.ADMIN_ENDPOINT ?? `http://localhost:${config.ADMIN_PORT}`,
});
