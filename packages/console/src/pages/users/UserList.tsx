import type { UserResponse } from '@idp/schemas';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { errorMessage } from '../../api/errors.ts';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { Pagination } from '../../components/Pagination.tsx';
import { SearchBox } from '../../components/SearchBox.tsx';
import { pageSize } from '../../config.ts';
import { CreateUserDialog } from './CreateUserDialog.tsx';
import { userLabel } from './password.ts';
import { useUserList, type UserListPosition } from './use-user-list.ts';

export function UserList() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page') ?? 1) || 1);
  const search = params.get('search') ?? '';
  const [creating, setCreating] = useState(false);
  const { list, prepare } = useUserList({ page, search });
  const columns = useMemo<Column<UserResponse>[]>(
    () => [
      { id: 'user', header: t('users.user'), cell: ({ row }) => <Link to={`/users/${row.original.id}`}>{userLabel(row.original)}</Link> },
      { id: 'email', header: t('users.email'), cell: ({ row }) => row.original.primaryEmail ?? '' },
      { id: 'phone', header: t('users.phone'), cell: ({ row }) => row.original.primaryPhone ?? '' },
      {
        id: 'last',
        header: t('users.last_sign_in'),
        cell: ({ row }) =>
          row.original.lastSignInAt === null ? t('users.never') : new Date(row.original.lastSignInAt).toLocaleString(i18n.language),
      },
      {
        id: 'status',
        header: t('users.status'),
        cell: ({ row }) => (row.original.isSuspended ? <span className="badge">{t('users.suspended')}</span> : t('users.active')),
      },
    ],
    [t, i18n.language],
  );
  const show = (next: UserListPosition) => {
    prepare(next);
    const { search: _previous, ...kept } = Object.fromEntries(params);
    setParams({ ...kept, ...(next.search ? { search: next.search } : {}), page: String(next.page) }, { replace: true });
  };

  return (
    <section aria-labelledby="users-title">
      <div className="page-header">
        <div>
          <h1 id="users-title">{t('users.title')}</h1>
          <p className="muted">{t('users.subtitle')}</p>
        </div>
        <button type="button" onClick={() => setCreating(true)}>
          {t('users.create')}
        </button>
      </div>
      <SearchBox label={t('users.search')} value={search} onSearch={(value) => show({ search: value, page: 1 })} />
      {list.isError ? (
        <p role="alert" className="error">
          {errorMessage(list.error)}
        </p>
      ) : null}
      <DataTable
        label={t('users.title')}
        columns={columns}
        data={list.data?.items ?? []}
        isLoading={list.isLoading}
        getRowId={(user) => user.id}
        onRowOpen={(user) => navigate(`/users/${user.id}`)}
      />
      <Pagination page={page} pageSize={pageSize} total={list.data?.total ?? 0} onPage={(next) => show({ search, page: next })} />
      <CreateUserDialog open={creating} onOpenChange={setCreating} />
    </section>
  );
}
