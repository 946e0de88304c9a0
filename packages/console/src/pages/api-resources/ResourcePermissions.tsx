import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateScopeBody, ScopeResponse } from '@idp/schemas';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/use-api.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { Field } from '../../components/Field.tsx';
import { showApiError } from '../../components/form.ts';
import { EditPermissionDialog } from './EditPermissionDialog.tsx';

type Form = { name: string; description: string };

export function ResourcePermissions({ resourceId, readOnly }: { resourceId: string; readOnly: boolean }) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const key = ['resource-scopes', resourceId];
  const [removing, setRemoving] = useState<ScopeResponse>();
  const [editing, setEditing] = useState<ScopeResponse>();
  const scopes = useQuery({
    queryKey: key,
    queryFn: () => api.page<ScopeResponse>(`/api/resources/${resourceId}/scopes`, { page: 1, page_size: 100 }),
  });
  const { register, handleSubmit, reset, setError, formState } = useForm<Form>({ defaultValues: { name: '', description: '' } });
  const add = useMutation({
    mutationFn: (body: CreateScopeBody) => api.post<ScopeResponse>(`/api/resources/${resourceId}/scopes`, body),
    onSuccess: async () => {
      reset();
      await queryClient.invalidateQueries({ queryKey: key });
    },
    onError: (error) => showApiError(error, setError, ['name', 'description']),
  });

  return (
    <section className="card" aria-labelledby="permissions-title">
      <h2 id="permissions-title">{t('resources.permissions')}</h2>
      <table className="table" aria-labelledby="permissions-title">
        <thead>
          <tr>
            <th scope="col">{t('resources.permission_name')}</th>
            <th scope="col">{t('resources.permission_description')}</th>
            {readOnly ? null : <th scope="col">{t('common.actions')}</th>}
          </tr>
        </thead>
        <tbody>
          {(scopes.data?.items ?? []).map((scope) => (
            <tr key={scope.id}>
              <td>
                <code>{scope.name}</code>
              </td>
              <td>{scope.description}</td>
              {readOnly ? null : (
                <td className="row-actions">
                  <button
                    type="button"
                    className="secondary"
                    aria-label={t('resources.permission_edit_label', { name: scope.name })}
                    onClick={() => setEditing(scope)}
                  >
                    {t('common.edit')}
                  </button>
                  <button type="button" className="danger" onClick={() => setRemoving(scope)}>
                    {t('common.remove')}
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {readOnly ? null : (
        <form
          className="inline"
          noValidate
          onSubmit={handleSubmit(({ name, description }) => add.mutate({ name: name.trim(), description: description.trim() || null }))}
        >
          <Field id="permission-name" label={t('resources.permission_name')} error={formState.errors.name}>
            <input
              id="permission-name"
              placeholder="read:items"
              {...register('name', { validate: (value) => /^\S+$/.test(value.trim()) || t('resources.permission_name_invalid') })}
            />
          </Field>
          <Field id="permission-description" label={t('resources.permission_description')} error={formState.errors.description}>
            <input id="permission-description" {...register('description')} />
          </Field>
          <button type="submit" disabled={add.isPending}>
            {t('resources.permission_add')}
          </button>
          {formState.errors.root?.server ? (
            <p role="alert" className="error">
              {formState.errors.root.server.message}
            </p>
          ) : null}
        </form>
      )}
      <EditPermissionDialog
        resourceId={resourceId}
        scope={editing}
        onClose={() => setEditing(undefined)}
        onSaved={() => queryClient.invalidateQueries({ queryKey: key })}
      />
      <ConfirmDialog
        open={removing !== undefined}
        onOpenChange={(open) => !open && setRemoving(undefined)}
        title={t('resources.permission_remove_title')}
        message={t('resources.permission_remove_text', { name: removing?.name })}
        actionLabel={t('common.remove')}
        onConfirm={async () => {
          await api.delete(`/api/resources/${resourceId}/scopes/${removing?.id}`);
          await queryClient.invalidateQueries({ queryKey: key });
        }}
      />
    </section>
  );
}
