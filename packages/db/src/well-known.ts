// Names the seed creates and the services look up.
export const defaultTenantId = 'default';
export const adminTenantId = 'admin';
export const managementApiIndicator = 'https://default.logto.app/api';
export const managementApiScope = 'all';
