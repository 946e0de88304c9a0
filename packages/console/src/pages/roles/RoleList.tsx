import { useQuery } from '@tanstack/react-query';
import type { RoleWithHoldersResponse } from '@idp/schemas';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { errorMessage } from '../../api/errors.ts';
import { useApi } from '../../api/use-api.ts';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { Pagination } from '../../components/Pagination.tsx';
import { SearchBox } from '../../components/SearchBox.tsx';
import { pageSize } from '../../config.ts';
import { CreateRoleDialog } from './CreateRoleDialog.tsx';

export function RoleList() {
  const { t } = useTranslation();
  const api = useApi();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page') ?? 1) || 1);
  const search = params.get('search') ?? '';
  const type = params.get('type') === 'MachineToMachine' ? 'MachineToMachine' : 'User';
  const [creating, setCreating] = useState(false);
  const list = useQuery({
    queryKey: ['roles', { page, search, type }],
    queryFn: () => api.page<RoleWithHoldersResponse>('/api/roles', { page, page_size: pageSize, search, type }),
    placeholderData: (previous) => previous,
  });
  const columns = useMemo<Column<RoleWithHoldersResponse>[]>(
    () => [
      { id: 'name', header: t('roles.name'), cell: ({ row }) => <Link to={`/roles/${row.original.id}`}>{row.original.name}</Link> },
      { id: 'description', header: t('roles.description'), cell: ({ row }) => row.original.description },
      {
        id: 'holders',
        header: t('roles.assigned'),
        cell: ({ row }) => (row.original.type === 'User' ? row.original.usersCount : row.original.applicationsCount),
      },
    ],
    [t],
  );
  const update = (next: Record<string, string>) => setParams({ ...Object.fromEntries(params), ...next }, { replace: true });

  return (
    <section aria-labelledby="roles-title">
      <div className="page-header">
        <h1 id="roles-title">{t('roles.title')}</h1>
        <button type="button" onClick={() => setCreating(true)}>
          {t('roles.create')}
        </button>
      </div>
      <fieldset className="tabs">
        <legend className="visually-hidden">{t('roles.type')}</legend>
        {(['User', 'MachineToMachine'] as const).map((option) => (
          <button
            key={option}
            type="button"
            className={option === type ? '' : 'secondary'}
            aria-pressed={option === type}
            onClick={() => update({ type: option, page: '1' })}
          >
            {t(`roles.types.${option}`)}
          </button>
        ))}
      </fieldset>
      <SearchBox label={t('roles.search')} value={search} onSearch={(value) => update({ search: value, page: '1' })} />
      {list.isError ? (
        <p role="alert" className="error">
          {errorMessage(list.error)}
        </p>
      ) : null}
      <DataTable
        label={t('roles.title')}
        columns={columns}
        data={list.data?.items ?? []}
        isLoading={list.isLoading}
        getRowId={(role) => role.id}
        onRowOpen={(role) => navigate(`/roles/${role.id}`)}
      />
      <Pagination page={page} pageSize={pageSize} total={list.data?.total ?? 0} onPage={(next) => update({ page: String(next) })} />
      <CreateRoleDialog open={creating} onOpenChange={setCreating} defaultType={type} />
    </section>
  );
}
