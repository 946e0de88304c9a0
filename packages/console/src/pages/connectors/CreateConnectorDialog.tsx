import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ConnectorFactoryResponse, ConnectorResponse, CreateConnectorBody } from '@idp/schemas';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { toast } from 'sonner';
import { errorMessage } from '../../api/errors.ts';
import { useApi } from '../../api/use-api.ts';
import { Modal } from '../../components/Modal.tsx';
import { ConfigFields } from './ConfigFields.tsx';
import { type ConnectorForm, configOf, connectorFormOf } from './connector-form.ts';
import { SocialFields } from './SocialFields.tsx';
import { TestMessage } from './TestMessage.tsx';
import { localName } from './names.ts';

type Props = { type: 'Email' | 'Sms' | 'Social' | undefined; onClose: () => void };

/** A new connector of one type: pick its factory, fill in the form the factory describes, create. */
export function CreateConnectorDialog({ type, onClose }: Props) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [factoryId, setFactoryId] = useState<string>();
  const form = useForm<ConnectorForm>({ defaultValues: { json: '{}', fields: {}, name: '', syncProfile: false } });
  const factories = useQuery({
    queryKey: ['connector-factories'],
    queryFn: () => api.get<ConnectorFactoryResponse[]>('/api/connector-factories'),
    enabled: type !== undefined,
  });
  const choices = (factories.data ?? []).filter((factory) => factory.type === type);
  const factory = choices.find(({ id }) => id === factoryId);
  const choose = (next: ConnectorFactoryResponse) => {
    setFactoryId(next.id);
    form.reset(connectorFormOf(next));
  };
  const close = () => {
    setFactoryId(undefined);
    onClose();
  };
  const create = useMutation({
    mutationFn: (body: CreateConnectorBody) => api.post<ConnectorResponse>('/api/connectors', body),
    onSuccess: async (connector) => {
      await queryClient.invalidateQueries({ queryKey: ['connectors'] });
      toast.success(t('connectors.created', { name: localName(connector.name, i18n.language) }));
      close();
      navigate(`/connectors/${connector.id}`);
    },
  });
  const readConfig = async () => {
    if (!factory || !(await form.trigger())) return undefined;
    return configOf(factory, form.getValues());
  };

  return (
    <Modal
      open={type !== undefined}
      onOpenChange={(open) => (open ? undefined : close())}
      title={t('connectors.create_title')}
      description={t('connectors.create_text')}
    >
      <fieldset className="kinds">
        <legend>{t('connectors.choose_factory')}</legend>
        {choices.map((choice) => (
          <label key={choice.id} className="kind">
            <input type="radio" name="connector-factory" checked={choice.id === factoryId} onChange={() => choose(choice)} />
            <strong>{localName(choice.name, i18n.language)}</strong>
            <span className="muted">{localName(choice.description, i18n.language)}</span>
            {choice.isDevelopment ? <span className="badge warning">{t('connectors.development_only')}</span> : null}
          </label>
        ))}
      </fieldset>
      {factories.isError ? (
        <p role="alert" className="error">
          {errorMessage(factories.error)}
        </p>
      ) : null}
      {factory ? (
        <form
          noValidate
          onSubmit={form.handleSubmit((values) =>
            create.mutate({
              connectorId: factory.id,
              config: configOf(factory, values),
              ...(factory.type === 'Social'
                ? { syncProfile: values.syncProfile, ...(values.name.trim() ? { metadata: { name: { en: values.name.trim() } } } : {}) }
                : {}),
            }),
          )}
        >
          <ConfigFields factory={factory} form={form} />
          {factory.type === 'Social' ? <SocialFields form={form} /> : null}
          {create.isError ? (
            <p role="alert" className="error">
              {errorMessage(create.error)}
            </p>
          ) : null}
          <div className="actions">
            <button type="button" className="secondary" onClick={close}>
              {t('common.cancel')}
            </button>
            <button type="submit" disabled={create.isPending}>
              {t('connectors.create_action')}
            </button>
          </div>
        </form>
      ) : null}
      {factory && factory.type !== 'Social' ? <TestMessage factoryId={factory.id} type={factory.type} readConfig={readConfig} /> : null}
    </Modal>
  );
}
