import { createService, type App } from '@idp/server-kit';
import { trustedProxies, type GatewayConfig } from './config.ts';
import { registerConsoleAccess } from './routes/console-access.ts';
import { registerAutomaticConsent } from './routes/consent.ts';
import { registerDocumentCache } from './routes/document-cache.ts';
import { registerFrontends, type Frontend } from './routes/frontends.ts';
import { registerStackHealth } from './routes/health.ts';
import { registerInProcessServices, type MountedServices } from './routes/in-process-services.ts';
import { registerServiceProxies, type Upstreams } from './routes/service-proxies.ts';
import { defaultInstanceTimeouts, instanceAddresses } from './routes/upstream-instances.ts';
import { frameAncestors, registerHtmlHeaderFallback } from './security-headers.ts';

export { loadGatewayConfig, GatewayConfigSchema, type GatewayConfig } from './config.ts';
export { MountedServices, type ServiceKey } from './routes/in-process-services.ts';

export type Listener = {
  /** The tenant every request on this listener belongs to; never taken from the client. */
  tenantId: string;
  /** Only the admin endpoint serves the console. */
  serveConsole: boolean;
};

export const defaultListener: Listener = { tenantId: 'default', serveConsole: false };
export const adminListener: Listener = { tenantId: 'admin', serveConsole: true };

// The gateway's route table, built once per listener: service prefixes first, then the frontends,
// with the sign-in UI last as the fallback for every path nothing else claims. With `mounted`, the
// services run in this process (one-process mode) and get their requests handed over in process;
// without, they are proxied to over HTTP.
export function buildApp(config: GatewayConfig, listener: Listener, mounted?: MountedServices): App {
  const app = createService({
    name: `gateway:${listener.tenantId}`,
    logLevel: config.LOG_LEVEL,
    trustProxy: trustedProxies(config.TRUST_PROXY),
  });
  const ancestors = frameAncestors(config);
  registerHtmlHeaderFallback(app, ancestors);
  const upstreams: Upstreams = {
    oidc: config.OIDC_URL,
    managementApi: config.MANAGEMENT_API_URL,
    experienceApi: config.EXPERIENCE_API_URL,
    accountApi: config.ACCOUNT_API_URL,
  };
  registerStackHealth(app, { upstreams, mounted });
  registerConsoleAccess(app, { tenantId: listener.tenantId, endpoint: config.ENDPOINT, adminEndpoint: config.ADMIN_ENDPOINT });
  registerDocumentCache(app, {
    upstream: instanceAddresses(config.OIDC_URL)[0]!,
    tenantId: listener.tenantId,
    internalSecret: config.INTERNAL_SECRET,
    socketPath: config.OIDC_SOCKET && instanceAddresses(config.OIDC_SOCKET)[0],
  });
  registerAutomaticConsent(app, {
    upstream: instanceAddresses(config.OIDC_URL)[0]!,
    tenantId: listener.tenantId,
    internalSecret: config.INTERNAL_SECRET,
    socketPath: config.OIDC_SOCKET && instanceAddresses(config.OIDC_SOCKET)[0],
  });
  if (mounted) {
    registerInProcessServices(app, {
      services: mounted,
      tenantId: listener.tenantId,
      internalSecret: config.INTERNAL_SECRET,
      frameAncestors: ancestors,
    });
  } else {
    registerProxies(app, config, listener, upstreams);
  }
  registerFrontends(app, { frontends: frontendsOf(config, listener), frameAncestors: ancestors });
  return app;
}

function registerProxies(app: App, config: GatewayConfig, listener: Listener, upstreams: Upstreams): void {
  const sockets = {
    oidc: config.OIDC_SOCKET,
    managementApi: config.MANAGEMENT_API_SOCKET,
    experienceApi: config.EXPERIENCE_API_SOCKET,
    accountApi: config.ACCOUNT_API_SOCKET,
  };
  registerServiceProxies(app, {
    upstreams,
    sockets,
    tenantId: listener.tenantId,
    internalSecret: config.INTERNAL_SECRET,
    timeouts: {
      connectTimeoutMs: config.GATEWAY_CONNECT_TIMEOUT_MS ?? defaultInstanceTimeouts.connectTimeoutMs,
      responseTimeoutMs: config.GATEWAY_RESPONSE_TIMEOUT_MS ?? defaultInstanceTimeouts.responseTimeoutMs,
    },
  });
}

function frontendsOf(config: GatewayConfig, listener: Listener): Frontend[] {
  return [
    { name: 'demo-app', base: '/demo-app/', dist: config.DEMO_APP_DIST, devUrl: config.DEMO_APP_DEV_URL },
    ...(listener.serveConsole
      ? [
          {
            name: 'console',
            base: '/console/',
            dist: config.CONSOLE_DIST,
            devUrl: config.CONSOLE_DEV_URL,
            frames: [new URL(config.ENDPOINT).origin],
            connects: [new URL(config.ENDPOINT).origin],
            styleNonce: true,
          },
        ]
      : []),
    { name: 'ui', base: '/', dist: config.UI_DIST, devUrl: config.UI_DEV_URL },
  ];
}
