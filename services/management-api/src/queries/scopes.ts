// The scopes of a tenant's API resources.
import { entityNotFound } from '@idp/errors';
import { generateId, type Db } from '@idp/db';
import { resources, scopes, type Scope } from '@idp/schemas';
import { and, asc, count, eq, inArray, ne, type SQL } from 'drizzle-orm';
import { findPage, type Page } from './page.ts';

/** The scopes of several resources in one query, grouped by resource id. */
export async function scopesByResource(db: Db, tenantId: string, resourceIds: string[]): Promise<Map<string, Scope[]>> {
  const grouped = new Map<string, Scope[]>(resourceIds.map((id) => [id, []]));
  if (resourceIds.length === 0) return grouped;
  const rows = await db
    .select()
    .from(scopes)
    .where(and(eq(scopes.tenantId, tenantId), inArray(scopes.resourceId, resourceIds)))
    .orderBy(asc(scopes.name));
  for (const row of rows) grouped.get(row.resourceId)?.push(row);
  return grouped;
}

/** The listed scopes that exist in the tenant, each with its resource's indicator. */
export async function findScopesWithIndicator(db: Db, tenantId: string, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: scopes.id, indicator: resources.indicator })
    .from(scopes)
    .innerJoin(resources, and(eq(resources.tenantId, scopes.tenantId), eq(resources.id, scopes.resourceId)))
    .where(and(eq(scopes.tenantId, tenantId), inArray(scopes.id, ids)));
}

export async function listScopes(db: Db, tenantId: string, resourceId: string, search: SQL | undefined, page: Page) {
  const conditions: Array<SQL | undefined> = [eq(scopes.tenantId, tenantId), eq(scopes.resourceId, resourceId)];
  if (search) {
    conditions.push(search);
  }
  const where = and(...conditions);
  return findPage(
    db.select().from(scopes).where(where).orderBy(asc(scopes.name), scopes.id).limit(page.limit).offset(page.offset),
    db.select({ value: count() }).from(scopes).where(where),
  );
}

/** Whether another scope of the resource has this name. */
export async function isScopeNameTaken(db: Db, tenantId: string, resourceId: string, name: string, exceptId?: string): Promise<boolean> {
  const [existing] = await db
    .select({ id: scopes.id })
    .from(scopes)
    .where(
      and(
        eq(scopes.tenantId, tenantId),
        eq(scopes.resourceId, resourceId),
        eq(scopes.name, name),
        exceptId === undefined ? undefined : ne(scopes.id, exceptId),
      ),
    );
  return Boolean(existing);
}

export async function insertScope(db: Db, tenantId: string, resourceId: string, values: ScopeChanges & { name: string }): Promise<Scope> {
  const [row] = await db
    .insert(scopes)
    .values({ tenantId, id: generateId(), resourceId, name: values.name, description: values.description ?? null })
    .returning();
  return row!;
}

const scopeOfResource = (tenantId: string, resourceId: string, scopeId: string) =>
  and(eq(scopes.tenantId, tenantId), eq(scopes.resourceId, resourceId), eq(scopes.id, scopeId));

export type ScopeChanges = { name?: string; description?: string | null };

export async function updateScope(db: Db, tenantId: string, resourceId: string, scopeId: string, values: ScopeChanges): Promise<Scope> {
  const [row] =
    Object.keys(values).length === 0
      ? await db
          .select()
          .from(scopes)
          .where(scopeOfResource(tenantId, resourceId, scopeId))
      : await db
          .update(scopes)
          .set(values)
          .where(scopeOfResource(tenantId, resourceId, scopeId))
          .returning();
  if (!row) throw entityNotFound('scope', scopeId);
  return row;
}

export async function deleteScope(db: Db, tenantId: string, resourceId: string, scopeId: string): Promise<void> {
  const deleted = await db
    .delete(scopes)
    .where(scopeOfResource(tenantId, resourceId, scopeId))
    .returning({ id: scopes.id });
  if (deleted.length === 0) throw entityNotFound('scope', scopeId);
}
