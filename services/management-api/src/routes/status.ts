import type { App } from '@idp/server-kit';
import { Type } from 'typebox';

// GET /api/status: Logto's health probe for API clients; 204 when the service answers.
export function registerStatusRoute(app: App): void {
  app.get('/api/status', { schema: { response: { 204: Type.Null() } } }, async (_request, reply) => reply.status(204).send(null));
}
