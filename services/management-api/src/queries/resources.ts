import { generateId, type Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import {
  resources,
  scopes,
  type NewResource,
  type Resource,
  type ResourceResponse,
  type Scope,
  type ScopeResponse,
} from '@idp/schemas';
import { and, asc, count, eq, ilike, inArray, ne, or, type SQL } from 'drizzle-orm';
import type { Page } from '../routes/pagination.ts';
import { likePattern } from './search.ts';

// Every tenant's Management API is `https://<tenant>.logto.app/api` (Logto's naming): it is the
// platform's own, so its settings and permissions are not the tenant's to change.
const managementApiIndicatorPattern = /^https:\/\/[^./]+\.logto\.app\/api$/;
export const isManagementApi = (indicator: string) => managementApiIndicatorPattern.test(indicator);

export const toResourceResponse = ({ tenantId, id, name, indicator, isDefault, accessTokenTtl }: Resource): ResourceResponse => ({
  tenantId,
  id,
  name,
  indicator,
  isDefault,
  accessTokenTtl,
});

export const toScopeResponse = (scope: Scope): ScopeResponse => ({ ...scope, createdAt: scope.createdAt.getTime() });

const notFound = (kind: string, id: string) =>
  new RequestError('entity.not_exists_with_id', { message: `The ${kind} with id \`${id}\` does not exist.`, data: { id } });

export async function findResource(db: Db, tenantId: string, id: string): Promise<Resource> {
  const [row] = await db.select().from(resources).where(and(eq(resources.tenantId, tenantId), eq(resources.id, id)));
  if (!row) throw notFound('resource', id);
  return row;
}

/** The resource, if the tenant may change it (anything but the Management API). */
export async function findModifiableResource(db: Db, tenantId: string, id: string): Promise<Resource> {
  const resource = await findResource(db, tenantId, id);
  if (isManagementApi(resource.indicator)) throw new RequestError('resource.cannot_modify_management_api');
  return resource;
}

export async function listResources(db: Db, tenantId: string, page: Page) {
  const where = eq(resources.tenantId, tenantId);
  const [rows, [total]] = await Promise.all([
    db.select().from(resources).where(where).orderBy(asc(resources.name), resources.id).limit(page.limit).offset(page.offset),
    db.select({ value: count() }).from(resources).where(where),
  ]);
  return { rows, total: total?.value ?? 0 };
}

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

export async function insertResource(db: Db, values: Omit<NewResource, 'id' | 'isDefault'> & { tenantId: string }): Promise<Resource> {
  const [existing] = await db
    .select({ id: resources.id })
    .from(resources)
    .where(and(eq(resources.tenantId, values.tenantId), eq(resources.indicator, values.indicator)));
  if (existing) {
    throw new RequestError('resource.resource_identifier_in_use', {
      message: `The API identifier ${values.indicator} is already in use.`,
      data: { indicator: values.indicator },
    });
  }
  const [row] = await db.insert(resources).values({ ...values, id: generateId() }).returning();
  return row!;
}

export async function updateResource(
  db: Db,
  tenantId: string,
  id: string,
  values: Partial<Pick<NewResource, 'name' | 'accessTokenTtl'>>,
): Promise<Resource> {
  const existing = await findModifiableResource(db, tenantId, id);
  if (Object.keys(values).length === 0) return existing;
  const [row] = await db
    .update(resources)
    .set(values)
    .where(and(eq(resources.tenantId, tenantId), eq(resources.id, id)))
    .returning();
  if (!row) throw notFound('resource', id);
  return row;
}

/** At most one default resource per tenant: making one the default takes it from the others. */
export async function setDefaultResource(db: Db, tenantId: string, id: string, isDefault: boolean): Promise<Resource> {
  await findModifiableResource(db, tenantId, id);
  return db.transaction(async (tx) => {
    if (isDefault) {
      await tx
        .update(resources)
        .set({ isDefault: false })
        .where(and(eq(resources.tenantId, tenantId), eq(resources.isDefault, true), ne(resources.id, id)));
    }
    const [row] = await tx
      .update(resources)
      .set({ isDefault })
      .where(and(eq(resources.tenantId, tenantId), eq(resources.id, id)))
      .returning();
    if (!row) throw notFound('resource', id);
    return row;
  });
}

export async function deleteResource(db: Db, tenantId: string, id: string): Promise<void> {
  const resource = await findResource(db, tenantId, id);
  if (isManagementApi(resource.indicator)) throw new RequestError('resource.cannot_delete_management_api');
  // Its scopes, and their links to roles, go with it (foreign keys cascade).
  await db.delete(resources).where(and(eq(resources.tenantId, tenantId), eq(resources.id, id)));
}

export async function listScopes(db: Db, tenantId: string, resourceId: string, search: string | undefined, page: Page) {
  const conditions: Array<SQL | undefined> = [eq(scopes.tenantId, tenantId), eq(scopes.resourceId, resourceId)];
  if (search) {
    const pattern = likePattern(search);
    conditions.push(or(ilike(scopes.id, pattern), ilike(scopes.name, pattern), ilike(scopes.description, pattern)));
  }
  const where = and(...conditions);
  const [rows, [total]] = await Promise.all([
    db.select().from(scopes).where(where).orderBy(asc(scopes.name), scopes.id).limit(page.limit).offset(page.offset),
    db.select({ value: count() }).from(scopes).where(where),
  ]);
  return { rows, total: total?.value ?? 0 };
}

// Scope names go into the space-separated `scope` parameter and claim, so a space would split one.
async function assertScopeName(db: Db, tenantId: string, resourceId: string, name: string, exceptId?: string): Promise<void> {
  if (/\s/.test(name)) throw new RequestError('scope.name_with_space');
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
  if (existing) {
    throw new RequestError('scope.name_exists', { message: `The scope name ${name} is already in use.`, data: { name } });
  }
}

export async function insertScope(
  db: Db,
  tenantId: string,
  resourceId: string,
  values: { name: string; description?: string | null },
): Promise<Scope> {
  await findModifiableResource(db, tenantId, resourceId);
  await assertScopeName(db, tenantId, resourceId, values.name);
  const [row] = await db
    .insert(scopes)
    .values({ tenantId, id: generateId(), resourceId, name: values.name, description: values.description ?? null })
    .returning();
  return row!;
}

const scopeOfResource = (tenantId: string, resourceId: string, scopeId: string) =>
  and(eq(scopes.tenantId, tenantId), eq(scopes.resourceId, resourceId), eq(scopes.id, scopeId));

export async function updateScope(
  db: Db,
  tenantId: string,
  resourceId: string,
  scopeId: string,
  values: { name?: string; description?: string | null },
): Promise<Scope> {
  await findModifiableResource(db, tenantId, resourceId);
  if (values.name !== undefined) await assertScopeName(db, tenantId, resourceId, values.name, scopeId);
  const [row] =
    Object.keys(values).length === 0
      ? await db.select().from(scopes).where(scopeOfResource(tenantId, resourceId, scopeId))
      : await db.update(scopes).set(values).where(scopeOfResource(tenantId, resourceId, scopeId)).returning();
  if (!row) throw notFound('scope', scopeId);
  return row;
}

export async function deleteScope(db: Db, tenantId: string, resourceId: string, scopeId: string): Promise<void> {
  await findModifiableResource(db, tenantId, resourceId);
  const deleted = await db.delete(scopes).where(scopeOfResource(tenantId, resourceId, scopeId)).returning({ id: scopes.id });
  if (deleted.length === 0) throw notFound('scope', scopeId);
}
