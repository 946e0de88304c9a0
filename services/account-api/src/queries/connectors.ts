// The tenant's connector rows: the shared message sender picks one to send codes; a social one is
// looked up by its id.
import type { Db } from '@idp/db';
import { connectors } from '@idp/schemas';
import { and, eq } from 'drizzle-orm';

export const findConnectorsByTenantId = (db: Db, tenantId: string) =>
  db.select({ connectorId: connectors.connectorId, config: connectors.config }).from(connectors).where(eq(connectors.tenantId, tenantId));

export async function findConnectorById(db: Db, tenantId: string, id: string) {
  const [row] = await db
    .select({ connectorId: connectors.connectorId, config: connectors.config })
    .from(connectors)
    .where(and(eq(connectors.tenantId, tenantId), eq(connectors.id, id)));
  return row;
}
