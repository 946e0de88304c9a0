import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApplicationResponse, RoleResponse, RoleUserResponse, UserResponse } from '@idp/schemas';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { errorMessage } from '../../api/errors.ts';
import { useApi } from '../../api/use-api.ts';
import { SearchBox } from '../../components/SearchBox.tsx';

type Holder = { id: string; label: string };

const userLabel = (user: Pick<RoleUserResponse, 'id' | 'name' | 'username' | 'primaryEmail' | 'primaryPhone'>) =>
  user.name ?? user.username ?? user.primaryEmail ?? user.primaryPhone ?? user.id;

/** Who holds a role: users for a user role, machine-to-machine apps for an M2M role. */
export function RoleAssignments({ role }: { role: RoleResponse }) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const forUsers = role.type === 'User';
  const path = `/api/roles/${role.id}/${forUsers ? 'users' : 'applications'}`;
  const key = ['role-holders', role.id];
  const [search, setSearch] = useState('');
  const [candidate, setCandidate] = useState('');

  const holders = useQuery({
    queryKey: key,
    queryFn: async (): Promise<Holder[]> =>
      forUsers
        ? (await api.page<RoleUserResponse>(path, { page: 1, page_size: 100 })).items.map((user) => ({
            id: user.id,
            label: userLabel(user),
          }))
        : (await api.page<ApplicationResponse>(path, { page: 1, page_size: 100 })).items.map((app) => ({ id: app.id, label: app.name })),
  });
  const candidates = useQuery({
    queryKey: ['role-candidates', role.id, search],
    queryFn: async (): Promise<Holder[]> =>
      forUsers
        ? (await api.page<UserResponse>('/api/users', { page: 1, page_size: 20, search })).items.map((user) => ({
            id: user.id,
            label: userLabel(user),
          }))
        : (await api.page<ApplicationResponse>('/api/applications', { page: 1, page_size: 100, types: 'MachineToMachine', search })).items
            .filter((app) => app.type === 'MachineToMachine')
            .map((app) => ({ id: app.id, label: app.name })),
  });
  const held = new Set((holders.data ?? []).map((holder) => holder.id));
  const refresh = () =>
    Promise.all([queryClient.invalidateQueries({ queryKey: key }), queryClient.invalidateQueries({ queryKey: ['roles'] })]);
  const assign = useMutation({
    mutationFn: (id: string) => api.post(path, forUsers ? { userIds: [id] } : { applicationIds: [id] }),
    onSuccess: async () => {
      setCandidate('');
      await refresh();
    },
    onError: (error) => toast.error(errorMessage(error)),
  });
  const unassign = useMutation({
    mutationFn: (id: string) => api.delete(`${path}/${id}`),
    onSuccess: refresh,
    onError: (error) => toast.error(errorMessage(error)),
  });
  const title = forUsers ? t('roles.assigned_users') : t('roles.assigned_apps');

  return (
    <section className="card" aria-labelledby="role-holders-title">
      <h2 id="role-holders-title">{title}</h2>
      <ul className="rows">
        {(holders.data ?? []).map((holder) => (
          <li key={holder.id}>
            <strong>{holder.label}</strong>
            <code>{holder.id}</code>
            <button type="button" className="danger" onClick={() => unassign.mutate(holder.id)}>
              {t('common.remove')}
            </button>
          </li>
        ))}
        {holders.data?.length === 0 ? <li className="muted">{t('roles.no_holders')}</li> : null}
      </ul>
      <SearchBox label={forUsers ? t('roles.search_users') : t('roles.search_apps')} value={search} onSearch={setSearch} />
      <form
        className="inline"
        onSubmit={(event) => {
          event.preventDefault();
          if (candidate) assign.mutate(candidate);
        }}
      >
        <label htmlFor="role-holder-select">{forUsers ? t('roles.assign_user') : t('roles.assign_app')}</label>
        <select id="role-holder-select" value={candidate} onChange={(event) => setCandidate(event.target.value)}>
          <option value="">{t('common.choose')}</option>
          {(candidates.data ?? [])
            .filter((option) => !held.has(option.id))
            .map((option) => (
              <option key={option.id} value={option.id}>
                {option.label}
              </option>
            ))}
        </select>
        <button type="submit" className="secondary" disabled={!candidate || assign.isPending}>
          {t('common.assign')}
        </button>
      </form>
    </section>
  );
}
