import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ResourceResponse, UpdateResourceBody } from '@idp/schemas';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { toast } from 'sonner';
import { errorMessage } from '../../api/errors.ts';
import { useApi } from '../../api/use-api.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { CopyField } from '../../components/CopyField.tsx';
import { Field } from '../../components/Field.tsx';
import { showApiError } from '../../components/form.ts';
import { managementApiIndicator } from '../../config.ts';
import { ResourcePermissions } from './ResourcePermissions.tsx';

type Form = { name: string; accessTokenTtl: string };

export function ResourceDetails() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const api = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [deleting, setDeleting] = useState(false);
  const resource = useQuery({ queryKey: ['resource', id], queryFn: () => api.get<ResourceResponse>(`/api/resources/${id}`) });
  const data = resource.data;
  const { register, handleSubmit, setError, formState } = useForm<Form>({
    values: data ? { name: data.name, accessTokenTtl: String(data.accessTokenTtl) } : undefined,
  });
  const saved = async (next: ResourceResponse) => {
    queryClient.setQueryData(['resource', id], next);
    await queryClient.invalidateQueries({ queryKey: ['resources'] });
    toast.success(t('common.saved'));
  };
  const save = useMutation({
    mutationFn: (body: UpdateResourceBody) => api.patch<ResourceResponse>(`/api/resources/${id}`, body),
    onSuccess: saved,
    onError: (error) => showApiError(error, setError, ['name', 'accessTokenTtl']),
  });
  const setDefault = useMutation({
    mutationFn: (isDefault: boolean) => api.patch<ResourceResponse>(`/api/resources/${id}/is-default`, { isDefault }),
    onSuccess: saved,
    onError: (error) => toast.error(errorMessage(error)),
  });

  if (resource.isError)
    return (
      <p role="alert" className="error">
        {errorMessage(resource.error)}
      </p>
    );
  if (!data) return <p className="muted">{t('common.loading')}</p>;
  // The Management API is the installation's own: shown, never changed here.
  const readOnly = data.indicator === managementApiIndicator;

  return (
    <section aria-labelledby="resource-title">
      <Link to="/api-resources">{t('resources.back')}</Link>
      <div className="page-header">
        <h1 id="resource-title">{data.name}</h1>
        {readOnly ? null : (
          <button type="button" className="danger" onClick={() => setDeleting(true)}>
            {t('common.delete')}
          </button>
        )}
      </div>
      {readOnly ? <p className="notice">{t('resources.read_only')}</p> : null}
      <div className="card">
        <CopyField label={t('resources.indicator')} value={data.indicator} />
      </div>
      {readOnly ? null : (
        <form
          className="card"
          noValidate
          onSubmit={handleSubmit(({ name, accessTokenTtl }) => save.mutate({ name: name.trim(), accessTokenTtl: Number(accessTokenTtl) }))}
        >
          <h2>{t('resources.settings')}</h2>
          <Field id="resource-edit-name" label={t('resources.name')} error={formState.errors.name}>
            <input
              id="resource-edit-name"
              {...register('name', { validate: (value) => value.trim().length > 0 || t('common.required') })}
            />
          </Field>
          <Field id="resource-ttl" label={t('resources.token_ttl')} error={formState.errors.accessTokenTtl}>
            <input
              id="resource-ttl"
              type="number"
              min={1}
              {...register('accessTokenTtl', { validate: (value) => Number(value) >= 1 || t('resources.token_ttl_invalid') })}
            />
          </Field>
          <label className="checkbox">
            <input type="checkbox" checked={data.isDefault} onChange={(event) => setDefault.mutate(event.target.checked)} />
            <span>{t('resources.default_label')}</span>
          </label>
          {formState.errors.root?.server ? (
            <p role="alert" className="error">
              {formState.errors.root.server.message}
            </p>
          ) : null}
          <div className="actions">
            <button type="submit" disabled={!formState.isDirty || save.isPending}>
              {t('common.save')}
            </button>
          </div>
        </form>
      )}
      <ResourcePermissions resourceId={id} readOnly={readOnly} />
      <ConfirmDialog
        open={deleting}
        onOpenChange={setDeleting}
        title={t('resources.delete_title')}
        message={t('resources.delete_text', { name: data.name })}
        confirmText={data.name}
        actionLabel={t('common.delete')}
        onConfirm={async () => {
          await api.delete(`/api/resources/${id}`);
          await queryClient.invalidateQueries({ queryKey: ['resources'] });
          navigate('/api-resources', { replace: true });
        }}
      />
    </section>
  );
}
