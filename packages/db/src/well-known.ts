// Names the seed creates and the services look up.
export const defaultTenantId = 'default';
export const adminTenantId = 'admin';
export const managementApiIndicator = 'https://default.logto.app/api';
export const managementApiScope = 'all';
/** The machine-to-machine role the seed gives the Management API's `all` scope. */
export const managementApiAccessRoleName = 'Logto Management API access';

/** Logto's "Me API": the admin tenant's resource for the console's calls about its own signed-in user. */
export const meApiIndicator = 'https://admin.logto.app/me';
/** The admin tenant's role every console user holds, granting the Me API's `all` scope. */
export const adminTenantUserRoleName = 'user';
/** The admin tenant's role of the console's administrators over tenant `default` (its Management API). */
export const defaultTenantAdminRoleName = 'default:admin';
/**
 * The admin tenant's role over its own Management API (`https://admin.logto.app/api`): who holds it
 * manages the administrators themselves. Logto names a tenant's admin role `<tenant id>:admin`.
 */
export const adminTenantAdminRoleName = 'admin:admin';

/** Each tenant's OIDC issuer: `<the tenant's public endpoint>/oidc`. */
export function tenantIssuers(endpoints: { ENDPOINT: string; ADMIN_ENDPOINT: string }): Record<string, string> {
  const trim = (url: string) => url.replace(/\/$/, '');
  return { [defaultTenantId]: `${trim(endpoints.ENDPOINT)}/oidc`, [adminTenantId]: `${trim(endpoints.ADMIN_ENDPOINT)}/oidc` };
}

/** The indicator of a tenant's Management API resource, as Logto names it. */
export const managementApiIndicatorOf = (tenantId: string) => `https://${tenantId}.logto.app/api`;
