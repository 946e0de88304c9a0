import { useQuery } from '@tanstack/react-query';
import type { ResourceResponse } from '@idp/schemas';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { errorMessage } from '../../api/errors.ts';
import { useApi } from '../../api/use-api.ts';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { Pagination } from '../../components/Pagination.tsx';
import { pageSize } from '../../config.ts';
import { CreateResourceDialog } from './CreateResourceDialog.tsx';

export function ResourceList() {
  const { t } = useTranslation();
  const api = useApi();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page') ?? 1) || 1);
  const [creating, setCreating] = useState(false);
  const list = useQuery({
    queryKey: ['resources', { page }],
    queryFn: () => api.page<ResourceResponse>('/api/resources', { page, page_size: pageSize }),
    placeholderData: (previous) => previous,
  });
  const columns = useMemo<Column<ResourceResponse>[]>(
    () => [
      {
        id: 'name',
        header: t('resources.name'),
        cell: ({ row }) => <Link to={`/api-resources/${row.original.id}`}>{row.original.name}</Link>,
      },
      { id: 'indicator', header: t('resources.indicator'), cell: ({ row }) => <code>{row.original.indicator}</code> },
      { id: 'default', header: t('resources.default'), cell: ({ row }) => (row.original.isDefault ? t('common.yes') : '') },
    ],
    [t],
  );
  return (
    <section aria-labelledby="resources-title">
      <div className="page-header">
        <h1 id="resources-title">{t('resources.title')}</h1>
        <button type="button" onClick={() => setCreating(true)}>
          {t('resources.create')}
        </button>
      </div>
      {list.isError ? (
        <p role="alert" className="error">
          {errorMessage(list.error)}
        </p>
      ) : null}
      <DataTable
        label={t('resources.title')}
        columns={columns}
        data={list.data?.items ?? []}
        isLoading={list.isLoading}
        getRowId={(resource) => resource.id}
        onRowOpen={(resource) => navigate(`/api-resources/${resource.id}`)}
      />
      <Pagination page={page} pageSize={pageSize} total={list.data?.total ?? 0} onPage={(next) => setParams({ page: String(next) })} />
      <CreateResourceDialog open={creating} onOpenChange={setCreating} />
    </section>
  );
}
