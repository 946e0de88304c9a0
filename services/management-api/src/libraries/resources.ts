// The rules around API resources and their scopes: the Management API's own resource is the
// platform's, indicators are unique URIs, scope names are unique words.
import { managementApiIndicator, managementApiIndicatorOf, type Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import type { NewResource, Resource, ResourceResponse, Scope, ScopeResponse } from '@idp/schemas';
import * as resourceQueries from '../queries/resources.ts';
import * as scopeQueries from '../queries/scopes.ts';
import type { ResourceChanges } from '../queries/resources.ts';
import type { ScopeChanges } from '../queries/scopes.ts';
import { parseUrl } from './urls.ts';

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

/** Logto's fixed id of the Management API resource; here every tenant's copy answers to it too. */
export const managementApiAlias = 'management-api';

/**
 * The id a path names: the real id, or for `management-api` the id of the tenant's Management API
 * resource (its stored id is random, as every other id here).
 */
export async function resolveResourceId(db: Db, tenantId: string, id: string): Promise<string> {
  if (id !== managementApiAlias) return id;
  for (const indicator of new Set([managementApiIndicatorOf(tenantId), managementApiIndicator])) {
    const found = await resourceQueries.findResourceIdByIndicator(db, tenantId, indicator);
    if (found) return found;
  }
  return id;
}

/** The resource, if the tenant may change it (anything but the Management API). */
export async function findModifiableResource(db: Db, tenantId: string, id: string): Promise<Resource> {
  const resource = await resourceQueries.findResource(db, tenantId, id);
  if (isManagementApi(resource.indicator)) throw new RequestError('resource.cannot_modify_management_api');
  return resource;
}

// An indicator is what clients send as `resource` (RFC 8707): an absolute URI without a fragment.
function assertIndicator(indicator: string): void {
  const url = parseUrl(indicator);
  if (!url || url.hash || indicator.includes('#')) {
    throw new RequestError('guard.invalid_input', {
      message: '`indicator` must be an absolute URI without a fragment.',
      data: { indicator },
    });
  }
  // Management API indicators are the platform's: a tenant's own copy could never be changed or deleted.
  if (isManagementApi(indicator)) {
    throw new RequestError('guard.invalid_input', {
      message: 'This indicator is reserved for the Logto Management API.',
      data: { indicator },
    });
  }
}

export async function createResource(db: Db, values: Omit<NewResource, 'id' | 'isDefault'> & { tenantId: string }): Promise<Resource> {
  assertIndicator(values.indicator);
  if (await resourceQueries.isIndicatorTaken(db, values.tenantId, values.indicator)) {
    throw new RequestError('resource.resource_identifier_in_use', {
      message: `The API identifier ${values.indicator} is already in use.`,
      data: { indicator: values.indicator },
    });
  }
  return resourceQueries.insertResource(db, values);
}

export async function updateResource(db: Db, tenantId: string, id: string, values: ResourceChanges): Promise<Resource> {
  const existing = await findModifiableResource(db, tenantId, id);
  if (Object.keys(values).length === 0) return existing;
  return resourceQueries.updateResource(db, tenantId, id, values);
}

export async function setDefaultResource(db: Db, tenantId: string, id: string, isDefault: boolean): Promise<Resource> {
  await findModifiableResource(db, tenantId, id);
  return resourceQueries.setDefaultResource(db, tenantId, id, isDefault);
}

export async function deleteResource(db: Db, tenantId: string, id: string): Promise<void> {
  const resource = await resourceQueries.findResource(db, tenantId, id);
  if (isManagementApi(resource.indicator)) throw new RequestError('resource.cannot_delete_management_api');
  await resourceQueries.deleteResource(db, tenantId, id);
}

// Scope names go into the space-separated `scope` parameter and claim, so a space would split one.
async function assertScopeName(db: Db, tenantId: string, resourceId: string, name: string, exceptId?: string): Promise<void> {
  if (/\s/.test(name)) throw new RequestError('scope.name_with_space');
  if (await scopeQueries.isScopeNameTaken(db, tenantId, resourceId, name, exceptId)) {
    throw new RequestError('scope.name_exists', { message: `The scope name ${name} is already in use.`, data: { name } });
  }
}

export async function createScope(db: Db, tenantId: string, resourceId: string, values: ScopeChanges & { name: string }): Promise<Scope> {
  await findModifiableResource(db, tenantId, resourceId);
  await assertScopeName(db, tenantId, resourceId, values.name);
  return scopeQueries.insertScope(db, tenantId, resourceId, values);
}

export async function updateScope(db: Db, tenantId: string, resourceId: string, scopeId: string, values: ScopeChanges): Promise<Scope> {
  await findModifiableResource(db, tenantId, resourceId);
  if (values.name !== undefined) await assertScopeName(db, tenantId, resourceId, values.name, scopeId);
  return scopeQueries.updateScope(db, tenantId, resourceId, scopeId, values);
}

export async function deleteScope(db: Db, tenantId: string, resourceId: string, scopeId: string): Promise<void> {
  await findModifiableResource(db, tenantId, resourceId);
  await scopeQueries.deleteScope(db, tenantId, resourceId, scopeId);
}
