// Who holds which role, and which scopes a role grants, seen from either end.
import { applicationsRoles, rolesScopes, usersRoles } from '@idp/schemas';
import { createLinkQueries } from './links.ts';

export const userRoleLinks = createLinkQueries(usersRoles, 'userId', 'roleId');
export const roleUserLinks = createLinkQueries(usersRoles, 'roleId', 'userId');
export const applicationRoleLinks = createLinkQueries(applicationsRoles, 'applicationId', 'roleId');
export const roleApplicationLinks = createLinkQueries(applicationsRoles, 'roleId', 'applicationId');
export const roleScopeLinks = createLinkQueries(rolesScopes, 'roleId', 'scopeId');
