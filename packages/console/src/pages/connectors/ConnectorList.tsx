import { useQuery } from '@tanstack/react-query';
import type { ConnectorResponse } from '@idp/schemas';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { errorMessage } from '../../api/errors.ts';
import { useApi } from '../../api/use-api.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { CreateConnectorDialog } from './CreateConnectorDialog.tsx';
import { localName } from './names.ts';

type Kind = 'Email' | 'Sms' | 'Social';

/** The tenant's connectors: its one email and one SMS connector, and its social ones. */
export function ConnectorList() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const navigate = useNavigate();
  const [creating, setCreating] = useState<Kind>();
  const list = useQuery({ queryKey: ['connectors'], queryFn: () => api.get<ConnectorResponse[]>('/api/connectors') });
  const connectors = list.data ?? [];
  const name = (connector: ConnectorResponse) => localName(connector.name, i18n.language);
  const social = connectors.filter(({ type }) => type === 'Social');
  const columns = useMemo<Column<ConnectorResponse>[]>(
    () => [
      {
        id: 'name',
        header: t('connectors.name'),
        cell: ({ row }) => <Link to={`/connectors/${row.original.id}`}>{localName(row.original.name, i18n.language)}</Link>,
      },
      { id: 'target', header: t('connectors.target'), cell: ({ row }) => <code>{row.original.target}</code> },
      { id: 'factory', header: t('connectors.factory'), cell: ({ row }) => row.original.connectorId },
    ],
    [t, i18n.language],
  );

  const single = (type: 'Email' | 'Sms') => {
    const connector = connectors.find((candidate) => candidate.type === type);
    const titleId = `connectors-${type.toLowerCase()}-title`;
    return (
      <section className="card" aria-labelledby={titleId}>
        <h2 id={titleId}>{type === 'Email' ? t('connectors.email_title') : t('connectors.sms_title')}</h2>
        {connector ? (
          <p>
            <Link to={`/connectors/${connector.id}`} aria-label={t('connectors.open', { name: name(connector) })}>
              {name(connector)}
            </Link>{' '}
            <span className="muted">
              {t('connectors.factory')}: {connector.connectorId}
            </span>
          </p>
        ) : (
          <>
            <p className="muted">{type === 'Email' ? t('connectors.none_email') : t('connectors.none_sms')}</p>
            <button type="button" onClick={() => setCreating(type)} disabled={list.isLoading}>
              {type === 'Email' ? t('connectors.set_up_email') : t('connectors.set_up_sms')}
            </button>
          </>
        )}
      </section>
    );
  };

  return (
    <section aria-labelledby="connectors-title">
      <div className="page-header">
        <div>
          <h1 id="connectors-title">{t('connectors.title')}</h1>
          <p className="muted">{t('connectors.subtitle')}</p>
        </div>
      </div>
      {list.isError ? (
        <p role="alert" className="error">
          {errorMessage(list.error)}
        </p>
      ) : null}
      {single('Email')}
      {single('Sms')}
      <section className="card" aria-labelledby="connectors-social-title">
        <div className="page-header">
          <h2 id="connectors-social-title">{t('connectors.social_title')}</h2>
          <button type="button" onClick={() => setCreating('Social')}>
            {t('connectors.add_social')}
          </button>
        </div>
        <DataTable
          label={t('connectors.social_title')}
          columns={columns}
          data={social}
          isLoading={list.isLoading}
          getRowId={(connector) => connector.id}
          onRowOpen={(connector) => navigate(`/connectors/${connector.id}`)}
        />
      </section>
      <CreateConnectorDialog type={creating} onClose={() => setCreating(undefined)} />
    </section>
  );
}
