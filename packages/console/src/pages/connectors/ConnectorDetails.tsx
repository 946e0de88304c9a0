import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ConnectorResponse, UpdateConnectorBody } from '@idp/schemas';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { toast } from 'sonner';
import { errorMessage } from '../../api/errors.ts';
import { useApi } from '../../api/use-api.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { CopyField } from '../../components/CopyField.tsx';
import { ConfigFields } from './ConfigFields.tsx';
import { type ConnectorForm, configOf, connectorFormOf } from './connector-form.ts';
import { localName } from './names.ts';
import { SocialFields } from './SocialFields.tsx';
import { TestMessage } from './TestMessage.tsx';

const formOf = (connector: ConnectorResponse) =>
  connectorFormOf(connector, connector.config, { name: connector.metadata.name?.en ?? '', syncProfile: connector.syncProfile });

/** One connector: its settings (saved with PATCH), a test message, and deletion. */
export function ConnectorDetails() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const api = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [deleting, setDeleting] = useState(false);
  const connector = useQuery({ queryKey: ['connector', id], queryFn: () => api.get<ConnectorResponse>(`/api/connectors/${id}`) });
  const data = connector.data;
  const form = useForm<ConnectorForm>({ values: data ? formOf(data) : undefined });
  const save = useMutation({
    mutationFn: (body: UpdateConnectorBody) => api.patch<ConnectorResponse>(`/api/connectors/${id}`, body),
    onSuccess: async (saved) => {
      queryClient.setQueryData(['connector', id], saved);
      await queryClient.invalidateQueries({ queryKey: ['connectors'] });
      form.reset(formOf(saved));
      toast.success(t('connectors.saved'));
    },
  });
  if (connector.isError)
    return (
      <p role="alert" className="error">
        {errorMessage(connector.error)}
      </p>
    );
  if (!data) return <p className="muted">{t('common.loading')}</p>;
  const name = localName(data.name, i18n.language);
  const readConfig = async () => ((await form.trigger()) ? configOf(data, form.getValues(), data.config) : undefined);

  return (
    <section aria-labelledby="connector-title">
      <Link to="/connectors">{t('connectors.back')}</Link>
      <div className="page-header">
        <div>
          <h1 id="connector-title">{name}</h1>
          <p className="muted">
            {t(`connectors.types.${data.type}`)} · {t('connectors.factory')}: {data.connectorId}
          </p>
        </div>
        <button type="button" className="danger" onClick={() => setDeleting(true)}>
          {t('common.delete')}
        </button>
      </div>
      <div className="card">
        <CopyField label={t('connectors.id')} value={data.id} testId="connector-id" />
      </div>
      <form
        className="card"
        noValidate
        aria-labelledby="connector-settings-title"
        onSubmit={form.handleSubmit((values) =>
          save.mutate({
            config: configOf(data, values, data.config),
            ...(data.type === 'Social'
              ? {
                  syncProfile: values.syncProfile,
                  ...(values.name.trim() ? { metadata: { name: { ...data.metadata.name, en: values.name.trim() } } } : {}),
                }
              : {}),
          }),
        )}
      >
        <h2 id="connector-settings-title">{t('connectors.settings')}</h2>
        <ConfigFields factory={data} form={form} />
        {data.type === 'Social' ? <SocialFields form={form} /> : null}
        {save.isError ? (
          <p role="alert" className="error">
            {errorMessage(save.error)}
          </p>
        ) : null}
        <div className="actions">
          <button type="submit" disabled={!form.formState.isDirty || save.isPending}>
            {t('common.save')}
          </button>
        </div>
      </form>
      {data.type === 'Social' ? null : <TestMessage factoryId={data.connectorId} type={data.type} readConfig={readConfig} />}
      <ConfirmDialog
        open={deleting}
        onOpenChange={setDeleting}
        title={t('connectors.delete_title')}
        message={t('connectors.delete_text', { name })}
        actionLabel={t('common.delete')}
        onConfirm={async () => {
          await api.delete(`/api/connectors/${id}`);
          queryClient.removeQueries({ queryKey: ['connector', id] });
          await queryClient.invalidateQueries({ queryKey: ['connectors'] });
          toast.success(t('connectors.deleted', { name }));
          navigate('/connectors');
        }}
      />
    </section>
  );
}
