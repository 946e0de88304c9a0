import { useQuery } from '@tanstack/react-query';
import type { LogResponse } from '@idp/schemas';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { errorMessage } from '../../api/errors.ts';
import { useApi } from '../../api/use-api.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { Pagination } from '../../components/Pagination.tsx';
import { pageSize } from '../../config.ts';
import { type LogFilter, LogFilters, toEpoch } from './LogFilters.tsx';

/** The tenant's audit log (GET /api/logs), newest first, filtered by what the URL says. */
export function AuditLogList() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page') ?? 1) || 1);
  const filter: LogFilter = {
    logKey: params.get('logKey') ?? '',
    userId: params.get('userId') ?? '',
    applicationId: params.get('applicationId') ?? '',
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
  };
  const logs = useQuery({
    queryKey: ['logs', { ...filter, page }],
    queryFn: () =>
      api.page<LogResponse>('/api/logs', {
        page,
        page_size: pageSize,
        logKey: filter.logKey,
        userId: filter.userId,
        applicationId: filter.applicationId,
        start_time: toEpoch(filter.from),
        end_time: toEpoch(filter.to),
      }),
    placeholderData: (previous) => previous,
  });
  const columns = useMemo<Column<LogResponse>[]>(
    () => [
      {
        id: 'key',
        header: t('audit_logs.event'),
        cell: ({ row }) => <Link to={`/audit-logs/${row.original.id}`}>{row.original.key}</Link>,
      },
      {
        id: 'result',
        header: t('audit_logs.result'),
        cell: ({ row }) => {
          const { result } = row.original.payload;
          if (!result) return '';
          return result === 'Error' ? (
            <span className="badge warning">{t('audit_logs.results.Error')}</span>
          ) : (
            t('audit_logs.results.Success')
          );
        },
      },
      {
        id: 'user',
        header: t('audit_logs.user'),
        cell: ({ row }) => {
          const { userId } = row.original.payload;
          return userId ? <Link to={`/users/${userId}`}>{userId}</Link> : '';
        },
      },
      { id: 'application', header: t('audit_logs.application'), cell: ({ row }) => row.original.payload.applicationId ?? '' },
      { id: 'time', header: t('audit_logs.time'), cell: ({ row }) => new Date(row.original.createdAt).toLocaleString(i18n.language) },
    ],
    [t, i18n.language],
  );
  const apply = (next: LogFilter) =>
    setParams(Object.fromEntries(Object.entries({ ...next, page: '1' }).filter(([, value]) => value !== '')), { replace: true });

  return (
    <section aria-labelledby="audit-logs-title">
      <div className="page-header">
        <div>
          <h1 id="audit-logs-title">{t('audit_logs.title')}</h1>
          <p className="muted">{t('audit_logs.subtitle')}</p>
        </div>
      </div>
      <LogFilters value={filter} onApply={apply} />
      {logs.isError ? (
        <p role="alert" className="error">
          {errorMessage(logs.error)}
        </p>
      ) : null}
      <DataTable
        label={t('audit_logs.title')}
        columns={columns}
        data={logs.data?.items ?? []}
        isLoading={logs.isLoading}
        getRowId={(log) => log.id}
        onRowOpen={(log) => navigate(`/audit-logs/${log.id}`)}
      />
      <Pagination
        page={page}
        pageSize={pageSize}
        total={logs.data?.total ?? 0}
        onPage={(next) => setParams({ ...Object.fromEntries(params), page: String(next) }, { replace: true })}
      />
    </section>
  );
}
