import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RoleResponse } from '@idp/schemas';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { errorMessage } from '../../api/errors.ts';
import { useApi } from '../../api/use-api.ts';

/** The user's roles (user roles only: M2M roles belong to applications). */
export function UserRoles({ userId }: { userId: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const key = ['user-roles', userId];
  const [roleId, setRoleId] = useState('');
  const held = useQuery({
    queryKey: key,
    queryFn: () => api.page<RoleResponse>(`/api/users/${userId}/roles`, { page: 1, page_size: 100 }),
  });
  const all = useQuery({
    queryKey: ['roles', { type: 'User', all: true }],
    queryFn: () => api.page<RoleResponse>('/api/roles', { page: 1, page_size: 100, type: 'User' }),
  });
  const heldIds = new Set((held.data?.items ?? []).map((role) => role.id));
  const refresh = () =>
    Promise.all([queryClient.invalidateQueries({ queryKey: key }), queryClient.invalidateQueries({ queryKey: ['roles'] })]);
  const assign = useMutation({
    mutationFn: (id: string) => api.post(`/api/users/${userId}/roles`, { roleIds: [id] }),
    onSuccess: async () => {
      setRoleId('');
      await refresh();
    },
    onError: (error) => toast.error(errorMessage(error)),
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.delete(`/api/users/${userId}/roles/${id}`),
    onSuccess: refresh,
    onError: (error) => toast.error(errorMessage(error)),
  });

  return (
    <section className="card" aria-labelledby="user-roles-title">
      <h2 id="user-roles-title">{t('users.roles')}</h2>
      {held.isError ? (
        <p role="alert" className="error">
          {errorMessage(held.error)}
        </p>
      ) : null}
      <ul className="rows">
        {(held.data?.items ?? []).map((role) => (
          <li key={role.id}>
            <strong>{role.name}</strong>
            <span className="muted">{role.description}</span>
            <button
              type="button"
              className="danger"
              aria-label={t('users.remove_role', { name: role.name })}
              onClick={() => remove.mutate(role.id)}
            >
              {t('common.remove')}
            </button>
          </li>
        ))}
        {held.data?.items.length === 0 ? <li className="muted">{t('users.no_roles')}</li> : null}
      </ul>
      <form
        className="inline"
        onSubmit={(event) => {
          event.preventDefault();
          if (roleId) assign.mutate(roleId);
        }}
      >
        <label htmlFor="user-role-select">{t('users.assign_role')}</label>
        <select id="user-role-select" value={roleId} onChange={(event) => setRoleId(event.target.value)}>
          <option value="">{t('common.choose')}</option>
          {(all.data?.items ?? [])
            .filter((role) => !heldIds.has(role.id))
            .map((role) => (
              <option key={role.id} value={role.id}>
                {role.name}
              </option>
            ))}
        </select>
        <button type="submit" className="secondary" disabled={!roleId || assign.isPending}>
          {t('common.assign')}
        </button>
      </form>
    </section>
  );
}
