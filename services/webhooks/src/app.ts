// The webhooks service: the delivery worker, with the liveness and readiness routes every service
// answers. Any number of replicas may run; each delivery is claimed by one of them at a time.
import type { Database } from '@idp/db';
import { createOutbound, parseAllowList } from '@idp/outbound';
import { createBackendService, type App } from '@idp/server-kit';
import type { WebhooksConfig } from './config.ts';
import { startWorker, type Worker } from './worker.ts';

export { loadWebhooksConfig, WebhooksConfigSchema, type WebhooksConfig } from './config.ts';
export { signatureHeader, eventIdHeader, signHookBody } from '@idp/hook-events';
export type { Worker } from './worker.ts';

export type Deps = { config: WebhooksConfig; database: Database };

export function buildApp({ config, database }: Deps): App & { worker: Worker } {
  const app = createBackendService('webhooks', config, database);
  const worker = startWorker({
    db: database.db,
    databaseUrl: config.DATABASE_URL,
    // Receivers are reached only through the deployment's outbound guard.
    outbound: createOutbound(parseAllowList(config.OUTBOUND_ALLOW_HOSTS)),
    log: app.log,
    retry: {
      baseMs: config.WEBHOOK_RETRY_BASE_MS,
      maxDelayMs: config.WEBHOOK_RETRY_MAX_DELAY_MS,
      windowMs: config.WEBHOOK_RETRY_WINDOW_MS,
    },
    concurrency: config.WEBHOOK_CONCURRENCY,
    perHookConcurrency: config.WEBHOOK_PER_HOOK_CONCURRENCY,
    leaseMs: config.WEBHOOK_LEASE_MS,
    retentionMs: config.WEBHOOK_RETENTION_MS,
    pollIntervalMs: config.WEBHOOK_POLL_INTERVAL_MS,
    timeoutMs: config.WEBHOOK_TIMEOUT_MS,
    responseBodyLimit: config.WEBHOOK_RESPONSE_BODY_LIMIT,
  });
  // Draining (SIGTERM) closes the app: the worker stops claiming and finishes what it holds.
  app.addHook('onClose', async () => worker.stop());
  return Object.assign(app, { worker });
}
