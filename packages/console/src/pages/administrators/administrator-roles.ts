// What makes an admin tenant user an administrator: the roles the first administrator got at
// registration (the Me API, tenant `default`'s Management API, the admin tenant's own).
import type { RoleResponse } from '@idp/schemas';
import type { Api } from '../../api/use-api.ts';

export const administratorRoleNames = ['user', 'default:admin', 'admin:admin'];

/** Gives an admin tenant user every administrator role (`api` must target the admin tenant). */
export async function grantAdministratorRoles(api: Api, userId: string): Promise<void> {
  const roles = await api.get<RoleResponse[]>('/api/roles', { page_size: 100 });
  const roleIds = roles.filter(({ name }) => administratorRoleNames.includes(name)).map(({ id }) => id);
  await api.post(`/api/users/${userId}/roles`, { roleIds });
}
