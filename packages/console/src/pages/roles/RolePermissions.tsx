import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ResourceWithScopesResponse, RoleScopeResponse } from '@idp/schemas';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { errorMessage } from '../../api/errors.ts';
import { useApi } from '../../api/use-api.ts';

/** A role's permissions, picked from any API resource's. */
export function RolePermissions({ roleId }: { roleId: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const key = ['role-scopes', roleId];
  const [scopeId, setScopeId] = useState('');
  const scopes = useQuery({
    queryKey: key,
    queryFn: () => api.page<RoleScopeResponse>(`/api/roles/${roleId}/scopes`, { page: 1, page_size: 100 }),
  });
  const resources = useQuery({
    queryKey: ['resources', 'with-scopes'],
    queryFn: () => api.page<ResourceWithScopesResponse>('/api/resources', { page: 1, page_size: 100, includeScopes: 'true' }),
  });
  const held = new Set((scopes.data?.items ?? []).map((scope) => scope.id));
  const refresh = () => queryClient.invalidateQueries({ queryKey: key });
  const add = useMutation({
    mutationFn: (id: string) => api.post(`/api/roles/${roleId}/scopes`, { scopeIds: [id] }),
    onSuccess: async () => {
      setScopeId('');
      await refresh();
    },
    onError: (error) => toast.error(errorMessage(error)),
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.delete(`/api/roles/${roleId}/scopes/${id}`),
    onSuccess: refresh,
    onError: (error) => toast.error(errorMessage(error)),
  });

  return (
    <section className="card" aria-labelledby="role-permissions-title">
      <h2 id="role-permissions-title">{t('roles.permissions')}</h2>
      <table className="table" aria-labelledby="role-permissions-title">
        <thead>
          <tr>
            <th scope="col">{t('resources.permission_name')}</th>
            <th scope="col">{t('roles.resource')}</th>
            <th scope="col">{t('common.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {(scopes.data?.items ?? []).map((scope) => (
            <tr key={scope.id}>
              <td>
                <code>{scope.name}</code>
              </td>
              <td>{scope.resource.name}</td>
              <td>
                <button type="button" className="danger" onClick={() => remove.mutate(scope.id)}>
                  {t('common.remove')}
                </button>
              </td>
            </tr>
          ))}
          {scopes.data?.items.length === 0 ? (
            <tr>
              <td colSpan={3} className="muted">
                {t('roles.no_permissions')}
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
      <form
        className="inline"
        onSubmit={(event) => {
          event.preventDefault();
          if (scopeId) add.mutate(scopeId);
        }}
      >
        <label htmlFor="role-permission-select">{t('roles.add_permission')}</label>
        <select id="role-permission-select" value={scopeId} onChange={(event) => setScopeId(event.target.value)}>
          <option value="">{t('common.choose')}</option>
          {(resources.data?.items ?? []).map((resource) => (
            <optgroup key={resource.id} label={resource.name}>
              {(resource.scopes ?? [])
                .filter((scope) => !held.has(scope.id))
                .map((scope) => (
                  <option key={scope.id} value={scope.id}>
                    {scope.name}
                  </option>
                ))}
            </optgroup>
          ))}
        </select>
        <button type="submit" className="secondary" disabled={!scopeId || add.isPending}>
          {t('common.assign')}
        </button>
      </form>
    </section>
  );
}
