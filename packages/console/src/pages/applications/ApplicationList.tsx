import { useQuery } from '@tanstack/react-query';
import type { ApplicationResponse } from '@idp/schemas';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useApi } from '../../api/use-api.ts';
import { errorMessage } from '../../api/errors.ts';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { Pagination } from '../../components/Pagination.tsx';
import { SearchBox } from '../../components/SearchBox.tsx';
import { pageSize } from '../../config.ts';
import { CreateApplicationDialog } from './CreateApplicationDialog.tsx';

export function ApplicationList() {
  const { t } = useTranslation();
  const api = useApi();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page') ?? 1) || 1);
  const search = params.get('search') ?? '';
  const [creating, setCreating] = useState(params.get('create') === '1');

  const list = useQuery({
    queryKey: ['applications', { page, search }],
    queryFn: () => api.page<ApplicationResponse>('/api/applications', { page, page_size: pageSize, search }),
    placeholderData: (previous) => previous,
  });

  const columns = useMemo<Column<ApplicationResponse>[]>(
    () => [
      {
        id: 'name',
        header: t('applications.name'),
        cell: ({ row }) => <Link to={`/applications/${row.original.id}`}>{row.original.name}</Link>,
      },
      { id: 'id', header: t('applications.app_id'), cell: ({ row }) => <code>{row.original.id}</code> },
      {
        id: 'type',
        header: t('applications.type'),
        cell: ({ row }) => t(`applications.types.${row.original.isThirdParty ? 'ThirdParty' : row.original.type}`),
      },
    ],
    [t],
  );

  const update = (next: Record<string, string>) => setParams({ ...Object.fromEntries(params), ...next }, { replace: true });

  return (
    <section aria-labelledby="applications-title">
      <div className="page-header">
        <h1 id="applications-title">{t('applications.title')}</h1>
        <button type="button" onClick={() => setCreating(true)}>
          {t('applications.create')}
        </button>
      </div>
      <SearchBox label={t('applications.search')} value={search} onSearch={(value) => update({ search: value, page: '1' })} />
      {list.isError ? (
        <p role="alert" className="error">
          {errorMessage(list.error)}
        </p>
      ) : null}
      <DataTable
        label={t('applications.title')}
        columns={columns}
        data={list.data?.items ?? []}
        isLoading={list.isLoading}
        getRowId={(app) => app.id}
        onRowOpen={(app) => navigate(`/applications/${app.id}`)}
      />
      <Pagination page={page} pageSize={pageSize} total={list.data?.total ?? 0} onPage={(next) => update({ page: String(next) })} />
      <CreateApplicationDialog
        open={creating}
        onOpenChange={(open) => {
          setCreating(open);
          if (!open && params.has('create')) {
            params.delete('create');
            setParams(params, { replace: true });
          }
        }}
      />
    </section>
  );
}
