import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ApplicationResponse, CreateApplicationBody } from '@idp/schemas';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { toast } from 'sonner';
import { useApi } from '../../api/use-api.ts';
import { describedBy, Field } from '../../components/Field.tsx';
import { showApiError } from '../../components/form.ts';
import { Modal } from '../../components/Modal.tsx';
import { creatableKinds, kindToBody, type CreatableKind } from './types.ts';

type Form = { name: string; description: string; kind: CreatableKind; subDomain: string; origin: string };

export function CreateApplicationDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { register, handleSubmit, watch, reset, setError, formState } = useForm<Form>({
    defaultValues: { name: '', description: '', kind: 'SPA', subDomain: '', origin: '' },
  });
  const { errors } = formState;
  const kind = watch('kind');

  const create = useMutation({
    mutationFn: (body: CreateApplicationBody) => api.post<ApplicationResponse>('/api/applications', body),
    onSuccess: async (app) => {
      await queryClient.invalidateQueries({ queryKey: ['applications'] });
      toast.success(t('applications.created', { name: app.name }));
      reset();
      onOpenChange(false);
      navigate(`/applications/${app.id}`);
    },
    onError: (error) => showApiError(error, setError, ['name', 'description', 'subDomain', 'origin']),
  });

  const submit = handleSubmit(({ name, description, kind: chosen, subDomain, origin }) => {
    create.mutate({
      name: name.trim(),
      ...(description.trim() ? { description: description.trim() } : {}),
      ...kindToBody(chosen),
      ...(chosen === 'Protected' ? { protectedAppMetadata: { subDomain: subDomain.trim(), origin: origin.trim() } } : {}),
    });
  });

  return (
    <Modal open={open} onOpenChange={onOpenChange} title={t('applications.create_title')} description={t('applications.create_text')}>
      <form onSubmit={submit} noValidate>
        <fieldset className="kinds">
          <legend>{t('applications.type')}</legend>
          {creatableKinds.map((option) => (
            <label key={option} className="kind">
              <input type="radio" value={option} {...register('kind')} />
              <span>
                <strong>{t(`applications.types.${option}`)}</strong>
                <small className="muted">{t(`applications.type_hints.${option}`)}</small>
              </span>
            </label>
          ))}
        </fieldset>
        <Field id="app-name" label={t('applications.name')} error={errors.name}>
          <input
            id="app-name"
            aria-invalid={Boolean(errors.name)}
            aria-describedby={describedBy('app-name', errors.name)}
            {...register('name', { validate: (value) => value.trim().length > 0 || t('common.required') })}
          />
        </Field>
        <Field id="app-description" label={t('applications.description')} error={errors.description}>
          <input id="app-description" {...register('description')} />
        </Field>
        {kind === 'Protected' ? (
          <>
            <Field id="app-subdomain" label={t('applications.subdomain')} error={errors.subDomain}>
              <input id="app-subdomain" {...register('subDomain', { required: t('common.required') })} />
            </Field>
            <Field id="app-origin" label={t('applications.origin')} error={errors.origin}>
              <input id="app-origin" placeholder="https://example.com" {...register('origin', { required: t('common.required') })} />
            </Field>
          </>
        ) : null}
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
            {t('applications.create_action')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
