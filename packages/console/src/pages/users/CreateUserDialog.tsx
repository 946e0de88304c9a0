import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateUserBody, UserResponse } from '@idp/schemas';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { toast } from 'sonner';
import { useApi } from '../../api/use-api.ts';
import { showUserError } from './user-errors.ts';
import { Modal } from '../../components/Modal.tsx';
import { emptyNewUser, filledFields, newUserInput, type NewUserForm } from './new-user-form.tsx';
import { generatePassword, userLabel } from './password.ts';
import { PasswordDialog } from './PasswordDialog.tsx';

type Form = NewUserForm;
const empty = emptyNewUser;
const fields = ['username', 'primaryEmail', 'primaryPhone', 'name'] as const;

type Props = { open: boolean; onOpenChange: (open: boolean) => void };

/** A new user with a generated password, shown once; then the user's page. */
export function CreateUserDialog({ open, onOpenChange }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<{ id: string; password: string }>();
  const { register, handleSubmit, reset, setError, formState } = useForm<Form>({ defaultValues: empty });
  const { errors } = formState;
  const create = useMutation({
    mutationFn: (body: CreateUserBody) => api.post<UserResponse>('/api/users', body),
    onSuccess: async (user, body) => {
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      toast.success(t('users.created', { name: userLabel(user) }));
      reset(empty);
      onOpenChange(false);
      setCreated({ id: user.id, password: body.password ?? '' });
    },
    onError: (error) => showUserError(error, setError, [...fields]),
  });
  const input = newUserInput('user', register, errors);

  return (
    <>
      <Modal open={open} onOpenChange={onOpenChange} title={t('users.create_title')} description={t('users.create_text')}>
        <form
          noValidate
          onSubmit={handleSubmit((values) => {
            const body = filledFields(values, fields);
            if (!body.username && !body.primaryEmail && !body.primaryPhone) {
              setError('username', { type: 'required', message: t('users.identifier_required') });
              return;
            }
            create.mutate({ ...body, password: generatePassword() });
          })}
        >
          {input('username', t('users.username'))}
          {input('primaryEmail', t('users.email'), 'email')}
          {input('primaryPhone', t('users.phone'), 'tel')}
          {input('name', t('users.name'))}
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
              {t('users.create_action')}
            </button>
          </div>
        </form>
      </Modal>
      <PasswordDialog
        password={created?.password}
        onClose={() => {
          const id = created?.id;
          setCreated(undefined);
          if (id) navigate(`/users/${id}`);
        }}
      />
    </>
  );
}
