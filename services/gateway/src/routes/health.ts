import type { App } from '@idp/server-kit';
import type { Upstreams } from './service-proxies.ts';
import { instanceAddresses } from './upstream-instances.ts';

const readiness = async (url: string) => {
  try {
    const response = await fetch(new URL('/health/ready', url), { signal: AbortSignal.timeout(2000) });
    return response.ok ? 'ok' : 'unavailable';
  } catch {
    return 'unreachable';
  }
};

// The gateway's readiness reports every service behind it, so one probe through the public entry
// shows whether the whole stack can serve.
export function registerStackHealth(app: App, { upstreams }: { upstreams: Upstreams }): void {
  app.get('/health/services', async (_request, reply) => {
    const entries = await Promise.all(
      Object.entries(upstreams).map(async ([name, urls]) => {
        // A service with several instances can serve while any one of them is ready.
        const states = await Promise.all(instanceAddresses(urls).map(readiness));
        const state = states.includes('ok') ? 'ok' : states.includes('unavailable') ? 'unavailable' : 'unreachable';
        return [name, state] as const;
      }),
    );
    const services = Object.fromEntries(entries);
    const healthy = entries.every(([, status]) => status === 'ok');
    return reply.status(healthy ? 200 : 503).send({ status: healthy ? 'ok' : 'degraded', services });
  });
}
