import type { App } from '@idp/server-kit';
import type { MountedServices } from './in-process-services.ts';
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
// In one-process mode the services are asked in process, without a connection.
const mountedReadiness = async (app: App | undefined) => {
  if (!app) return 'unreachable';
  const response = await app.inject({ method: 'GET', url: '/health/ready' });
  return response.statusCode === 200 ? 'ok' : 'unavailable';
};

export function registerStackHealth(app: App, { upstreams, mounted }: { upstreams: Upstreams; mounted?: MountedServices }): void {
  app.get('/health/services', async (_request, reply) => {
    const entries = await Promise.all(
      Object.entries(upstreams).map(async ([name, urls]) => {
        if (mounted) return [name, await mountedReadiness(mounted.get(name as keyof Upstreams))] as const;
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
