import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ApplicationResponse, UpdateApplicationBody } from '@idp/schemas';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { useApi } from '../../api/use-api.ts';
import { describedBy, Field } from '../../components/Field.tsx';
import { showApiError } from '../../components/form.ts';
import { hasRedirects } from './types.ts';

type Form = {
  name: string;
  description: string;
  redirectUris: string;
  postLogoutRedirectUris: string;
  corsAllowedOrigins: string;
  backchannelLogoutUri: string;
  refreshTokenTtlInDays: string;
  idTokenTtl: string;
};

const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

const formOf = (app: ApplicationResponse): Form => ({
  name: app.name,
  description: app.description ?? '',
  redirectUris: app.oidcClientMetadata.redirectUris.join('\n'),
  postLogoutRedirectUris: app.oidcClientMetadata.postLogoutRedirectUris.join('\n'),
  corsAllowedOrigins: (app.customClientMetadata.corsAllowedOrigins ?? []).join('\n'),
  backchannelLogoutUri: app.oidcClientMetadata.backchannelLogoutUri ?? '',
  refreshTokenTtlInDays: String(app.customClientMetadata.refreshTokenTtlInDays ?? ''),
  idTokenTtl: String(app.customClientMetadata.idTokenTtl ?? ''),
});

export function ApplicationSettings({ application }: { application: ApplicationResponse }) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const { register, handleSubmit, reset, setError, formState } = useForm<Form>({ values: formOf(application) });
  const { errors, isDirty } = formState;
  const redirects = hasRedirects(application.type);

  const save = useMutation({
    mutationFn: (body: UpdateApplicationBody) => api.patch<ApplicationResponse>(`/api/applications/${application.id}`, body),
    onSuccess: (saved) => {
      queryClient.setQueryData(['application', application.id], saved);
      void queryClient.invalidateQueries({ queryKey: ['applications'] });
      reset(formOf(saved));
      toast.success(t('common.saved'));
    },
    onError: (error) =>
      showApiError(error, setError, [
        'name',
        'description',
        'redirectUris',
        'postLogoutRedirectUris',
        'corsAllowedOrigins',
        'backchannelLogoutUri',
      ]),
  });

  const submit = handleSubmit((form) => {
    const days = form.refreshTokenTtlInDays.trim();
    const idTokenSeconds = form.idTokenTtl.trim();
    save.mutate({
      name: form.name.trim(),
      description: form.description.trim() || null,
      ...(redirects
        ? {
            oidcClientMetadata: {
              redirectUris: lines(form.redirectUris),
              postLogoutRedirectUris: lines(form.postLogoutRedirectUris),
              ...(form.backchannelLogoutUri.trim() ? { backchannelLogoutUri: form.backchannelLogoutUri.trim() } : {}),
            },
          }
        : {}),
      customClientMetadata: {
        ...application.customClientMetadata,
        corsAllowedOrigins: lines(form.corsAllowedOrigins),
        ...(days ? { refreshTokenTtlInDays: Number(days) } : {}),
        ...(idTokenSeconds ? { idTokenTtl: Number(idTokenSeconds) } : {}),
      },
    });
  });

  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="settings-title">
      <h2 id="settings-title">{t('applications.settings')}</h2>
      <Field id="settings-name" label={t('applications.name')} error={errors.name}>
        <input
          id="settings-name"
          aria-invalid={Boolean(errors.name)}
          aria-describedby={describedBy('settings-name', errors.name)}
          {...register('name', { validate: (value) => value.trim().length > 0 || t('common.required') })}
        />
      </Field>
      <Field id="settings-description" label={t('applications.description')} error={errors.description}>
        <input id="settings-description" {...register('description')} />
      </Field>
      {redirects ? (
        <>
          <Field
            id="settings-redirects"
            label={t('applications.redirect_uris')}
            hint={t('applications.one_per_line')}
            error={errors.redirectUris}
          >
            <textarea id="settings-redirects" rows={3} aria-describedby="settings-redirects-hint" {...register('redirectUris')} />
          </Field>
          <Field
            id="settings-post-logout"
            label={t('applications.post_logout_uris')}
            hint={t('applications.one_per_line')}
            error={errors.postLogoutRedirectUris}
          >
            <textarea id="settings-post-logout" rows={2} {...register('postLogoutRedirectUris')} />
          </Field>
          <Field id="settings-backchannel" label={t('applications.backchannel_logout_uri')} error={errors.backchannelLogoutUri}>
            <input id="settings-backchannel" {...register('backchannelLogoutUri')} />
          </Field>
        </>
      ) : null}
      <Field
        id="settings-cors"
        label={t('applications.cors_origins')}
        hint={t('applications.one_per_line')}
        error={errors.corsAllowedOrigins}
      >
        <textarea id="settings-cors" rows={2} {...register('corsAllowedOrigins')} />
      </Field>
      <Field id="settings-refresh-ttl" label={t('applications.refresh_token_days')} error={errors.refreshTokenTtlInDays}>
        <input
          id="settings-refresh-ttl"
          type="number"
          min={1}
          max={90}
          {...register('refreshTokenTtlInDays', {
            validate: (value) => value === '' || (Number(value) >= 1 && Number(value) <= 90) || t('applications.refresh_token_days_range'),
          })}
        />
      </Field>
      <Field
        id="settings-id-token-ttl"
        label={t('applications.id_token_ttl')}
        hint={t('applications.token_lifetimes_hint')}
        error={errors.idTokenTtl}
      >
        <input
          id="settings-id-token-ttl"
          type="number"
          min={60}
          max={86_400}
          aria-describedby="settings-id-token-ttl-hint"
          {...register('idTokenTtl', {
            validate: (value) =>
              value === '' ||
              (Number.isInteger(Number(value)) && Number(value) >= 60 && Number(value) <= 86_400) ||
              t('applications.id_token_ttl_range'),
          })}
        />
      </Field>
      {errors.root?.server ? (
        <p role="alert" className="error">
          {errors.root.server.message}
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" disabled={!isDirty || save.isPending}>
          {t('common.save')}
        </button>
      </div>
    </form>
  );
}
