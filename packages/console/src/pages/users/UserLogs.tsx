import { useQuery } from '@tanstack/react-query';
import type { LogResponse } from '@idp/schemas';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/errors.ts';
import { useApi } from '../../api/use-api.ts';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { Pagination } from '../../components/Pagination.tsx';

const logPageSize = 10;

/** The newest audit log entries about the user. */
export function UserLogs({ userId }: { userId: string }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [page, setPage] = useState(1);
  const logs = useQuery({
    queryKey: ['logs', { userId, page }],
    queryFn: () => api.page<LogResponse>('/api/logs', { userId, page, page_size: logPageSize }),
    placeholderData: (previous) => previous,
  });
  const columns = useMemo<Column<LogResponse>[]>(
    () => [
      { id: 'key', header: t('users.log_event'), cell: ({ row }) => <code>{row.original.key}</code> },
      {
        id: 'result',
        header: t('users.log_result'),
        cell: ({ row }) => (row.original.payload.result ? t(`users.log_results.${row.original.payload.result}`) : ''),
      },
      { id: 'time', header: t('users.log_time'), cell: ({ row }) => new Date(row.original.createdAt).toLocaleString(i18n.language) },
    ],
    [t, i18n.language],
  );

  return (
    <section className="card" aria-labelledby="user-logs-title">
      <h2 id="user-logs-title">{t('users.logs')}</h2>
      {logs.isError ? (
        <p role="alert" className="error">
          {errorMessage(logs.error)}
        </p>
      ) : null}
      <DataTable
        label={t('users.logs')}
        columns={columns}
        data={logs.data?.items ?? []}
        isLoading={logs.isLoading}
        getRowId={(log) => log.id}
      />
      <Pagination page={page} pageSize={logPageSize} total={logs.data?.total ?? 0} onPage={setPage} />
    </section>
  );
}
