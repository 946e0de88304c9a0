import { useMutation } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { ApiError } from '../../api/errors.ts';
import { useApi } from '../../api/use-api.ts';
import { describedBy, Field } from '../../components/Field.tsx';
import { showApiError } from '../../components/form.ts';

type Form = { current: string; next: string; confirm: string };
const empty: Form = { current: '', next: '', confirm: '' };

/**
 * The Me API changes a password only within minutes of verifying the current one, so a change is
 * two calls: verify, then set. A wrong current password is shown at its field.
 */
export function PasswordForm() {
  const { t } = useTranslation();
  const api = useApi('me');
  const { register, handleSubmit, reset, setError, formState } = useForm<Form>({ defaultValues: empty });
  const { errors } = formState;
  const change = useMutation({
    mutationFn: async ({ current, next }: Form) => {
      try {
        await api.post('/api/me/password/verify', { password: current });
      } catch (error) {
        // Marked so the error lands at the current password's field.
        throw error instanceof ApiError ? Object.assign(error, { data: { field: 'current' } }) : error;
      }
      await api.post('/api/me/password', { password: next });
    },
    onSuccess: () => {
      reset(empty);
      toast.success(t('profile.password_changed'));
    },
    onError: (error) => showApiError(error, setError, ['current', 'next']),
  });
  const input = (name: keyof Form, label: string, autoComplete: string, rules: Parameters<typeof register>[1]) => (
    <Field id={`password-${name}`} label={label} error={errors[name]}>
      <input
        id={`password-${name}`}
        type="password"
        autoComplete={autoComplete}
        aria-invalid={Boolean(errors[name])}
        aria-describedby={describedBy(`password-${name}`, errors[name])}
        {...register(name, rules)}
      />
    </Field>
  );

  return (
    <form className="card" aria-labelledby="profile-password" noValidate onSubmit={handleSubmit((form) => change.mutate(form))}>
      <h2 id="profile-password">{t('profile.password')}</h2>
      <p className="muted">{t('profile.password_text')}</p>
      {input('current', t('profile.current_password'), 'current-password', { required: t('common.required') })}
      {input('next', t('profile.new_password'), 'new-password', { required: t('common.required') })}
      {input('confirm', t('profile.confirm_password'), 'new-password', {
        required: t('common.required'),
        validate: (value, form) => value === form.next || t('profile.passwords_differ'),
      })}
      {errors.root?.server ? (
        <p role="alert" className="error">
          {errors.root.server.message}
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" disabled={change.isPending}>
          {t('profile.change_password')}
        </button>
      </div>
    </form>
  );
}
