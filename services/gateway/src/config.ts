import { fileURLToPath } from 'node:url';
import { loadConfig, serviceConfigProperties } from '@idp/config';
import { Type, type Static } from 'typebox';

const builtFrontend = (name: string) => fileURLToPath(new URL(`../../../packages/${name}/dist`, import.meta.url));
const optionalUrl = () => Type.Optional(Type.String({ pattern: '^https?://' }));
const optionalSocket = () => Type.Optional(Type.String({ minLength: 1, maxLength: 107, pattern: '^/' }));

export const GatewayConfigSchema = Type.Object({
  ...serviceConfigProperties,
  /** The user endpoint, serving tenant `default`. */
  PORT: Type.Integer({ minimum: 0, maximum: 65_535, default: 3001 }),
  /** The admin endpoint, serving tenant `admin` and the console. */
  ADMIN_PORT: Type.Integer({ minimum: 0, maximum: 65_535, default: 3002 }),
  OIDC_URL: Type.String({ pattern: '^https?://' }),
  MANAGEMENT_API_URL: Type.String({ pattern: '^https?://' }),
  EXPERIENCE_API_URL: Type.String({ pattern: '^https?://' }),
  ACCOUNT_API_URL: Type.String({ pattern: '^https?://' }),
  /**
   * Unix sockets of the services on this host (their SOCKET_PATH): when set, proxied requests go
   * through the socket; the URLs above still serve health checks and the gateway's own calls.
   */
  OIDC_SOCKET: optionalSocket(),
  MANAGEMENT_API_SOCKET: optionalSocket(),
  EXPERIENCE_API_SOCKET: optionalSocket(),
  ACCOUNT_API_SOCKET: optionalSocket(),
  /** Built frontends, served in production. */
  UI_DIST: Type.String({ default: builtFrontend('ui') }),
  CONSOLE_DIST: Type.String({ default: builtFrontend('console') }),
  DEMO_APP_DIST: Type.String({ default: builtFrontend('demo-app') }),
  /** Vite dev servers; when set, the gateway proxies to them instead of serving built files. */
  UI_DEV_URL: optionalUrl(),
  CONSOLE_DEV_URL: optionalUrl(),
  DEMO_APP_DEV_URL: optionalUrl(),
});

export type GatewayConfig = Static<typeof GatewayConfigSchema>;

export const loadGatewayConfig = (env?: Record<string, string | undefined>) => loadConfig(GatewayConfigSchema, env);
