import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { RoleResponse, UpdateRoleBody } from '@idp/schemas';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { useApi } from '../../api/use-api.ts';
import { describedBy, Field } from '../../components/Field.tsx';
import { showApiError } from '../../components/form.ts';

type Form = { name: string; description: string; isDefault: boolean };

const formOf = (role: RoleResponse): Form => ({ name: role.name, description: role.description, isDefault: role.isDefault });

/** Name, description and, for user roles, whether every new user gets the role (Logto's default roles). */
export function RoleSettings({ role }: { role: RoleResponse }) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const { register, handleSubmit, reset, setError, formState } = useForm<Form>({ values: formOf(role) });
  const { errors, isDirty } = formState;
  const save = useMutation({
    mutationFn: (body: UpdateRoleBody) => api.patch<RoleResponse>(`/api/roles/${role.id}`, body),
    onSuccess: (saved) => {
      queryClient.setQueryData(['role', role.id], saved);
      void queryClient.invalidateQueries({ queryKey: ['roles'] });
      reset(formOf(saved));
      toast.success(t('common.saved'));
    },
    onError: (error) => showApiError(error, setError, ['name', 'description']),
  });
  const required = (value: string) => value.trim().length > 0 || t('common.required');

  return (
    <form
      className="card"
      noValidate
      aria-labelledby="role-settings-title"
      onSubmit={handleSubmit(({ name, description, isDefault }) =>
        save.mutate({
          name: name.trim(),
          description: description.trim(),
          ...(role.type === 'User' ? { isDefault } : {}),
        }),
      )}
    >
      <h2 id="role-settings-title">{t('roles.settings')}</h2>
      <Field id="role-name" label={t('roles.name')} error={errors.name}>
        <input
          id="role-name"
          aria-invalid={Boolean(errors.name)}
          aria-describedby={describedBy('role-name', errors.name)}
          {...register('name', { validate: required })}
        />
      </Field>
      <Field id="role-description" label={t('roles.description')} error={errors.description}>
        <input
          id="role-description"
          aria-invalid={Boolean(errors.description)}
          aria-describedby={describedBy('role-description', errors.description)}
          {...register('description', { validate: required })}
        />
      </Field>
      {role.type === 'User' ? (
        <label className="checkbox">
          <input type="checkbox" {...register('isDefault')} />
          {t('roles.default_label')}
        </label>
      ) : null}
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
