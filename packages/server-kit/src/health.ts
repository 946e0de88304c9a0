import type { FastifyInstance } from 'fastify';

export type ReadinessCheck = () => Promise<void>;

// Liveness says the process answers; readiness says it should get traffic: it fails while a
// dependency (the database) is unreachable or while the service drains before shutting down.
export const healthPrefix = '/health';
export const readinessPath = `${healthPrefix}/ready`;
/**
 * Set to `refused` on the 503 a draining service answers instead of processing a request: the
 * request had no effect, so the gateway may send it to another instance whatever its method.
 */
export const drainingHeader = 'x-idp-draining';

export function registerHealthRoutes(app: FastifyInstance, checks: ReadinessCheck[], isDraining: () => boolean): void {
  app.get(`${healthPrefix}/live`, async () => ({ status: 'ok' }));
  app.get(readinessPath, async (request, reply) => {
    if (isDraining()) {
      return reply.status(503).send({ status: 'draining' });
    }
    try {
      await Promise.all(checks.map(async (check) => check()));
      return { status: 'ok' };
    } catch (error) {
      request.log.warn({ err: error }, 'readiness check failed');
      return reply.status(503).send({ status: 'unavailable' });
    }
  });
}
