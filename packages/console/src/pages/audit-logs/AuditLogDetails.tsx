import type { ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { LogResponse } from '@idp/schemas';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { errorMessage } from '../../api/errors.ts';
import { useApi } from '../../api/use-api.ts';

/** One audit log entry (GET /api/logs/:id), with its whole payload. */
export function AuditLogDetails() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const api = useApi();
  const log = useQuery({ queryKey: ['log', id], queryFn: () => api.get<LogResponse>(`/api/logs/${id}`) });
  if (log.isError)
    return (
      <p role="alert" className="error">
        {errorMessage(log.error)}
      </p>
    );
  if (!log.data) return <p className="muted">{t('common.loading')}</p>;
  const { key, payload, createdAt } = log.data;
  const rows: Array<[string, ReactNode]> = [
    [t('audit_logs.log_id'), <code key="id">{log.data.id}</code>],
    [t('audit_logs.result'), payload.result ? t(`audit_logs.results.${payload.result}`) : ''],
    [t('audit_logs.time'), new Date(createdAt).toLocaleString(i18n.language)],
    [
      t('audit_logs.user'),
      payload.userId ? (
        <Link key="user" to={`/users/${payload.userId}`}>
          {payload.userId}
        </Link>
      ) : (
        ''
      ),
    ],
    [t('audit_logs.application'), payload.applicationId ?? ''],
    [t('audit_logs.ip'), payload.ip ?? ''],
    [t('audit_logs.user_agent'), payload.userAgent ?? ''],
  ];

  return (
    <section aria-labelledby="log-title">
      <Link to="/audit-logs">{t('audit_logs.back')}</Link>
      <div className="page-header">
        <div>
          <h1 id="log-title">{key}</h1>
          <p className="muted">{t('audit_logs.details')}</p>
        </div>
      </div>
      <div className="card">
        <table className="table" aria-label={t('audit_logs.details')}>
          <tbody>
            {rows.map(([label, value]) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                <td>{value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section className="card" aria-labelledby="log-payload-title">
        <h2 id="log-payload-title">{t('audit_logs.payload')}</h2>
        <pre data-testid="log-payload">
          <code>{JSON.stringify(payload, null, 2)}</code>
        </pre>
      </section>
    </section>
  );
}
