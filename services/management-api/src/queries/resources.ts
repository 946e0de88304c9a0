// The API resources of a tenant (their scopes: scopes.ts).
import { entityNotFound } from '@idp/errors';
import { generateId, type Db } from '@idp/db';
import { resources, type NewResource, type Resource } from '@idp/schemas';
import { and, asc, count, eq, ne } from 'drizzle-orm';
import { findPage, type Page } from './page.ts';

const byId = (tenantId: string, id: string) => and(eq(resources.tenantId, tenantId), eq(resources.id, id));

export async function findResource(db: Db, tenantId: string, id: string): Promise<Resource> {
  const [row] = await db.select().from(resources).where(byId(tenantId, id));
  if (!row) throw entityNotFound('resource', id);
  return row;
}

/** The id of the tenant's resource with this indicator, if there is one. */
export async function findResourceIdByIndicator(db: Db, tenantId: string, indicator: string): Promise<string | undefined> {
  const [row] = await db
    .select({ id: resources.id })
    .from(resources)
    .where(and(eq(resources.tenantId, tenantId), eq(resources.indicator, indicator)));
  return row?.id;
}

export async function isIndicatorTaken(db: Db, tenantId: string, indicator: string): Promise<boolean> {
  const [existing] = await db
    .select({ id: resources.id })
    .from(resources)
    .where(and(eq(resources.tenantId, tenantId), eq(resources.indicator, indicator)));
  return Boolean(existing);
}

export async function listResources(db: Db, tenantId: string, page: Page) {
  const where = eq(resources.tenantId, tenantId);
  return findPage(
    db.select().from(resources).where(where).orderBy(asc(resources.name), resources.id).limit(page.limit).offset(page.offset),
    db.select({ value: count() }).from(resources).where(where),
  );
}

export async function insertResource(db: Db, values: Omit<NewResource, 'id' | 'isDefault'> & { tenantId: string }): Promise<Resource> {
  const [row] = await db
    .insert(resources)
    .values({ ...values, id: generateId() })
    .returning();
  return row!;
}

/** What a tenant may change about a resource (besides being the default). */
export type ResourceChanges = Partial<Pick<NewResource, 'name' | 'accessTokenTtl'>>;

export async function updateResource(db: Db, tenantId: string, id: string, values: ResourceChanges): Promise<Resource> {
  const [row] = await db.update(resources).set(values).where(byId(tenantId, id)).returning();
  if (!row) throw entityNotFound('resource', id);
  return row;
}

/** At most one default resource per tenant: making one the default takes it from the others. */
export async function setDefaultResource(db: Db, tenantId: string, id: string, isDefault: boolean): Promise<Resource> {
  return db.transaction(async (tx) => {
    if (isDefault) {
      await tx
        .update(resources)
        .set({ isDefault: false })
        .where(and(eq(resources.tenantId, tenantId), eq(resources.isDefault, true), ne(resources.id, id)));
    }
    const [row] = await tx.update(resources).set({ isDefault }).where(byId(tenantId, id)).returning();
    if (!row) throw entityNotFound('resource', id);
    return row;
  });
}

export async function deleteResource(db: Db, tenantId: string, id: string): Promise<void> {
  // Its scopes, and their links to roles, go with it (foreign keys cascade).
  await db.delete(resources).where(byId(tenantId, id));
}
