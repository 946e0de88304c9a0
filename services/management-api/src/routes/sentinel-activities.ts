// Unlocking identifiers (and client addresses) the sentinel locked after repeated failed sign-ins.
import type { Db } from '@idp/db';
import { DeleteSentinelActivitiesBodySchema } from '@idp/schemas';
import type { App } from '@idp/server-kit';
import { deleteIdentifierActivities } from '../queries/sentinel-activities.ts';

export function registerSentinelActivityRoutes(app: App, { db }: { db: Db }): void {
  // Every failure and lock of the given identifiers goes, Failed and Blocked alike: the next
  // attempt starts with the full number of tries. A client address among the targets clears what
  // was recorded from it (Logto's body has no address type; an address is told apart by its form).
  // The sentinel records no app-level targets, so `targetType: 'App'` has nothing to remove.
  app.post('/api/sentinel-activities/delete', { schema: { body: DeleteSentinelActivitiesBodySchema } }, async (request, reply) => {
    const { targetType = 'User', targets } = request.body;
    if (targetType === 'User') await deleteIdentifierActivities(db, request.tenantId, targets);
    return reply.status(204).send();
  });
}
