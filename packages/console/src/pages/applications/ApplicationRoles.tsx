import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RoleResponse } from '@idp/schemas';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { errorMessage } from '../../api/errors.ts';
import { useApi } from '../../api/use-api.ts';

/** The machine-to-machine roles an app holds: they decide the permissions of its client-credentials tokens. */
export function ApplicationRoles({ applicationId }: { applicationId: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const [selected, setSelected] = useState('');
  const held = useQuery({
    queryKey: ['application-roles', applicationId],
    queryFn: () => api.page<RoleResponse>(`/api/applications/${applicationId}/roles`, { page: 1, page_size: 100 }),
  });
  const available = useQuery({
    queryKey: ['roles', 'available-for', applicationId],
    queryFn: () =>
      api.page<RoleResponse>('/api/roles', { page: 1, page_size: 100, type: 'MachineToMachine', excludeApplicationId: applicationId }),
  });
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['application-roles', applicationId] }),
      queryClient.invalidateQueries({ queryKey: ['roles'] }),
    ]);
  const assign = useMutation({
    mutationFn: (roleId: string) => api.post(`/api/applications/${applicationId}/roles`, { roleIds: [roleId] }),
    onSuccess: async () => {
      setSelected('');
      await refresh();
    },
    onError: (error) => toast.error(errorMessage(error)),
  });
  const unassign = useMutation({
    mutationFn: (roleId: string) => api.delete(`/api/applications/${applicationId}/roles/${roleId}`),
    onSuccess: refresh,
    onError: (error) => toast.error(errorMessage(error)),
  });

  return (
    <section className="card" aria-labelledby="app-roles-title">
      <h2 id="app-roles-title">{t('applications.roles')}</h2>
      <ul className="rows">
        {(held.data?.items ?? []).map((role) => (
          <li key={role.id}>
            <strong>{role.name}</strong>
            <button type="button" className="danger" onClick={() => unassign.mutate(role.id)}>
              {t('common.remove')}
            </button>
          </li>
        ))}
        {held.data?.items.length === 0 ? <li className="muted">{t('applications.no_roles')}</li> : null}
      </ul>
      <form
        className="inline"
        onSubmit={(event) => {
          event.preventDefault();
          if (selected) assign.mutate(selected);
        }}
      >
        <label htmlFor="app-role-select">{t('applications.assign_role')}</label>
        <select id="app-role-select" value={selected} onChange={(event) => setSelected(event.target.value)}>
          <option value="">{t('common.choose')}</option>
          {(available.data?.items ?? []).map((role) => (
            <option key={role.id} value={role.id}>
              {role.name}
            </option>
          ))}
        </select>
        <button type="submit" className="secondary" disabled={!selected || assign.isPending}>
          {t('common.assign')}
        </button>
      </form>
    </section>
  );
}
