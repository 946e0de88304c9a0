import { createService, type App } from './create-service.ts';
import type { ReadinessCheck } from './health.ts';
import { registerServiceDocument } from './openapi.ts';

// A service behind the gateway: it trusts only requests carrying the gateway's secret, and is ready
// while its database answers.
export function createBackendService(
  name: string,
  config: { LOG_LEVEL: string; INTERNAL_SECRET: string },
  database: { ping: ReadinessCheck },
): App {
  const app = createService({
    name,
    logLevel: config.LOG_LEVEL,
    internalSecret: config.INTERNAL_SECRET,
    readiness: [database.ping],
  });
  // Its routes, as OpenAPI documents describe them (the experience and account services serve theirs).
  registerServiceDocument(app, name);
  return app;
}
