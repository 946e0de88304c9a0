// Where the console runs and what it signs in for. The console is served by the admin endpoint, so
// the admin tenant's OP is this page's own origin.
export const basename = '/console';
export const adminEndpoint = window.location.origin;
export const consoleUrl = `${adminEndpoint}${basename}`;
export const callbackUrl = `${consoleUrl}/callback`;
export const appId = 'admin-console';
/** The tenant the console manages, and the resource its Management API is known by. */
export const managedTenantId = 'default';
export const managementApiIndicator = `https://${managedTenantId}.logto.app/api`;
export const meApiIndicator = 'https://admin.logto.app/me';
/** The admin tenant's own Management API: the console's administrators are that tenant's users. */
export const adminManagementApiIndicator = 'https://admin.logto.app/api';
export const managementApiScope = 'all';
export const pageSize = 20;
