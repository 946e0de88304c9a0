import { fileURLToPath } from 'node:url';
import { endpointConfigProperties, loadConfig, serviceConfigProperties } from '@idp/config';
import { Type, type Static } from 'typebox';

const builtFrontend = (name: string) => fileURLToPath(new URL(`../../../packages/${name}/dist`, import.meta.url));
const optionalUrl = () => Type.Optional(Type.String({ pattern: '^https?://' }));
// One path or several (one per instance), comma-separated; 107 bytes is Linux's limit for each.
const optionalSocket = () => Type.Optional(Type.String({ pattern: '^/[^,]{0,106}(,\\s*/[^,]{0,106})*$' }));

export const GatewayConfigSchema = Type.Object({
  ...serviceConfigProperties,
  /** ADMIN_ENDPOINT's origin may frame the sign-in pages (the console's preview). */
  ...endpointConfigProperties,
  /** The user endpoint, serving tenant `default`. */
  PORT: Type.Integer({ minimum: 0, maximum: 65_535, default: 3001 }),
  /** The admin endpoint, serving tenant `admin` and the console. */
  ADMIN_PORT: Type.Integer({ minimum: 0, maximum: 65_535, default: 3002 }),
  /** Each service's URL; several instances of a service are listed comma-separated. */
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
  // Unset, defaultInstanceTimeouts apply (2 s, 30 s).
  /** Longest wait for a connection to a service instance before trying another one. */
  GATEWAY_CONNECT_TIMEOUT_MS: Type.Optional(Type.Integer({ minimum: 1 })),
  /** Longest wait for a service's answer to begin, retries included; then 504. */
  GATEWAY_RESPONSE_TIMEOUT_MS: Type.Optional(Type.Integer({ minimum: 1 })),
  /** Built frontends, served in production. */
  UI_DIST: Type.String({ default: builtFrontend('ui') }),
  CONSOLE_DIST: Type.String({ default: builtFrontend('console') }),
  DEMO_APP_DIST: Type.String({ default: builtFrontend('demo-app') }),
  /** Vite dev servers; when set, the gateway proxies to them instead of serving built files. */
  UI_DEV_URL: optionalUrl(),
  CONSOLE_DEV_URL: optionalUrl(),
  DEMO_APP_DEV_URL: optionalUrl(),
  /**
   * Proxies in front of the gateway whose X-Forwarded-For/-Proto/-Host are believed: a hop count
   * (`1`) or comma-separated addresses/CIDRs (`10.0.0.0/8, 192.168.1.7`). Unset: none; the socket
   * peer is the client and the listener's own scheme is the scheme.
   */
  TRUST_PROXY: Type.Optional(Type.String({ pattern: '^\\s*(\\d+|[0-9A-Za-z.:/]+(\\s*,\\s*[0-9A-Za-z.:/]+)*)\\s*$' })),
  /**
   * Origins besides the gateway's own and ADMIN_ENDPOINT's (the console's preview) that may show
   * the sign-in pages in a frame, comma-separated (`https://app.example.com`).
   */
  FRAME_ANCESTORS: Type.Optional(Type.String({ pattern: '^\\s*https?://[^\\s,;\'"]+(\\s*,\\s*https?://[^\\s,;\'"]+)*\\s*$' })),
});

export type GatewayConfig = Static<typeof GatewayConfigSchema>;

/** TRUST_PROXY as Fastify's trustProxy takes it; undefined when nobody is trusted. */
export function trustedProxies(setting: string | undefined): number | string[] | undefined {
  const value = setting?.trim();
  if (!value) return undefined;
  return /^\d+$/.test(value) ? Number(value) : value.split(',').map((part) => part.trim());
}

export const loadGatewayConfig = (env?: Record<string, string | undefined>) => loadConfig(GatewayConfigSchema, env);
