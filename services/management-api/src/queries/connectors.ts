// The connectors table of a tenant. A connector's config holds secrets: it goes to the database and
// back to Management API holders, never into a log line or an error message.
import { generateId, type Db } from '@idp/db';
import { connectors, type Connector as ConnectorRow, type NewConnector } from '@idp/schemas';
import { and, asc, eq } from 'drizzle-orm';

const byId = (tenantId: string, id: string) => and(eq(connectors.tenantId, tenantId), eq(connectors.id, id));

/** The tenant's connectors, oldest first. */
export async function findConnectorRows(db: Db, tenantId: string): Promise<ConnectorRow[]> {
  return db.select().from(connectors).where(eq(connectors.tenantId, tenantId)).orderBy(asc(connectors.createdAt), asc(connectors.id));
}

export async function findConnectorRow(db: Db, tenantId: string, id: string): Promise<ConnectorRow | undefined> {
  const [row] = await db.select().from(connectors).where(byId(tenantId, id));
  return row;
}

export async function insertConnector(db: Db, values: Omit<NewConnector, 'id'> & { id?: string }): Promise<ConnectorRow> {
  const [row] = await db
    .insert(connectors)
    .values({ ...values, id: values.id ?? generateId() })
    .returning();
  return row!;
}

export async function updateConnector(
  db: Db,
  tenantId: string,
  id: string,
  values: Partial<Pick<NewConnector, 'config' | 'metadata' | 'syncProfile'>>,
): Promise<ConnectorRow | undefined> {
  const [row] = await db.update(connectors).set(values).where(byId(tenantId, id)).returning();
  return row;
}

export async function deleteConnector(db: Db, tenantId: string, id: string): Promise<ConnectorRow | undefined> {
  const [row] = await db.delete(connectors).where(byId(tenantId, id)).returning();
  return row;
}
