// The console's administrators: the admin tenant's users, managed through the admin tenant's own
// Management API (the console's origin). The API keeps the last administrator; its refusal is shown
// in the confirmation dialog as it words it.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { UserResponse } from '@idp/schemas';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { toast } from 'sonner';
import { errorMessage } from '../../api/errors.ts';
import { useApi } from '../../api/use-api.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { Pagination } from '../../components/Pagination.tsx';
import { pageSize } from '../../config.ts';
import { userLabel } from '../users/password.ts';
import { CreateAdministratorDialog } from './CreateAdministratorDialog.tsx';
import { useMe } from './use-me.ts';

export function AdministratorList() {
  const { t } = useTranslation();
  const api = useApi('admin');
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page') ?? 1) || 1);
  const [creating, setCreating] = useState(false);
  const [removing, setRemoving] = useState<UserResponse>();
  const me = useMe().data;
  const list = useQuery({
    queryKey: ['administrators', { page }],
    queryFn: () => api.page<UserResponse>('/api/users', { page, page_size: pageSize }),
    placeholderData: (previous) => previous,
  });

  const columns = useMemo<Column<UserResponse>[]>(
    () => [
      {
        id: 'name',
        header: t('administrators.name'),
        cell: ({ row }) => (
          <>
            {row.original.name ?? ''}
            {row.original.id === me?.id ? (
              <>
                {' '}
                <span className="badge" title={t('administrators.you_label')}>
                  {t('administrators.you')}
                </span>
              </>
            ) : null}
          </>
        ),
      },
      { id: 'username', header: t('administrators.username'), cell: ({ row }) => row.original.username ?? '' },
      { id: 'email', header: t('administrators.email'), cell: ({ row }) => row.original.primaryEmail ?? '' },
      {
        id: 'actions',
        header: t('common.actions'),
        cell: ({ row }) => (
          <button
            type="button"
            className="danger"
            aria-label={t('administrators.remove_named', { name: userLabel(row.original) })}
            onClick={() => setRemoving(row.original)}
          >
            {t('administrators.remove')}
          </button>
        ),
      },
    ],
    [t, me?.id],
  );
  const removingName = removing ? userLabel(removing) : '';

  return (
    <section aria-labelledby="administrators-title">
      <div className="page-header">
        <div>
          <h1 id="administrators-title">{t('administrators.title')}</h1>
          <p className="muted">{t('administrators.subtitle')}</p>
        </div>
        <button type="button" onClick={() => setCreating(true)}>
          {t('administrators.create')}
        </button>
      </div>
      {list.isError ? (
        <p role="alert" className="error">
          {errorMessage(list.error)}
        </p>
      ) : null}
      <DataTable
        label={t('administrators.title')}
        columns={columns}
        data={list.data?.items ?? []}
        isLoading={list.isLoading}
        getRowId={(user) => user.id}
      />
      <Pagination
        page={page}
        pageSize={pageSize}
        total={list.data?.total ?? 0}
        onPage={(next) => setParams({ page: String(next) }, { replace: true })}
      />
      <p className="muted">{t('administrators.last_admin_hint')}</p>
      <CreateAdministratorDialog open={creating} onOpenChange={setCreating} />
      <ConfirmDialog
        open={removing !== undefined}
        onOpenChange={(open) => (open ? undefined : setRemoving(undefined))}
        title={t('administrators.remove_title')}
        message={t('administrators.remove_text', { name: removingName })}
        confirmText={removingName}
        actionLabel={t('administrators.remove')}
        onConfirm={async () => {
          await api.delete(`/api/users/${removing?.id}`);
          await queryClient.invalidateQueries({ queryKey: ['administrators'] });
          toast.success(t('administrators.removed', { name: removingName }));
        }}
      />
    </section>
  );
}
