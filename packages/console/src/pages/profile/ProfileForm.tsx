import type { MeResponse, UpdateMeBody } from '@idp/schemas';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { useApi } from '../../api/use-api.ts';
import { describedBy, Field } from '../../components/Field.tsx';
import { showApiError } from '../../components/form.ts';
import { discardEdits, keepEdits } from '../../components/form-reset.ts';

type Form = { name: string; username: string; avatar: string };
const fields = ['name', 'username', 'avatar'] as const;
const isWebUrl = (value: string) => {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
};

/** Name, username and avatar URL; an empty name or avatar clears it. */
export function ProfileForm({ me }: { me: MeResponse }) {
  const { t } = useTranslation();
  const api = useApi('me');
  const queryClient = useQueryClient();
  const values = { name: me.name ?? '', username: me.username ?? '', avatar: me.avatar ?? '' };
  const { register, handleSubmit, reset, setError, formState } = useForm<Form>({ values, resetOptions: keepEdits });
  const { errors, isDirty } = formState;
  const save = useMutation({
    mutationFn: (body: UpdateMeBody) => api.patch<MeResponse>('/api/me', body),
    onSuccess: (saved) => {
      queryClient.setQueryData(['me'], (previous: MeResponse | undefined) => ({ ...previous, ...saved }));
      void queryClient.invalidateQueries({ queryKey: ['administrators'] });
      reset({ name: saved.name ?? '', username: saved.username ?? '', avatar: saved.avatar ?? '' }, discardEdits);
      toast.success(t('profile.saved'));
    },
    onError: (error) => showApiError(error, setError, [...fields]),
  });
  const input = (name: (typeof fields)[number], label: string, options: { hint?: string; required?: boolean } = {}) => (
    <Field id={`profile-${name}`} label={label} error={errors[name]} hint={options.hint}>
      <input
        id={`profile-${name}`}
        type={name === 'avatar' ? 'url' : 'text'}
        autoComplete={name === 'username' ? 'username' : name === 'name' ? 'name' : 'off'}
        aria-invalid={Boolean(errors[name])}
        aria-describedby={[options.hint ? `profile-${name}-hint` : undefined, describedBy(`profile-${name}`, errors[name])]
          .filter(Boolean)
          .join(' ')}
        {...register(name, {
          ...(options.required ? { required: t('common.required') } : {}),
          ...(name === 'avatar'
            ? { validate: (value: string) => value.trim() === '' || isWebUrl(value.trim()) || t('profile.avatar_invalid') }
            : {}),
        })}
      />
    </Field>
  );

  return (
    <form
      className="card"
      aria-labelledby="profile-details"
      noValidate
      onSubmit={handleSubmit((form) => {
        // Only what changed is sent, so an untouched username is not checked again.
        const body: UpdateMeBody = {};
        if (form.name.trim() !== values.name) body.name = form.name.trim() || null;
        if (form.username.trim() !== values.username) body.username = form.username.trim();
        if (form.avatar.trim() !== values.avatar) body.avatar = form.avatar.trim() || null;
        save.mutate(body);
      })}
    >
      <h2 id="profile-details">{t('profile.details')}</h2>
      {me.avatar ? <img className="avatar" src={me.avatar} alt={t('profile.avatar_alt')} width={64} height={64} /> : null}
      {input('name', t('profile.name'))}
      {input('username', t('profile.username'), { required: me.username !== null })}
      {input('avatar', t('profile.avatar'), { hint: t('profile.avatar_hint') })}
      <div className="field">
        <span>{t('profile.email')}</span>
        <span>{me.primaryEmail ?? t('profile.no_email')}</span>
      </div>
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
