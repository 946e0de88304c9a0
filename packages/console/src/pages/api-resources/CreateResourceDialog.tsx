import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateResourceBody, ResourceWithScopesResponse } from '@idp/schemas';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { toast } from 'sonner';
import { useApi } from '../../api/use-api.ts';
import { describedBy, Field } from '../../components/Field.tsx';
import { showApiError } from '../../components/form.ts';
import { Modal } from '../../components/Modal.tsx';

type Form = { name: string; indicator: string };

const isAbsoluteUri = (value: string) => {
  try {
    return Boolean(new URL(value).protocol);
  } catch {
    return false;
  }
};

export function CreateResourceDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { register, handleSubmit, reset, setError, formState } = useForm<Form>({ defaultValues: { name: '', indicator: '' } });
  const { errors } = formState;
  const create = useMutation({
    mutationFn: (body: CreateResourceBody) => api.post<ResourceWithScopesResponse>('/api/resources', body),
    onSuccess: async (resource) => {
      await queryClient.invalidateQueries({ queryKey: ['resources'] });
      toast.success(t('resources.created', { name: resource.name }));
      reset();
      onOpenChange(false);
      navigate(`/api-resources/${resource.id}`);
    },
    onError: (error) => showApiError(error, setError, ['name', 'indicator']),
  });
  return (
    <Modal open={open} onOpenChange={onOpenChange} title={t('resources.create_title')} description={t('resources.create_text')}>
      <form noValidate onSubmit={handleSubmit(({ name, indicator }) => create.mutate({ name: name.trim(), indicator: indicator.trim() }))}>
        <Field id="resource-name" label={t('resources.name')} error={errors.name}>
          <input
            id="resource-name"
            aria-invalid={Boolean(errors.name)}
            aria-describedby={describedBy('resource-name', errors.name)}
            {...register('name', { validate: (value) => value.trim().length > 0 || t('common.required') })}
          />
        </Field>
        <Field id="resource-indicator" label={t('resources.indicator')} hint={t('resources.indicator_hint')} error={errors.indicator}>
          <input
            id="resource-indicator"
            placeholder="https://api.example.com"
            aria-invalid={Boolean(errors.indicator)}
            aria-describedby={describedBy('resource-indicator', errors.indicator) ?? 'resource-indicator-hint'}
            {...register('indicator', { validate: (value) => isAbsoluteUri(value.trim()) || t('resources.indicator_invalid') })}
          />
        </Field>
        {errors.root?.server ? (
          <p role="alert" className="error">
            {errors.root.server.message}
          </p>
        ) : null}
        <div className="actions">
          <button type="button" className="secondary" onClick={() => onOpenChange(false)}>
            {t('common.cancel')}
          </button>
          <button type="submit" disabled={create.isPending}>
            {t('resources.create_action')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
