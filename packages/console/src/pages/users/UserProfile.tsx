import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { UpdateUserBody, UserResponse } from '@idp/schemas';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { useApi } from '../../api/use-api.ts';
import { describedBy, Field } from '../../components/Field.tsx';
import { showUserError } from './user-errors.ts';
import { discardEdits, keepEdits } from '../../components/form-reset.ts';

type Form = { name: string; username: string; primaryEmail: string; primaryPhone: string; avatar: string };
const fields = ['name', 'username', 'primaryEmail', 'primaryPhone', 'avatar'] as const;

const formOf = (user: UserResponse): Form => ({
  name: user.name ?? '',
  username: user.username ?? '',
  primaryEmail: user.primaryEmail ?? '',
  primaryPhone: user.primaryPhone ?? '',
  avatar: user.avatar ?? '',
});

/** Name, identifiers and avatar; an emptied field is cleared (Logto reads '' as null). */
export function UserProfile({ user }: { user: UserResponse }) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const { register, handleSubmit, reset, setError, formState } = useForm<Form>({ values: formOf(user), resetOptions: keepEdits });
  const { errors, isDirty, dirtyFields } = formState;
  const save = useMutation({
    mutationFn: (body: UpdateUserBody) => api.patch<UserResponse>(`/api/users/${user.id}`, body),
    onSuccess: (saved) => {
      queryClient.setQueryData(['user', user.id], saved);
      void queryClient.invalidateQueries({ queryKey: ['users'] });
      reset(formOf(saved), discardEdits);
      toast.success(t('common.saved'));
    },
    onError: (error) => showUserError(error, setError, [...fields]),
  });
  const labels: Record<(typeof fields)[number], string> = {
    name: t('users.name'),
    username: t('users.username'),
    primaryEmail: t('users.email'),
    primaryPhone: t('users.phone'),
    avatar: t('users.avatar'),
  };
  const types: Partial<Record<(typeof fields)[number], string>> = { primaryEmail: 'email', primaryPhone: 'tel', avatar: 'url' };

  return (
    <form
      className="card"
      noValidate
      aria-labelledby="user-profile-title"
      onSubmit={handleSubmit((values) =>
        // Only what changed is sent, so an untouched field never trips a uniqueness check.
        save.mutate(Object.fromEntries(fields.filter((name) => dirtyFields[name]).map((name) => [name, values[name].trim()]))),
      )}
    >
      <h2 id="user-profile-title">{t('users.profile')}</h2>
      {fields.map((name) => (
        <Field key={name} id={`profile-${name}`} label={labels[name]} error={errors[name]}>
          <input
            id={`profile-${name}`}
            type={types[name] ?? 'text'}
            autoComplete="off"
            aria-invalid={Boolean(errors[name])}
            aria-describedby={describedBy(`profile-${name}`, errors[name])}
            {...register(name)}
          />
        </Field>
      ))}
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
