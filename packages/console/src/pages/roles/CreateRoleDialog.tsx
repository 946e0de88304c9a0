import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateRoleBody, RoleResponse } from '@idp/schemas';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { toast } from 'sonner';
import { useApi } from '../../api/use-api.ts';
import { describedBy, Field } from '../../components/Field.tsx';
import { showApiError } from '../../components/form.ts';
import { Modal } from '../../components/Modal.tsx';

type RoleType = NonNullable<CreateRoleBody['type']>;
type Form = { name: string; description: string; type: RoleType };

type Props = { open: boolean; onOpenChange: (open: boolean) => void; defaultType: RoleType };

export function CreateRoleDialog({ open, onOpenChange, defaultType }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { register, handleSubmit, reset, setError, formState } = useForm<Form>({
    values: { name: '', description: '', type: defaultType },
  });
  const { errors } = formState;
  const create = useMutation({
    mutationFn: (body: CreateRoleBody) => api.post<RoleResponse>('/api/roles', body),
    onSuccess: async (role) => {
      await queryClient.invalidateQueries({ queryKey: ['roles'] });
      toast.success(t('roles.created', { name: role.name }));
      reset();
      onOpenChange(false);
      navigate(`/roles/${role.id}`);
    },
    onError: (error) => showApiError(error, setError, ['name', 'description']),
  });
  const required = (value: string) => value.trim().length > 0 || t('common.required');
  return (
    <Modal open={open} onOpenChange={onOpenChange} title={t('roles.create_title')}>
      <form
        noValidate
        onSubmit={handleSubmit(({ name, description, type }) =>
          create.mutate({ name: name.trim(), description: description.trim(), type }),
        )}
      >
        <fieldset className="kinds">
          <legend>{t('roles.type')}</legend>
          {(['User', 'MachineToMachine'] as const).map((option) => (
            <label key={option} className="kind">
              <input type="radio" value={option} {...register('type')} />
              <span>{t(`roles.types.${option}`)}</span>
            </label>
          ))}
        </fieldset>
        <Field id="role-name" label={t('roles.name')} error={errors.name}>
          <input
            id="role-name"
            aria-invalid={Boolean(errors.name)}
            aria-describedby={describedBy('role-name', errors.name)}
            {...register('name', { validate: required })}
          />
        </Field>
        <Field id="role-description" label={t('roles.description')} error={errors.description}>
          <input id="role-description" {...register('description', { validate: required })} />
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
            {t('roles.create_action')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
