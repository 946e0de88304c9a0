// The tenant's connector rows, from which the shared message sender picks one to send codes.
import type { Db } from '@idp/db';
import { connectors } from '@idp/schemas';
import { eq } from 'drizzle-orm';

export const findConnectorsByTenantId = (db: Db, tenantId: string) =>
  db.select({ connectorId: connectors.connectorId, config: connectors.config }).from(connectors).where(eq(connectors.tenantId, tenantId));
