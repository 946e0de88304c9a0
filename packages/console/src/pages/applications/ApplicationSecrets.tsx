import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApplicationSecretResponse, CreateApplicationSecretBody } from '@idp/schemas';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/errors.ts';
import { useApi } from '../../api/use-api.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { CopyField } from '../../components/CopyField.tsx';
import { Field } from '../../components/Field.tsx';
import { showApiError } from '../../components/form.ts';
import { Modal } from '../../components/Modal.tsx';
import { RenameSecretDialog } from './RenameSecretDialog.tsx';

type Form = { name: string; expiresInDays: string };
const dayMs = 86_400_000;

export function ApplicationSecrets({ applicationId }: { applicationId: string }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const key = ['application-secrets', applicationId];
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<ApplicationSecretResponse>();
  const [deleting, setDeleting] = useState<string>();
  const [renaming, setRenaming] = useState<ApplicationSecretResponse>();
  const secrets = useQuery({
    queryKey: key,
    queryFn: () => api.get<ApplicationSecretResponse[]>(`/api/applications/${applicationId}/secrets`),
  });
  const { register, handleSubmit, reset, setError, formState } = useForm<Form>({ defaultValues: { name: '', expiresInDays: '' } });

  const create = useMutation({
    mutationFn: (body: CreateApplicationSecretBody) =>
      api.post<ApplicationSecretResponse>(`/api/applications/${applicationId}/secrets`, body),
    onSuccess: async (secret) => {
      await queryClient.invalidateQueries({ queryKey: key });
      reset();
      setCreating(false);
      setCreated(secret);
    },
    onError: (error) => showApiError(error, setError, ['name']),
  });
  const date = (ms: number | null) => (ms === null ? t('applications.secret_never') : new Date(ms).toLocaleDateString(i18n.language));

  return (
    <section className="card" aria-labelledby="secrets-title">
      <div className="page-header">
        <h2 id="secrets-title">{t('applications.secrets')}</h2>
        <button type="button" className="secondary" onClick={() => setCreating(true)}>
          {t('applications.secret_create')}
        </button>
      </div>
      {secrets.isError ? (
        <p role="alert" className="error">
          {errorMessage(secrets.error)}
        </p>
      ) : null}
      <ul className="rows">
        {(secrets.data ?? []).map((secret) => (
          <li key={secret.name}>
            <strong>{secret.name}</strong>
            {secret.expiresAt !== null && secret.expiresAt <= Date.now() ? (
              <span className="badge warning">{t('applications.secret_expired', { date: date(secret.expiresAt) })}</span>
            ) : (
              <span className="muted">{t('applications.secret_expires', { date: date(secret.expiresAt) })}</span>
            )}
            <button
              type="button"
              className="secondary"
              aria-label={`${t('applications.secret_rename')}: ${secret.name}`}
              onClick={() => setRenaming(secret)}
            >
              {t('applications.secret_rename')}
            </button>
            <button type="button" className="danger" onClick={() => setDeleting(secret.name)}>
              {t('common.delete')}
            </button>
          </li>
        ))}
      </ul>
      <Modal open={creating} onOpenChange={setCreating} title={t('applications.secret_create')}>
        <form
          noValidate
          onSubmit={handleSubmit(({ name, expiresInDays }) =>
            create.mutate({ name: name.trim(), expiresAt: expiresInDays ? Date.now() + Number(expiresInDays) * dayMs : null }),
          )}
        >
          <Field id="secret-name" label={t('applications.secret_name')} error={formState.errors.name}>
            <input id="secret-name" {...register('name', { validate: (value) => value.trim().length > 0 || t('common.required') })} />
          </Field>
          <Field id="secret-expiry" label={t('applications.secret_expiry')}>
            <select id="secret-expiry" {...register('expiresInDays')}>
              <option value="">{t('applications.secret_never')}</option>
              {[30, 90, 365].map((days) => (
                <option key={days} value={String(days)}>
                  {t('applications.secret_days', { count: days })}
                </option>
              ))}
            </select>
          </Field>
          {formState.errors.root?.server ? (
            <p role="alert" className="error">
              {formState.errors.root.server.message}
            </p>
          ) : null}
          <div className="actions">
            <button type="submit" disabled={create.isPending}>
              {t('applications.secret_create')}
            </button>
          </div>
        </form>
      </Modal>
      <Modal
        open={created !== undefined}
        onOpenChange={(open) => !open && setCreated(undefined)}
        title={t('applications.secret_created')}
        description={t('applications.secret_copy_now')}
      >
        {created ? <CopyField label={created.name} value={created.value} testId="new-secret" /> : null}
      </Modal>
      <RenameSecretDialog
        applicationId={applicationId}
        secret={renaming}
        onClose={() => setRenaming(undefined)}
        onRenamed={() => queryClient.invalidateQueries({ queryKey: key })}
      />
      <ConfirmDialog
        open={deleting !== undefined}
        onOpenChange={(open) => !open && setDeleting(undefined)}
        title={t('applications.secret_delete_title')}
        message={t('applications.secret_delete_text', { name: deleting })}
        actionLabel={t('common.delete')}
        onConfirm={async () => {
          await api.delete(`/api/applications/${applicationId}/secrets/${encodeURIComponent(deleting ?? '')}`);
          await queryClient.invalidateQueries({ queryKey: key });
        }}
      />
    </section>
  );
}
