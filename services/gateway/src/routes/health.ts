import type { App } from '@idp/server-kit';
import type { Upstreams } from './service-proxies.ts';

// The gateway's readiness reports every service behind it, so one probe through the public entry
// shows whether the whole stack can serve.
export function registerStackHealth(app: App, upstreams: Upstreams): void {
  app.get('/health/services', async (request, reply) => {
    const entries = await Promise.all(
      Object.entries(upstreams).map(async ([name, url]) => {
        try {
          const response = await fetch(new URL('/health/ready', url), { signal: AbortSignal.timeout(2000) });
          return [name, response.ok ? 'ok' : 'unavailable'] as const;
        } catch {
          return [name, 'unreachable'] as const;
        }
      }),
    );
    const services = Object.fromEntries(entries);
    const healthy = entries.every(([, status]) => status === 'ok');
    return reply.status(healthy ? 200 : 503).send({ status: healthy ? 'ok' : 'degraded', services });
  });
}
